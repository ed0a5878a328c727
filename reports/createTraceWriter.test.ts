import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { TraceEvent } from '../sim/index.ts'
import { createTraceWriter } from './createTraceWriter.ts'

const events = [
  { t: 0, type: 'job', job: 0, requester: 1, host: 2, variant: 'honest' },
  { t: 1.5, type: 'block', number: 3 },
] as unknown as TraceEvent[]

describe('createTraceWriter', () => {
  it('starts each event with its run, as a sweep trace does, and hashes what it wrote', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'verisim-trace-')), 'trace.ndjson')
    const trace = createTraceWriter(path, { point: 0, replicate: 2 })
    for (const e of events) trace.write(e)
    const sha = await trace.close()
    const text = readFileSync(path, 'utf8')
    const lines = text.trimEnd().split('\n')
    expect(lines[0]).toBe(
      '{"point":0,"replicate":2,"t":0,"type":"job","job":0,"requester":1,"host":2,"variant":"honest"}',
    )
    expect(lines.map((l) => JSON.parse(l))).toEqual(events.map((e) => ({ point: 0, replicate: 2, ...e })))
    const { createHash } = await import('node:crypto')
    expect(sha).toBe(createHash('sha256').update(text).digest('hex'))
  })

  it('writes events as they are without a run (the per-run files a sweep joins)', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'verisim-trace-')), 'trace.ndjson')
    const trace = createTraceWriter(path)
    for (const e of events) trace.write(e)
    await trace.close()
    expect(readFileSync(path, 'utf8')).toBe(events.map((e) => `${JSON.stringify(e)}\n`).join(''))
  })
})
