import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { InputError } from '../errors/index.ts'
import {
  commitFile,
  createPeriodsWriter,
  createTraceWriter,
  explainWriteFailure,
  makeFolder,
  readRecord,
  removeLeftovers,
  type SweepRecord,
  type SweepSummary,
  writeFileAtomic,
} from '../reports/index.ts'
import type { Overrides, Scenario } from '../scenarios/index.ts'
import { ledgerLabel, measuredAt, versions } from './buildManifest.ts'
import type { Runner } from './createRunner.ts'
import { finishSweep } from './finishSweep.ts'
import { lockFolder } from './lockFolder.ts'
import { type PlannedRun, planScenario } from './planScenario.ts'
import type { Shard } from './resolveShard.ts'
import { sha256File } from './sha256File.ts'
import { toRunRecord } from './toRunRecord.ts'

export type SweepOptions = {
  /** Default: runs/NAME-sweep, or runs/NAME-sweep-shard-i-of-N for one shard of several. */
  out?: string
  /** Scenario fields replaced by dotted path (`verisim sweep --set`). */
  overrides?: Overrides
  /** Replaces the scenario's seed. */
  seed?: number
  /** Default: the whole sweep (shard 1 of 1). */
  shard?: Shard
  onProgress?: (event: SweepEvent) => void
  /**
   * Registers a teardown step (delete partial traces, release the folder's lock) so that an
   * interrupt can undo what this sweep started; the chains and pools are the runner's, stopped
   * by its close().
   */
  onResource?: (stop: () => Promise<void> | void) => void
}

/** Where a sweep stands: a point is done when all its replicates are. */
export type SweepCounts = {
  points: { done: number; total: number }
  runs: { done: number; total: number }
  /** Runs finished by this call: resumed runs took no time here. */
  fresh: number
  /** The run that finished last, as `point-replicate`. */
  last?: string
}

export type SweepEvent =
  /** Planned and locked, before any run: `counts` holds the runs an earlier sweep finished. */
  | { state: 'started'; out: string; shard: Shard; points: number; counts: SweepCounts }
  | { state: 'ran'; id: string; counts: SweepCounts }

export type SweepResult = {
  scenario: Scenario
  /** The sweep folder, now complete. */
  out: string
  shard: Shard
  /** Points of the whole sweep, and replicates of each. */
  points: number
  replicates: number
  /** This shard's runs, as planned. */
  runs: PlannedRun[]
  /** Ids (`point-replicate`) of the runs this call ran, and of those an earlier sweep had finished. */
  ran: string[]
  resumed: string[]
  /** What runs/ holds for this shard, in run order. */
  records: SweepRecord[]
  /** What summary.json holds. */
  summary: SweepSummary
}

/**
 * Every point × replicate of a scenario's sweep (or of one shard of it) on the runner's
 * adapters, several at once, each on its own chain. Each finished run is written atomically as
 * it finishes, so the same call on the same folder after an interruption (even kill -9) runs
 * only what is missing and ends with the same bytes. The folder is locked while this runs and
 * belongs to one scenario, seed, overrides and ledger kind: resuming it with others is refused.
 */
