import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { createTraceWriter, writeFileAtomic } from '../reports/index.ts'
import type { SweepRecord } from '../reports/writeSweepOutputs.ts'
import { BaseError, InputError } from '../sim/errors.ts'
import { versions } from './buildManifest.ts'
import { createRunner } from './createRunner.ts'
import { createSweepProgress } from './createSweepProgress.ts'
import { finishSweep } from './finishSweep.ts'
import { onInterrupt } from './onInterrupt.ts'
import type { CliArgs } from './parseCliArgs.ts'
import { type PlannedRun, planScenario } from './planScenario.ts'
import { resolveShard } from './resolveShard.ts'
import { sha256File } from './sha256File.ts'
import { toRunRecord } from './toRunRecord.ts'

/**
 * `verisim sweep FILE`: every point × replicate of the scenario's sweep, several at once, each
 * on its own chain. Each finished run is written atomically as it finishes, so running the same
 * command again after an interruption runs only what is missing.
 */
export async function sweepCommand(args: CliArgs): Promise<void> {
  const file = args.positionals[0]
  if (!file || args.positionals.length > 1)
    throw new InputError('`verisim sweep` takes exactly one scenario file')
  const shard = resolveShard({ shard: args.shard, shards: args.shards }, process.env)
  const plan = await planScenario(file, args.seed === undefined ? {} : { seed: args.seed })
  const { scenario, replicates, runs: planned } = plan
  const mine = planned.filter((r) => r.point % shard.count === shard.index)
  const suffix = shard.count > 1 ? `-shard-${shard.index}-of-${shard.count}` : ''
  const out = args.out ?? join('runs', `${scenario.name.replace(/[^A-Za-z0-9._-]+/g, '_')}-sweep${suffix}`)

  const identity = {
    scenario: scenario.name,
    scenario_sha256: sha256File(file),
    seed: args.seed ?? scenario.seed,
    points: plan.points,
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

  const runner = createRunner({
    workers,
    parallel,
    ...(process.env.VERISIM_ANVIL ? { anvilBinary: process.env.VERISIM_ANVIL } : {}),
  })
  const cleanup = async () => {
    await runner.close()
    for (const f of readdirSync(tracesDir)) if (f.endsWith('.partial')) rmSync(join(tracesDir, f))
  }
  const removeInterrupt = onInterrupt(cleanup)

  const runOne = async (run: PlannedRun) => {
    const begun = Date.now()
    const partial = join(tracesDir, `${run.id}.ndjson.partial`)
    const trace = createTraceWriter(partial)
    const result = await runner.run(run.spec, trace.write).finally(() => trace.close())
    const traceSha256 = await trace.close()
    renameSync(partial, join(tracesDir, `${run.id}.ndjson`))
    const record = toRunRecord(run, result, traceSha256)
    writeFileAtomic(join(runsDir, `${run.id}.json`), `${JSON.stringify(record, null, 2)}\n`)
    wall[run.id] = (Date.now() - begun) / 1000
    progress.done(run.id)
  }

  try {
    await runner.each(todo, runOne)
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
      `sweep: ${mine.length} runs of ${plan.points} points x ${replicates} replicates in ${out}\n`,
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
