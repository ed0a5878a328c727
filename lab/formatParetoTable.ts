import type { Evaluation } from './searchTunables.ts'

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  )

const formatNumber = (v: number | null) => (v === null ? 'n/a' : Number(v.toPrecision(4)).toString())

/**
 * The Pareto front of a tune as an HTML section for report.html: one row per setting that no
 * other evaluated setting beats on both cost (lower) and safety margin (higher), cheapest first,
 * one column per tuned parameter, with the best safe setting marked. Every text is escaped, so
 * the fragment can go into the page as it is.
 */
export function formatParetoTable(input: {
  objective: string
  /** The tune looked for the largest objective (tune.maximize). */
  maximize?: boolean
  pareto: readonly Evaluation[]
  best: Evaluation | null
}): string {
  const { objective, pareto, best } = input
  const better = input.maximize ? 'higher' : 'lower'
  const first = input.maximize ? 'largest first' : 'cheapest first'
  const title = `<h2>Pareto front: ${escapeHtml(objective)} against safety margin</h2>`
  if (pareto.length === 0) {
    return `<section data-table="pareto">${title}<p class="note">No evaluated setting had both a defined ${escapeHtml(objective)} and a defined margin.</p></section>`
  }
  const paths = [...new Set(pareto.flatMap((e) => Object.keys(e.params)))]
  const head = [...paths, objective, 'smallest invariant margin', 'verdict']
    .map((h) => `<th>${escapeHtml(h)}</th>`)
    .join('')
  const rows = pareto.map((e) => {
    const cells = [
      ...paths.map((p) => (e.params[p] === undefined ? '' : String(e.params[p]))),
      formatNumber(e.objective),
      formatNumber(e.margin),
      `${e.safe ? 'safe' : 'unsafe'}${e === best ? ' (best)' : ''}`,
    ]
    return `<tr${e === best ? ' class="best"' : ''}>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`
  })
  return [
    `<section data-table="pareto">${title}`,
    '<table class="pareto">',
    `<thead><tr>${head}</tr></thead>`,
    `<tbody>\n${rows.join('\n')}\n</tbody>`,
    '</table>',
    `<p class="note">Settings no other evaluated setting beats on both ${escapeHtml(objective)} (${better}) and margin (higher), ${first}. A negative margin means an invariant is violated.</p>`,
    '</section>',
  ].join('\n')
}
