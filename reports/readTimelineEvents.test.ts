import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { TraceEvent } from './figures/runTimeline.ts'
import { readTimelineEvents } from './readTimelineEvents.ts'

const MiB = 1 << 20

describe('readTimelineEvents', () => {
  it('keeps what the timeline counts, cut to its fields, and the latest event, across 1 MiB chunks', () => {
    const lines: string[] = []
    let bytes = 0
    const add = (e: Record<string, unknown>) => {
      const line = JSON.stringify(e)
      lines.push(line)
      bytes += Buffer.byteLength(line) + 1
    }
    for (let i = 0; bytes < MiB - 200; i++) {
      add({ point: 0, replicate: 0, t: i, type: 'block', number: i, gas: 947_972 })
      if (i % 7 === 0) add({ point: 0, replicate: 0, t: i, type: 'job', job: i, host: 2, variant: 'honest' })
      if (i % 50 === 0) add({ point: 0, replicate: 1, t: i, type: 'slash', host: 1, honest: false })
    }
    // A job whose variant's three-byte ’ straddles the first chunk's end: a decoder that cut the
    // bytes apart would read replacement characters instead.
    const head = `{"point":0,"replicate":0,"t":1000000,"type":"job","variant":"`
    const pad = 'x'.repeat(MiB - bytes - Buffer.byteLength(head) - 1)
    lines.push(`${head}${pad}’s"}`)
    add({ point: 0, replicate: 0, t: 1_000_001, type: 'check', verifier: 0 })
    add({ point: 0, replicate: 0, t: 1_000_500, type: 'payout', amount: 0.1 })
    const path = join(mkdtempSync(join(tmpdir(), 'verisim-timeline-')), 'trace.ndjson')
    writeFileSync(path, `${lines.join('\n')}\n`)

    const expected = lines
      .map((line) => JSON.parse(line) as TraceEvent)
      .filter((e) => ['job', 'check', 'challenge', 'slash'].includes(e.type))
      .map(({ replicate, t, type, variant, honest }) => ({
        replicate,
        t,
        type,
        ...(variant !== undefined ? { variant } : {}),
        ...(honest !== undefined ? { honest } : {}),
      }))
    expect(readTimelineEvents(path)).toEqual([...expected, { replicate: 0, t: 1_000_500, type: 'payout' }])
    expect(readTimelineEvents(path).find((e) => e.t === 1_000_000)?.variant).toBe(`${pad}’s`)
  })
})
