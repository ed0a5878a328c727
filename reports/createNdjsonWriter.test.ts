import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createNdjsonWriter } from './createNdjsonWriter.ts'
import { createTraceWriter } from './createTraceWriter.ts'

describe('createNdjsonWriter', () => {
  it('rejects on close when the file could not be written, for every writer built on it', async () => {
    const missing = join(tmpdir(), 'verisim-no-such-folder', 'x', 'out.ndjson')
    const line = (n: number) => `${n}\n`
    await expect(createNdjsonWriter(missing, line).close()).rejects.toThrow(/ENOENT/)
    const written = createNdjsonWriter(missing, line)
    written.write(1)
    await expect(written.close()).rejects.toThrow(/ENOENT/)
    // The trace writer once resolved here with a hash of a file that never existed.
    await expect(createTraceWriter(missing).close()).rejects.toThrow(/ENOENT/)
  })
})
