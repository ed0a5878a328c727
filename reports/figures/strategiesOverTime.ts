import type { SweepRecord } from '../writeRunFolder.ts'
import type { Figure, FigureContext } from './figureContext.ts'

const TITLE = 'Strategies over time'
const CHEAT = '#d62728'
const CHECK = '#1f77b4'
/** A sweep gets one figure per point up to this many; the caption of the last says how many more. */
const MAX_POINTS = 8

/**
 * Rational hosts' mean cheat probability and rational verifiers' mean check probability against
 * virtual time, with the configured game's equilibrium as dashed lines where it has one in closed
 * form (sim/strategy/equilibriumOf), or its reason why not in the caption: one figure for each
 * sweep point's first run with learners (its equilibrium is the point's own), at most MAX_POINTS.
 * No figure for runs without rational agents.
 */
export function strategiesOverTime(ctx: FigureContext): Figure[] {
  const firsts = new Map<number, SweepRecord>()
  for (const r of ctx.records) if (r.strategies && !firsts.has(r.point)) firsts.set(r.point, r)
  const shown = [...firsts.values()].sort((a, b) => a.point - b.point).slice(0, MAX_POINTS)
  const more = firsts.size - shown.length
  return shown.map((record, i) => {
    const figure = figureOf(ctx, record, firsts.size > 1)
    if (more > 0 && i === shown.length - 1)
      figure.caption = `${figure.caption} (${more} more sweep points have strategies in strategies.csv.)`
    return figure
  })
}

function figureOf(ctx: FigureContext, record: SweepRecord, perPoint: boolean): Figure {
  const strategies = record.strategies as NonNullable<SweepRecord['strategies']>
  const { rows, equilibrium: closed, threshold } = strategies
  const times = rows.map((r) => r.t)
  const end = times.at(-1) ?? 0
  const data: object[] = []
  const line = (name: string, y: (number | null)[], color: string) =>
    data.push({ type: 'scatter', mode: 'lines', name, x: times, y, line: { color } })
  const hasCheat = rows.some((r) => r.cheat !== null)
  const hasCheck = rows.some((r) => r.check !== null)
  if (hasCheat)
    line(
      'cheat probability (rational hosts)',
      rows.map((r) => r.cheat),
      CHEAT,
    )
  if (hasCheck)
    line(
      'check probability (rational verifiers)',
      rows.map((r) => r.check),
      CHECK,
    )
  const dashed = (name: string, y: number, color: string) =>
    data.push({
      type: 'scatter',
      mode: 'lines',
      name,
      x: [0, end],
      y: [y, y],
      line: { color, dash: 'dash' },
    })
  if (closed && hasCheat) dashed(`equilibrium cheat p* = ${round(closed.cheat)}`, closed.cheat, CHEAT)
  if (closed && hasCheck) dashed(`equilibrium check q*/p = ${round(closed.check)}`, closed.check, CHECK)
  const q =
    threshold === null
      ? ''
      : ` The check probability below which cheating pays is q* = g ÷ (f + P) = ${round(threshold)}.`
  const about = closed
    ? `Dashed: the inspection game's equilibrium of the configured terms (hosts cheat with p* = c ÷ R; verifiers given a result check it with q* ÷ p).${q}`
    : `No dashed equilibrium: ${strategies.reason ?? 'none in closed form'}.${q}`
  const params = Object.entries(record.params)
    .map(([path, value]) => `${path} = ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
    .join(', ')
  return {
    id: perPoint ? `strategies-${record.point}` : 'strategies',
    title: perPoint ? `${TITLE}: point ${record.point}${params ? ` (${params})` : ''}` : TITLE,
    data,
    layout: {
      xaxis: { title: { text: 'virtual time (s)' } },
      yaxis: { title: { text: 'probability' }, range: [0, 1] },
    },
    caption: `How the learners' play moved during run ${record.point}-${record.replicate}: the mean over rational hosts' learners (one per job fee) of the probability of cheating, and the mean over rational verifiers of the probability of checking a result they are given. ${about}${ctx.modeled}`,
  }
}

function round(x: number): string {
  return Number(x.toPrecision(3)).toString()
}
