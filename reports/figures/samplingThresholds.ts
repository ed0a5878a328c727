import { penaltyOf } from '../../sim/index.ts'
import type { PointSummary } from '../aggregatePoints.ts'
import type { SweepRecord } from '../writeRunFolder.ts'
import type { FigureContext, Group, ReportInput } from './figureContext.ts'

export type Threshold = { group: Group; value: number | null; along: (number | null)[] }

/**
 * p* = C / (R + S) of Proof-of-Sampling per line when p is the x axis (none otherwise), and the
 * notes that give them: one value per line when every point of the line gives the same, else
 * none (`along` keeps the per-point values, e.g. for a slash zipped with p).
 */
export function samplingThresholds(
  ctx: FigureContext,
  inRange: (v: number) => boolean,
): { thresholds: Threshold[]; notes: string[] } {
  const single = ctx.groups.length === 1
  const thresholds =
    ctx.xPath === 'protocol.p' ? ctx.groups.map((g) => groupThreshold(g, ctx.input.base, ctx.recordOf)) : []
  return { thresholds, notes: thresholdNotes(thresholds, single, inRange) }
}

function groupThreshold(
  group: Group,
  base: ReportInput['base'],
  recordOf: ReadonlyMap<number, SweepRecord>,
): Threshold {
  if (group.mode !== 'sampling') return { group, value: null, along: [] }
  const along = group.points.map((p) => pointThreshold(p, base, recordOf.get(p.point)))
  const first = along[0]
  const same =
    first !== null &&
    first !== undefined &&
    along.every((v) => v !== null && Math.abs(v - first) <= 1e-9 * Math.abs(first))
  return { group, value: same ? (first as number) : null, along }
}

function pointThreshold(
  point: PointSummary,
  base: ReportInput['base'],
  record: SweepRecord | undefined,
): number | null {
  if (!record) return null
  const param = (path: string) => point.params[path]
  const num = (path: string, fallback: number) => {
    const v = param(path)
    return typeof v === 'number' ? v : fallback
  }
  const fee = num('requesters.fee', base.fee)
  const stake = num('hosts.stake', base.stake)
  const slashFraction = num('protocol.slashFraction', base.slashFraction)
  const slashRule =
    typeof param('protocol.slashRule') === 'string' ? param('protocol.slashRule') : base.slashRule
  // A valueScaled slash's expected penalty (slashScale × fee) does not fall with p, and jobs of
  // drawn values each have their own threshold: neither has one p*.
  if (slashRule === 'valueScaled' || base.feeDrawn) return null
  const slash = penaltyOf(
    {
      mode: 'sampling',
      p: 1,
      watchProbability: 1,
      alwaysCheckAbove: null,
      minStake: stake,
      slashRule: slashRule === 'fixed' ? 'fixed' : 'fraction',
      slashFraction,
      slashAmount: num('protocol.slashAmount', base.slashAmount ?? 0),
      slashScale: 0,
    },
    fee,
    stake,
  )
  const variant =
    typeof param('hosts.variant') === 'string' ? (param('hosts.variant') as string) : base.variant
  const { flops } = record.model
  const honest = flops.honest ?? 0
  const saved = (honest - (flops[variant] ?? honest)) * record.cost_per_flop
  const denominator = fee + slash
  return saved > 0 && denominator > 0 ? saved / denominator : null
}

function thresholdNotes(
  thresholds: readonly Threshold[],
  single: boolean,
  inRange: (v: number) => boolean,
): string[] {
  const formula = 'analytic threshold p* = C / (R + S)'
  const notes: string[] = []
  const known = thresholds.filter((t): t is Threshold & { value: number } => t.value !== null)
  const say = (t: Threshold & { value: number }) =>
    `${t.value.toPrecision(3)}${single ? '' : ` (${t.group.label})`}${inRange(t.value) ? '' : ', outside the swept p, not drawn'}`
  if (known.length > 0) {
    const dotted = known.some((t) => inRange(t.value)) ? ' (dotted)' : ''
    notes.push(`${formula}${known.length > 1 ? ', per line' : ''}: ${known.map(say).join('; ')}${dotted}`)
  }
  // A line whose points each have a p*, but not the same one: the slash or fee moves with p.
  const moving = thresholds.filter(
    (t) => t.value === null && t.along.length > 1 && t.along.every((v) => v !== null),
  )
  for (const t of moving) {
    const values = t.along.map((v) => (v as number).toPrecision(3)).join(', ')
    notes.push(
      `no single p*${single ? '' : ` for ${t.group.label}`}: the slash, fee or model changes with p along the line (p* at each point: ${values})`,
    )
  }
  return notes
}
