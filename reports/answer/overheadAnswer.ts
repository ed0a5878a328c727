import { type FigureContext, groupPoints, splittingPaths } from '../figures/figureContext.ts'
import { modeledCurvesOf } from '../figures/modeledCurvesOf.ts'

type Line = { label: string; at: Map<number, number> }

/**
 * The first question in numbers: each mode's verification overhead at the smallest and the
 * largest model, and the model sizes where two modes' lines cross (the cheaper mode changes),
 * then, where the headline figure draws the modeled curves (two sizes or more), their crossovers
 * from 1e6 to 1e12 parameters, marked modeled.
 */
export function overheadAnswer(ctx: FigureContext): string[] {
  const { points, paths, modeOf, flopsOf, modes } = ctx
  const groups = groupPoints(
    points,
    modeOf,
    splittingPaths(points, paths, (p) => flopsOf(p.point), modeOf),
    modes.length,
  )
  const lines: Line[] = groups.map((g) => ({
    // The mode is in a line's label only when modes vary: name it anyway, the answer stands alone.
    label: modes.length > 1 || !g.label ? g.label || g.mode : `${g.mode} (${g.label})`,
    at: new Map(
      g.points.flatMap((p) => {
        const m = p.metrics.verification_overhead.mean
        return m === null ? [] : [[flopsOf(p.point), m] as [number, number]]
      }),
    ),
  }))
  const sizes = [...new Set(points.map((p) => flopsOf(p.point)))].sort((a, b) => a - b)
  const small = sizes[0] as number
  const large = sizes.at(-1) as number
  const value = (l: Line, x: number) => {
    const v = l.at.get(x)
    return v === undefined ? 'no value' : fmt(v)
  }
  const modeled = modeledCurvesOf(ctx)
  const grounded = modeled
    ? [
        `MODELED, not measured (the dashed curves, from this scenario's protocol and prices, ${fmt(modeled.parameters[0] as number)} to ${fmt(modeled.parameters.at(-1) as number)} parameters): ${modeled.crossovers.map((c) => `from ${fmt(c.parameters)} parameters, ${c.mode} is cheapest`).join('; ')}.`,
      ]
    : []
  if (sizes.length < 2) {
    return [
      `Verification overhead (verification cost ÷ useful compute) at ${fmt(small)} FLOPs per inference: ${lines.map((l) => `${l.label} ${value(l, small)}`).join('; ')}. One model size cannot show how overhead changes as models grow: sweep model size for that (scenarios/library/overhead-vs-model-size.yaml).`,
    ]
  }
  const answer = [
    `Verification overhead (verification cost ÷ useful compute) from ${fmt(small)} to ${fmt(large)} FLOPs per inference: ${lines.map((l) => ([...l.at.values()].every((v) => v === 0) ? `${l.label} 0 (nothing verified)` : `${l.label} ${value(l, small)} → ${value(l, large)}`)).join('; ')}.`,
  ]
  const crossings = crossovers(lines, sizes)
  answer.push(
    crossings.length
      ? `Crossovers (the cheaper mode changes): ${crossings.join('; ')}.`
      : `No two modes' overhead lines cross between ${fmt(small)} and ${fmt(large)} FLOPs: cheapest first, ${ordered(lines, large).join(' < ')} at every size swept.`,
  )
  return [...answer, ...grounded]
}

/**
 * Where two lines swap order between two neighbouring sizes, the size where they cross,
 * interpolated on log-log axes as the figure draws them. Lines at 0 (no verification) never
 * sit on a log axis and are left out.
 */
function crossovers(lines: readonly Line[], sizes: readonly number[]): string[] {
  const found: string[] = []
  for (let i = 0; i < lines.length; i++) {
    for (let j = i + 1; j < lines.length; j++) {
      const a = lines[i] as Line
      const b = lines[j] as Line
      let before: { x: number; d: number } | null = null
      for (const x of sizes) {
        const va = a.at.get(x)
        const vb = b.at.get(x)
        if (va === undefined || vb === undefined || va <= 0 || vb <= 0) continue
        const d = Math.log(va) - Math.log(vb)
        if (before && d !== 0 && Math.sign(d) !== Math.sign(before.d)) {
          const t = before.d / (before.d - d)
          const at = Math.exp(Math.log(before.x) + t * (Math.log(x) - Math.log(before.x)))
          const cheaper = d < 0 ? a.label : b.label
          found.push(`${a.label} and ${b.label} at about ${fmt(at)} FLOPs (${cheaper} cheaper above)`)
        }
        if (d !== 0) before = { x, d }
      }
    }
  }
  return found
}

function ordered(lines: readonly Line[], x: number): string[] {
  return lines
    .filter((l) => (l.at.get(x) ?? 0) > 0)
    .sort((a, b) => (a.at.get(x) as number) - (b.at.get(x) as number))
    .map((l) => l.label)
}

function fmt(v: number): string {
  if (v === 0) return '0'
  return Math.abs(v) >= 1e4 || Math.abs(v) < 1e-2
    ? v.toExponential(1).replace('e+', 'e')
    : Number(v.toPrecision(3)).toString()
}