export async function runSweep(
  runner: Runner,
  file: string,
  options: SweepOptions = {},
): Promise<SweepResult> {
  const shard = options.shard ?? { index: 1, count: 1 }
  const overrides = options.overrides ?? {}
  const plan = await planScenario(file, {
    overrides,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  })
  const { scenario, replicates, runs: planned } = plan
  // Shard i of N (counted from 1) takes every point whose index is i - 1 modulo N.
  const mine = planned.filter((r) => r.point % shard.count === shard.index - 1)
  const suffix = shard.count > 1 ? `-shard-${shard.index}-of-${shard.count}` : ''
  const out = options.out ?? join('runs', `${scenario.name.replace(/[^A-Za-z0-9._-]+/g, '_')}-sweep${suffix}`)

  // Runs settled on anvil (embedded or at --rpc-url) give the same bytes; on the memory ledger
  // they do not (modeled gas), so a folder, a resume and a merge keep to one of the two.
  const identity = {
    scenario: scenario.name,
    scenario_sha256: sha256File(file),
    seed: options.seed ?? scenario.seed,
    overrides,
    ledger: runner.ledger.kind,
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
  // Demand-market runs: each run's periods.ndjson, kept per run as its trace is (a sweep may vary
  // the market itself, and a resumed or merged sweep copies finished runs' files whole).
  const periodsDir = join(out, 'periods')
  const cleanup = () => {
    try {
      for (const dir of [tracesDir, periodsDir]) {
        if (!existsSync(dir)) continue
        for (const f of readdirSync(dir)) if (f.endsWith('.partial')) rmSync(join(dir, f), { force: true })
      }
    } finally {
      release()
      process.off('exit', release)
    }
  }
  options.onResource?.(cleanup)
  const finished = new Set(mine.filter((r) => existsSync(join(runsDir, `${r.id}.json`))).map((r) => r.id))
  const todo = mine.filter((r) => !finished.has(r.id))
  const ran: string[] = []
  const counts = countRuns(mine, finished)
  const started = Date.now()

  const runOne = async (run: PlannedRun) => {
    const begun = Date.now()
    const partial = join(tracesDir, `${run.id}.ndjson.partial`)
    const trace = createTraceWriter(partial)
    const periodsPartial = join(periodsDir, `${run.id}.ndjson.partial`)
    if (run.spec.demand) makeFolder(periodsDir)
    const periods = run.spec.demand ? createPeriodsWriter(periodsPartial) : undefined
    const result = await runner
      .run(run.spec, trace.write, undefined, periods?.write)
      .finally(() => Promise.allSettled([trace.close(), periods?.close()]))
    const traceSha256 = await trace.close()
    commitFile(partial, join(tracesDir, `${run.id}.ndjson`))
    const periodsSha256 = periods ? await periods.close() : null
    // Before the record, which marks the run finished.
    if (periods) commitFile(periodsPartial, join(periodsDir, `${run.id}.ndjson`))
    // Wall time is not part of the run's record (records are deterministic): it has its own file,
    // kept across resumes and merges like the record. It goes first because the record marks the
    // run finished: a kill -9 between the two must not leave a finished run without its timing.
    makeFolder(join(out, 'timing'))
    writeFileAtomic(
      join(out, 'timing', `${run.id}.json`),
      `${JSON.stringify({ wall_seconds: (Date.now() - begun) / 1000 })}\n`,
    )
    const record = toRunRecord(run, result, traceSha256, periodsSha256)
    writeFileAtomic(join(runsDir, `${run.id}.json`), `${JSON.stringify(record, null, 2)}\n`)
    ran.push(run.id)
    options.onProgress?.({ state: 'ran', id: run.id, counts: counts.record(run) })
  }

  try {
    makeFolder(runsDir)
    makeFolder(tracesDir)
    // What killed sweeps left (a trace.ndjson.tmp-PID, a run's .partial trace) is not output.
    removeLeftovers(out, { inside: true })
    options.onProgress?.({ state: 'started', out, shard, points: plan.points, counts: counts.now() })
    await runner.each(todo, runOne)
    const records = mine.map((r) => readRecord(join(out, 'runs', `${r.id}.json`)))
    const summary = await finishSweep({
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
      workers: runner.workers,
      started,
      ledgers: [ledgerLabel(runner.ledger)],
      overrides,
      tolerance: measuredAt(mine),
    })
    const resumed = mine.filter((r) => finished.has(r.id)).map((r) => r.id)
    return {
      scenario,
      out,
      shard,
      points: plan.points,
      replicates,
      runs: mine,
      ran,
      resumed,
      records,
      summary,
    }
  } catch (error) {
    throw explainWriteFailure(error, out)
  } finally {
    cleanup()
  }
}

/** Points and runs done over this shard's runs, from those already finished on. */
function countRuns(runs: readonly PlannedRun[], already: ReadonlySet<string>) {
  const left = new Map<number, number>()
  for (const run of runs) if (!already.has(run.id)) left.set(run.point, (left.get(run.point) ?? 0) + 1)
  const totalPoints = new Set(runs.map((r) => r.point)).size
  let done = runs.length - [...left.values()].reduce((a, b) => a + b, 0)
  let fresh = 0
  let last: string | undefined
  const now = (): SweepCounts => ({
    points: { done: totalPoints - left.size, total: totalPoints },
    runs: { done, total: runs.length },
    fresh,
    ...(last === undefined ? {} : { last }),
  })
  return {
    now,
    record(run: PlannedRun): SweepCounts {
      done++
      fresh++
      last = run.id
      const remaining = (left.get(run.point) ?? 1) - 1
      if (remaining > 0) left.set(run.point, remaining)
      else left.delete(run.point)
      return now()
    },
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
