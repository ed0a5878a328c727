import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import {
  createRunner,
  ledgerLabel,
  type PlannedRun,
  planScenario,
  sha256File,
  toRunRecord,
  versions,
} from '../lab/index.ts'
import type { SweepRecord } from '../reports/index.ts'
import {
  commitFile,
  createTraceWriter,
  explainWriteFailure,
  makeFolder,
  removeLeftovers,
  writeFileAtomic,
} from '../reports/index.ts'
import { BaseError, InputError } from '../sim/index.ts'
import { createSweepProgress } from './createSweepProgress.ts'
import { finishSweep } from './finishSweep.ts'
import { ledgerChoice } from './ledgerChoice.ts'
import { lockFolder } from './lockFolder.ts'
import { onInterrupt } from './onInterrupt.ts'
import type { CliArgs } from './parseCliArgs.ts'
import { resolveSetFlags } from './resolveSetFlags.ts'
import { resolveShard } from './resolveShard.ts'
import { wantsPlainOutput } from './wantsPlainOutput.ts'

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
  const ledger = ledgerChoice(args)
  const overrides = resolveSetFlags(file, args.set, 'sweep')
  const plan = await planScenario(file, {
    overrides,
    ...(args.seed === undefined ? {} : { seed: args.seed }),
  })
  const { scenario, replicates, runs: planned } = plan
  // Shard i of N (counted from 1) takes every point whose index is i - 1 modulo N.
  const mine = planned.filter((r) => r.point % shard.count === shard.index - 1)
  const suffix = shard.count > 1 ? `-shard-${shard.index}-of-${shard.count}` : ''
  const out = args.out ?? join('runs', `${scenario.name.replace(/[^A-Za-z0-9._-]+/g, '_')}-sweep${suffix}`)

  // Runs settled on anvil (embedded or at --rpc-url) give the same bytes; on the memory ledger
  // they do not (modeled gas), so a folder, a resume and a merge keep to one of the two.
  const identity = {
    scenario: scenario.name,
    scenario_sha256: sha256File(file),
    seed: args.seed ?? scenario.seed,
    overrides,
    ledger: ledger.kind,
    points: plan.points,
    replicates,
    versions: versions(),
  }
  let release: () => void
  try {
    release = claimFolder(out, identity)
  } catch (error) {
    throw explainWriteFailure(error, out)
  }
  // kill -9 skips every handler: the next sweep on this folder finds the lock stale and takes it.
  process.on('exit', release)
  const runsDir = join(out, 'runs')
  const tracesDir = join(out, 'traces')
  const removePartials = () => {
    if (!existsSync(tracesDir)) return
    for (const f of readdirSync(tracesDir)) if (f.endsWith('.partial')) rmSync(join(tracesDir, f))
  }
  const finished = new Set(mine.filter((r) => existsSync(join(runsDir, `${r.id}.json`))).map((r) => r.id))
  const todo = mine.filter((r) => !finished.has(r.id))
  const workers = args.workers ?? availableParallelism()
  const parallel = Math.max(1, Math.min(args.parallel ?? availableParallelism(), todo.length || 1))
  const runner = createRunner({ workers, parallel, ledger })
  const cleanup = async () => {
    try {
      await runner.close()
      removePartials()
    } finally {
      release()
    }
  }
  const removeInterrupt = onInterrupt(cleanup)
  const progress = createSweepProgress(process.stderr, {
    runs: mine,
    already: finished,
    quiet: args.quiet || mine.length === 0,
    ci: wantsPlainOutput(process.env),
  })
  const started = Date.now()

  const runOne = async (run: PlannedRun) => {
    const begun = Date.now()
    const partial = join(tracesDir, `${run.id}.ndjson.partial`)
    const trace = createTraceWriter(partial)
    const result = await runner.run(run.spec, trace.write).finally(() => trace.close())
    const traceSha256 = await trace.close()
    commitFile(partial, join(tracesDir, `${run.id}.ndjson`))
    // Wall time is not part of the run's record (records are deterministic): it has its own file,
    // kept across resumes and merges like the record. It goes first because the record marks the
    // run finished: a kill -9 between the two must not leave a finished run without its timing.
    makeFolder(join(out, 'timing'))
    writeFileAtomic(
      join(out, 'timing', `${run.id}.json`),
      `${JSON.stringify({ wall_seconds: (Date.now() - begun) / 1000 })}\n`,
    )
    const record = toRunRecord(run, result, traceSha256)
    writeFileAtomic(join(runsDir, `${run.id}.json`), `${JSON.stringify(record, null, 2)}\n`)
    progress.done(run)
  }

  try {
    makeFolder(runsDir)
    makeFolder(tracesDir)
    // What killed sweeps left (a trace.ndjson.tmp-PID, a run's .partial trace) is not output.
    removeLeftovers(out, { inside: true })
    if (mine.length === 0 && !args.quiet) {
      // More shards than points (an Indexed Job with spare completions): an empty, valid shard.
      process.stderr.write(
        `sweep: shard ${shard.index}/${shard.count} gets none of the ${plan.points} points; writing an empty shard folder\n`,
      )
    }
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
      workers,
      started,
      ledgers: [ledgerLabel(ledger)],
      overrides,
    })
  } catch (error) {
    throw explainWriteFailure(error, out)
  } finally {
    progress.finish()
    await cleanup()
    removeInterrupt()
    process.off('exit', release)
  }
  if (!args.quiet) {
    const points = new Set(mine.map((r) => r.point)).size
    const part = shard.count > 1 ? ` (shard ${shard.index}/${shard.count}: ${points} of them)` : ''
    process.stdout.write(
      `sweep: ${mine.length} runs of ${plan.points} points${part} x ${replicates} replicates in ${out}\n`,
    )
  }
}

/**
 * A sweep folder belongs to one scenario and version, and to one sweep at a time: this takes
 * its lock, then checks or writes its identity. Resuming into another sweep's folder is refused.
 * Returns the lock's release.
 */
function claimFolder(out: string, identity: object): () => void {
  const path = join(out, 'sweep.json')
  const text = `${JSON.stringify(identity, null, 2)}\n`
  const foreign = () =>
    new InputError(`output folder ${out} exists and is not a sweep folder`, { hint: 'choose another --out' })
  const created = !existsSync(out)
  // Checked before the lock too, so a folder that is not ours is never touched. A sweep that
  // holds the lock may be writing its identity (sweep.json.tmp-PID): the lock then answers.
  const ours = (f: string) => f === '.lock' || f.startsWith('sweep.json.tmp-')
  if (!created && !existsSync(path) && readdirSync(out).some((f) => !ours(f))) throw foreign()
  makeFolder(out)
  const release = lockFolder(out)
  try {
    if (existsSync(path)) {
      if (readFileSync(path, 'utf8') !== text) {
        throw new InputError(
          `output folder ${out} holds a sweep of another scenario, seed, --set, --ledger or verisim version`,
          { hint: 'resume it with the command that started it, or choose another --out' },
        )
      }
    } else {
      if (readdirSync(out).some((f) => f !== '.lock')) throw foreign()
      writeFileAtomic(path, text)
    }
    return release
  } catch (error) {
    release()
    if (created) rmSync(out, { recursive: true, force: true })
    throw error
  }
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
