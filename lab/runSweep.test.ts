import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { TINY_SWEEP } from '../scenarios/fixtures/tinyScenarios.ts'
import { createRunner } from './createRunner.ts'
import { snapshotFolder } from './fixtures/snapshotFolder.ts'
import { lockFolder } from './lockFolder.ts'
import { mergeShards } from './mergeShards.ts'
import { runSweep, type SweepEvent } from './runSweep.ts'

// A sweep of 4 points x 2 replicates run for real (onnxruntime, the in-process ledger), from code.
const tmp = mkdtempSync(join(tmpdir(), 'verisim-runSweep-'))
const file = join(tmp, 'tiny.yaml')
writeFileSync(file, TINY_SWEEP)
const runner = createRunner({ workers: 1, parallel: 2, ledger: { kind: 'memory' } })
afterAll(async () => {
  await runner.close()
  rmSync(tmp, { recursive: true, force: true })
})

describe('runSweep', () => {
  const whole = join(tmp, 'whole')

  it('runs every point and replicate, returns what summary.json holds, and releases its lock', async () => {
    const steps: (() => Promise<void> | void)[] = []
    const swept = await runSweep(runner, file, { out: whole, onResource: (stop) => steps.push(stop) })
    expect(swept.out).toBe(whole)
    expect(swept.points).toBe(4)
    expect(swept.ran.sort()).toEqual(['0-0', '0-1', '1-0', '1-1', '2-0', '2-1', '3-0', '3-1'])
    expect(swept.resumed).toEqual([])
    expect(swept.summary).toEqual(JSON.parse(readFileSync(join(whole, 'summary.json'), 'utf8')))
    expect(swept.summary.points).toHaveLength(4)
    expect(swept.records.map((r) => `${r.point}-${r.replicate}`)).toEqual(swept.runs.map((r) => r.id))
    expect(steps).toHaveLength(1)
    expect(existsSync(join(whole, '.lock'))).toBe(false)
  }, 120_000)

  it('after an interruption runs only the missing runs, counts points as their replicates end, and ends byte-identical', async () => {
    const resumed = join(tmp, 'resumed')
    await runSweep(runner, file, { out: resumed })
    // What kill -9 leaves: runs not marked finished (their record is what marks them).
    for (const id of ['1-0', '2-1']) rmSync(join(resumed, 'runs', `${id}.json`))
    const events: SweepEvent[] = []
    const again = await runSweep(runner, file, { out: resumed, onProgress: (e) => events.push(e) })
    expect(again.ran.sort()).toEqual(['1-0', '2-1'])
    expect(again.resumed).toEqual(['0-0', '0-1', '1-1', '2-0', '3-0', '3-1'])
    expect(events[0]).toMatchObject({
      state: 'started',
      counts: { points: { done: 2, total: 4 }, runs: { done: 6, total: 8 }, fresh: 0 },
    })
    expect(events.slice(1).map((e) => e.state)).toEqual(['ran', 'ran'])
    expect(events.at(-1)?.counts).toMatchObject({ points: { done: 4 }, runs: { done: 8 }, fresh: 2 })
    expect(snapshotFolder(resumed)).toEqual(snapshotFolder(whole))
  }, 120_000)

  it('refuses a folder locked by a live process, or holding a sweep of another seed, and leaves it as it was', async () => {
    const before = snapshotFolder(whole)
    // The test runner's parent process: alive, and not this process.
    const release = lockFolder(whole, { pid: process.ppid, host: hostname() })
    try {
      await expect(runSweep(runner, file, { out: whole })).rejects.toMatchObject({
        kind: 'input',
        message: expect.stringMatching(new RegExp(`is locked by pid ${process.ppid} on `)),
      })
    } finally {
      release()
    }
    await expect(runSweep(runner, file, { out: whole, seed: 6 })).rejects.toMatchObject({
      kind: 'input',
      message: expect.stringMatching(/holds a sweep of another scenario, seed/),
    })
    expect(snapshotFolder(whole)).toEqual(before)
  }, 120_000)

  it('splits into shards that mergeShards joins into the bytes of the whole sweep', async () => {
    const shards = [1, 2, 3].map((index) => join(tmp, `shard-${index}`))
    for (const [i, out] of shards.entries()) {
      const swept = await runSweep(runner, file, { out, shard: { index: i + 1, count: 3 } })
      expect(swept.runs.every((r) => r.point % 3 === i)).toBe(true)
    }
    const merged = await mergeShards(shards, { out: join(tmp, 'merged') })
    expect(merged).toMatchObject({ runs: 8, folders: 3 })
    expect(merged.summary).toEqual(JSON.parse(readFileSync(join(whole, 'summary.json'), 'utf8')))
    expect(snapshotFolder(merged.out)).toEqual(snapshotFolder(whole))
    await expect(mergeShards(shards.slice(0, 2), { out: join(tmp, 'partial') })).rejects.toThrow(
      /lack 2 of the sweep's runs/,
    )
    expect(existsSync(join(tmp, 'partial'))).toBe(false)
  }, 180_000)

  it('hands an interrupt the step that removes partial traces and releases the lock while runs are under way', async () => {
    const out = join(tmp, 'interrupted')
    const own = createRunner({ workers: 1, parallel: 2, ledger: { kind: 'memory' } })
    const steps: (() => Promise<void> | void)[] = []
    let seen: { lock: boolean; partials: string[] } | undefined
    const sweep = runSweep(own, file, {
      out,
      onResource: (stop) => steps.push(stop),
      onProgress: (event) => {
        if (event.state !== 'ran' || seen) return
        // The CLI's interrupt handler runs these and exits: the sweep's own finally never runs.
        for (const step of [...steps].reverse()) void step()
        seen = {
          lock: existsSync(join(out, '.lock')),
          partials: readdirSync(join(out, 'traces')).filter((f) => f.endsWith('.partial')),
        }
      },
    })
    // The other lane's trace went with the partials, so the sweep may fail: what counts is above.
    await sweep.catch(() => undefined)
    await own.close()
    expect(steps).toHaveLength(1)
    expect(seen).toEqual({ lock: false, partials: [] })
  }, 120_000)
})
