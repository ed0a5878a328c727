import { parseScenario } from '../scenarios/index.ts'
import { curveInputOf } from './curveInputOf.ts'

type CurveInput = NonNullable<ReturnType<typeof curveInputOf>>

/** Where a curve input's field comes from in a scenario, where the names differ. */
const FIELD_OF: Record<string, string> = { speed: 'hosts.speed', watchers: 'verifiers.count' }

/**
 * The modeled curves' input for a sweep's runs: each point's own scenario (the resolved file with
 * the point's values set), so a sweep of protocol.p or hosts.speed is drawn with its values, not
 * the file's. One input when every point agrees; otherwise none, and `varied` names the fields
 * that differ, since one set of curves would misstate every other point. Nothing when a point's
 * speed or cost per FLOP is calibrated (curveInputOf).
 */
export function curveInputOfRuns(
  text: string,
  path: string,
  points: readonly { params: Record<string, unknown> }[],
): { curves: CurveInput } | { varied: string[] } | undefined {
  const byParams = new Map<string, CurveInput | undefined>()
  for (const { params } of points.length > 0 ? points : [{ params: {} }]) {
    const key = JSON.stringify(params)
    if (!byParams.has(key)) byParams.set(key, curveInputOf(parseScenario(text, path, { ...params })))
  }
  const inputs = [...byParams.values()]
  if (inputs.some((i) => i === undefined)) return undefined
  const distinct = new Map(inputs.map((i) => [JSON.stringify(i), i as CurveInput]))
  const [first] = distinct.values()
  if (distinct.size === 1 && first) return { curves: first }
  const flat = [...distinct.values()].map((i) => flatten(i))
  const fields = new Set(flat.flatMap((f) => [...f.keys()]))
  const varied = [...fields]
    .filter((f) => new Set(flat.map((m) => JSON.stringify(m.get(f)))).size > 1)
    .map((f) => FIELD_OF[f] ?? f)
  return { varied }
}

function flatten(value: unknown, prefix = '', into = new Map<string, unknown>()): Map<string, unknown> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, into)
  } else into.set(prefix, value)
  return into
}
