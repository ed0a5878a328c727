import type { DetectionRow } from './tabulateDetection.ts'

const cell = (v: number | null, digits = 3) => (v === null ? '—' : Number(v.toPrecision(digits)).toString())

/**
 * The per-cheat table of a detection sweep as Markdown, the form the README quotes: tokens to
 * detect, detection rate, false slashes and bad results that reached finality, per point.
 */
export function formatDetectionTable(rows: readonly DetectionRow[]): string {
  const lines = [
    '| cheat | runs | tokens to detect | detection rate | bad results | bad results final | honest results | false slashes |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${[
          r.cheat ?? 'none (honest only)',
          r.runs,
          cell(r.tokensToDetect),
          cell(r.detectionRate),
          r.badResults,
          r.badFinal,
          r.honestResults,
          r.falseSlashes,
        ].join(' | ')} |`,
    ),
  ]
  return `${lines.join('\n')}\n`
}
