import type { FigureContext } from '../figures/figureContext.ts'
import { perTokenRatios } from '../figures/perTokenRatios.ts'

/**
 * A decoder sweep's answer in numbers: per mode, verification ÷ generation compute per token at
 * the shortest and the longest output, for the smallest and the largest decoder size.
 */
export function llmOverheadAnswer(ctx: FigureContext): string[] {
  const ratios = perTokenRatios(ctx.records)
  if (!ratios) return []
  const modes = ratios.modes.flatMap(({ mode, lines }) => {
    const ends = [...new Set([lines[0], lines.at(-1)])].filter((l) => l !== undefined)
    const parts = ends.flatMap((line) => {
      const first = line.points[0]
      const last = line.points.at(-1)
      if (!first || !last) return []
      return [
        first === last
          ? `${line.decoder} ${fmt(first.ratio)} at ${fmt(first.tokens)} tokens`
          : `${line.decoder} ${fmt(first.ratio)} at ${fmt(first.tokens)} tokens → ${fmt(last.ratio)} at ${fmt(last.tokens)}`,
      ]
    })
    return parts.length ? [`${mode}: ${parts.join(', ')}`] : []
  })
  if (modes.length === 0) return []
  const priced =
    ratios.modeled === 'none'
      ? `the real decoder priced on ${ratios.hardware.join(', ')}`
      : `${ratios.modeled === 'all' ? 'decoder sizes modeled' : 'some decoder sizes modeled'} by the roofline on ${ratios.hardware.join(', ')}; protocol, checks and settlement ran for real`
  return [
    `Verification ÷ generation compute per generated token (compute only, ${priced}): ${modes.join('; ')}.`,
  ]
}

function fmt(v: number): string {
  if (v === 0) return '0'
  return Math.abs(v) >= 1e4 || Math.abs(v) < 1e-2
    ? v.toExponential(1).replace('e+', 'e')
    : Number(v.toPrecision(3)).toString()
}
