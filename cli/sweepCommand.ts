import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { createInferencePool } from '../engine/index.ts'
import { createTraceWriter, writeFileAtomic } from '../reports/index.ts'
import type { SweepRecord } from '../reports/writeSweepOutputs.ts'
import { expandSweep, loadScenario, resolveRunSpec } from '../scenarios/index.ts'
import { BaseError, InputError } from '../sim/errors.ts'
import type { InferencePort } from '../sim/ports.ts'
import type { RunSpec } from '../sim/runSpec.ts'
import { versions } from './buildManifest.ts'
import { checkModel } from './checkModel.ts'
import { createSweepProgress } from './createSweepProgress.ts'
import { finishSweep } from './finishSweep.ts'
import { onInterrupt } from './onInterrupt.ts'
import type { CliArgs } from './parseCliArgs.ts'
import { resolveShard } from './resolveShard.ts'
import { runWithEmbeddedChain } from './runWithEmbeddedChain.ts'
import { sha256File } from './sha256File.ts'
import { toRunRecord } from './toRunRecord.ts'

type PlannedRun = {
  id: string
  point: number
  replicate: number
  params: Record<string, unknown>
  spec: RunSpec
}

/**
 * `verisim sweep FILE`: every point × replicate of the scenario's sweep, several at once, each
 * on its own chain. Each finished run is written atomically as it finishes, so running the same
 * command again after an interruption runs only what is missing.
 */
export async function sweepCommand(args: CliArgs): Promise<void> {
  const file = args.positionals[0]
  if (!file || args.positionals.length > 1)
    throw new InputError('`verisim sweep` takes exactly one scenario file')
  const { scenario } = loadScenario(file)
  const points = expandSweep(scenario, file)
  const replicates = scenario.sweep?.replicates ?? 1
  const shard = resolveShard({ shard: args.shard, shards: args.shards }, process.env)
  // Every point is validated before anything runs: a bad value is an error now, not after an hour.
  const planned: PlannedRun[] = points.flatMap((point) => {
    const pointScenario = loadScenario(file, point.params).scenario
    return Array.from({ length: replicates }, (_, replicate) => ({
      id: `${point.index}-${replicate}`,
      point: point.index,
      replicate,
      params: point.params,
      spec: resolveRunSpec(pointScenario, file, {
        replicate,
        ...(args.seed === undefined ? {} : { seed: args.seed }),
      }),
    }))
  })
  // Each distinct model is built (or read) once before any chain starts.
  const models = new Map(planned.map((r) => [JSON.stringify(r.spec.model), r.spec.model]))
  for (const model of models.values()) await checkModel(file, model)
  const mine = planned.filter((r) => r.point % shard.count === shard.index)
  const suffix = shard.count > 1 ? `-shard-${shard.index}-of-${shard.count}` : ''
  const out = args.out ?? join('runs', `${scenario.name.replace(/[^A-Za-z0-9._-]+/g, '_')}-sweep${suffix}`)

  const identity = {
    scenario: scenario.name,
    scenario_sha256: sha256File(file),
    seed: args.seed ?? scenario.seed,
    points: points.length,
    replicates,
    versions: versions(),
  }
  claimFolder(out, identity)
  const runsDir = join(out, 'runs')
  const tracesDir = join(out, 'traces')
  mkdirSync(runsDir, { recursive: true })
  mkdirSync(tracesDir, { recursive: true })
  for (const f of readdirSync(tracesDir)) if (f.endsWith('.partial')) rmSync(join(tracesDir, f))

  const todo = mine.filter((r) => !existsSync(join(runsDir, `${r.id}.json`)))
  const workers = args.workers ?? availableParallelism()
  const parallel = Math.max(1, Math.min(args.parallel ?? availableParallelism(), todo.length || 1))
  const progress = createSweepProgress(process.stderr, {
    total: mine.length,
    already: mine.length - todo.length,
    quiet: args.quiet,
    ci: Boolean(process.env.CI),
  })
  const started = Date.now()
  const wall: Record<string, number> = {}

  // One inference pool per tolerance, shared by every run at once: results do not depend on threads.
  const pools = new Map<number, InferencePort>()
  const stops = new Set<() => Promise<void> | void>()
  const cleanup = async () => {
    for (const stop of [...stops].reverse()) await stop()
    stops.clear()
    for (const pool of pools.values()) await pool.close()
    pools.clear()
    for (const f of readdirSync(tracesDir)) if (f.endsWith('.partial')) rmSync(join(tracesDir, f))
  }
  const removeInterrupt = onInterrupt(cleanup)
  const poolFor = (tolerance: number) => {
    let pool = pools.get(tolerance)
    if (!pool) {
      pool = createInferencePool({ workers, tolerance })
      pools.set(tolerance, pool)
    }
    return pool
  }

  const runOne = async (run: PlannedRun) => {
    const begun = Date.now()
    const partial = join(tracesDir, `${run.id}.ndjson.partial`)
    const trace = createTraceWriter(partial)
    const result = await runWithEmbeddedChain(run.spec, {
      workers,
      inference: poolFor(run.spec.tolerance),
      trace: trace.write,
      anvilBinary: process.env.VERISIM_ANVIL,
      onResource: (stop) => stops.add(stop),
    }).finally(() => trace.close())
    const traceSha256 = await trace.close()
    renameSync(partial, join(tracesDir, `${run.id}.ndjson`))
    const record = toRunRecord(run, result, traceSha256)
    writeFileAtomic(join(runsDir, `${run.id}.json`), `${JSON.stringify(record, null, 2)}\n`)
    wall[run.id] = (Date.now() - begun) / 1000
    progress.done(run.id)
  }

  try {
    await runLimited(todo, parallel, runOne)
    progress.finish()
    const records = mine.map((r) => readRecord(join(out, 'runs', `${r.id}.json`)))
    await finishSweep({
      out,
      scenarioPath: file,
      scenarioSha256: identity.scenario_sha256,
      scenario,
      records,
      calibration: {
        cost_per_flop: (mine[0] ?? planned[0])?.spec.economics.costPerFlop ?? 0,
        source: (mine[0] ?? planned[0])?.spec.calibration ?? 'scenario',
      },
      replicates,
      wall,
      workers,
      started,
    })
  } finally {
    removeInterrupt()
    await cleanup()
  }
  if (!args.quiet) {
    process.stdout.write(
      `sweep: ${mine.length} runs of ${points.length} points x ${replicates} replicates in ${out}\n`,
    )
  }
}

