import { ADOPTION_METRICS, type AdoptionRow } from './tabulateAdoption.ts'

const number = (v: number | null, digits = 3) => (v === null ? '—' : Number(v.toPrecision(digits)).toString())

const estimate = ({ mean, ci95 }: AdoptionRow['metrics'][keyof AdoptionRow['metrics']]) =>
  mean === null ? '—' : ci95 ? `${number(mean)} [${number(ci95[0])}, ${number(ci95[1])}]` : number(mean)

/**
 * A demand sweep's table as Markdown, one row per point: mode, model FLOPs, the network's price
 * per request against the centralized one, and each market metric as mean [95% CI].
 */
export function formatAdoptionTable(rows: readonly AdoptionRow[]): string {
  const lines = [
    `| mode | model FLOPs | network price | centralized price | runs | ${ADOPTION_METRICS.join(' | ')} |`,
    `|---|---|---|---|---|${ADOPTION_METRICS.map(() => '---|').join('')}`,
    ...rows.map(
      (r) =>
        `| ${[
          r.mode,
          r.flops ?? '—',
          number(r.networkPrice, 4),
          number(r.centralPrice, 4),
          r.runs,
          ...ADOPTION_METRICS.map((name) => estimate(r.metrics[name])),
        ].join(' | ')} |`,
    ),
  ]
  return `${lines.join('\n')}\n`
}
