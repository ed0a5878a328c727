import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { bundleWorker } from './bundleWorker.ts'

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url))

describe('bundleWorker', () => {
  it('bundles the worker into one CommonJS file exporting every task handler, once per process', () => {
    const bundle = bundleWorker(WORKER)
    expect(bundle).toMatch(/worker-[0-9a-f]{16}\.cjs$/)
    expect(bundleWorker(WORKER)).toBe(bundle)
    const handlers = createRequire(import.meta.url)(bundle as string) as Record<string, unknown>
    for (const task of ['default', 'infer', 'inferMany', 'inferBatch', 'compare', 'checkLayer', 'generate'])
      expect(typeof handlers[task], task).toBe('function')
  })
})
