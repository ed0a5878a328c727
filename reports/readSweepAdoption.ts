import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { PointAdoption } from './figures/figureContext.ts'
import { inferProduction } from './figures/inferProduction.ts'
import { readPeriods } from './readPeriods.ts'
import type { SweepRecord } from './writeRunFolder.ts'

/**
 * Each sweep point's production adoption per period, from its first replicate's
 * periods/<point>-<replicate>.ndjson (read by readPeriods, one file at a time, and reduced to one
 * share a period at once, so the page holds points × periods numbers and nothing per requester).
 * Production is what the single-run report infers (figures/inferProduction). Points without a periods file are left out; none at all gives [].
 */
export function readSweepAdoption(dir: string, records: readonly SweepRecord[]): PointAdoption[] {
  const firsts = new Map<number, SweepRecord>()
  for (const r of records) {
    const seen = firsts.get(r.point)
    if (!seen || r.replicate < seen.replicate) firsts.set(r.point, r)
  }
  const out: PointAdoption[] = []
  for (const record of [...firsts.values()].sort((a, b) => a.point - b.point)) {
    const path = join(dir, 'periods', `${record.point}-${record.replicate}.ndjson`)
    if (!existsSync(path)) continue
    const rows = readPeriods(path).sort((a, b) => a.period - b.period)
    const production = inferProduction(rows)
    out.push({
      point: record.point,
      replicate: record.replicate,
      production,
      periods: rows.map((row) => {
        let network = 0
        let all = 0
        for (const name of production) {
          const segment = row.segments[name]
          if (!segment) continue
          let volume = 0
          for (const v of Object.values(segment.volume)) volume += v
          // The row's adoption is the network's share whatever configuration (demand.offers)
          // each request chose, so the network's volume is that share of the segment's.
          network += (segment.adoption ?? 0) * volume
          all += volume
        }
        return {
          start: row.start,
          end: row.end,
          share: all > 0 ? network / all : null,
          ...(row.partial ? { partial: true as const } : {}),
        }
      }),
    })
  }
  return out
}