/** A sweep folder belongs to one scenario and version: resuming into another's is refused. */
function claimFolder(out: string, identity: object): void {
  const path = join(out, 'sweep.json')
  const text = `${JSON.stringify(identity, null, 2)}\n`
  if (existsSync(path)) {
    if (readFileSync(path, 'utf8') !== text) {
      throw new InputError(
        `output folder ${out} holds a sweep of another scenario, seed or verisim version`,
        {
          hint: 'choose another --out, or delete it',
        },
      )
    }
    return
  }
  if (existsSync(out) && readdirSync(out).length > 0) {
    throw new InputError(`output folder ${out} exists and is not a sweep folder`, {
      hint: 'choose another --out',
    })
  }
  mkdirSync(out, { recursive: true })
  writeFileAtomic(path, text)
}

/** Run `items` with at most `limit` at once, in order; the first failure stops new starts and is rethrown. */
async function runLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0
  let failure: unknown
  const lane = async () => {
    while (failure === undefined && next < items.length) {
      const item = items[next++] as T
      try {
        await work(item)
      } catch (error) {
        failure ??= error
      }
    }
  }
  await Promise.all(Array.from({ length: limit }, lane))
  if (failure !== undefined) throw failure
}

export function readRecord(path: string): SweepRecord {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as SweepRecord
  } catch (cause) {
    throw new BaseError(`cannot read finished run ${path}`, {
      cause,
      hint: 'delete it to run that point again',
    })
  }
}
