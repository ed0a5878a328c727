import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { type TraceEvent, tallyTimeline } from './figures/tallyTimeline.ts'
import { readNdjsonLines } from './readNdjsonLines.ts'
import { readTimeline } from './readTimeline.ts'

const MiB = 1 << 20

describe('readTimeline', () => {
  it('tallies replicate 0 as the parsed file would, across 1 MiB chunks and a split character', () => {
    const lines: string[] = []
    let bytes = 0
    const add = (e: Record<string, unknown>) => {
      const line = JSON.stringify(e)
      lines.push(line)
      bytes += Buffer.byteLength(line) + 1
    }
    for (let i = 0; bytes < MiB - 200; i++) {
      add({ point: 0, replicate: 0, t: i, type: 'block', number: i, gas: 947_972 })
      if (i % 7 === 0)
        add({ point: 0, replicate: 0, t: i, type: 'job', job: i / 7, host: 2, variant: 'honest' })
      if (i % 50 === 0) add({ point: 0, replicate: 1, t: i, type: 'slash', host: 1, honest: false })
    }
    // A cheating job whose variant's three-byte ’ straddles the first chunk's end: a decoder
    // that cut the bytes apart would read replacement characters instead.
    const head = `{"point":0,"replicate":0,"t":1000000,"type":"job","job":0,"variant":"`
    const pad = 'x'.repeat(MiB - bytes - Buffer.byteLength(head) - 1)
    lines.push(`${head}${pad}’s"}`)
    add({ point: 0, replicate: 0, t: 1_000_001, type: 'check', verifier: 0 })
    add({ point: 0, replicate: 0, t: 1_000_500, type: 'payout', amount: 0.1, final: [0] })
    const path = join(mkdtempSync(join(tmpdir(), 'verisim-timeline-')), 'trace.ndjson')
    writeFileSync(path, `${lines.join('\n')}\n\n`)

    const parsed = lines.map((line) => JSON.parse(line) as TraceEvent)
    const tally = readTimeline(path)
    expect(tally).toEqual(tallyTimeline(parsed))
    expect(tally.end).toBe(1_000_500)
    // Job 0 ran twice (the second time cheating); the other replicate's slashes are not counted.
    expect([tally.requested[0], tally.replicas[0], tally.cheating[0], tally.finalAt[0]]).toEqual([
      0, 2, 1, 1_000_500,
    ])
    expect(tally.slashes.cheater).toEqual([])
    expect(tally.finality).toBe(true)
    const read = [...readNdjsonLines(path)]
    expect(read.map((l) => l.text)).toEqual(lines)
    expect(JSON.parse(read.find((l) => l.text.includes('1000000'))?.text ?? '{}').variant).toBe(`${pad}’s`)
  })
})
