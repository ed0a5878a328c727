import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { InputError } from '../errors/index.ts'
import {
  explainWriteFailure,
  type ManifestTolerance,
  makeFolder,
  readRecord,
  removeLeftovers,
  type SweepRecord,
  type SweepSummary,
} from '../reports/index.ts'
import { parseScenario } from '../scenarios/index.ts'
import type { LedgerLabel } from './buildManifest.ts'
import { type FinishSweepInput, finishSweep } from './finishSweep.ts'

type Identity = {
  scenario: string
  scenario_sha256: string
  overrides?: Record<string, unknown>
  /** `anvil` or `memory`: folders from before verisim recorded it have none. */
  ledger?: string
  points: number
  replicates: number
  versions: Record<string, string>
}

const LEDGER_LABELS: readonly LedgerLabel[] = ['memory', 'anvil (embedded)', 'rpc']

export type MergeOptions = {
  /** Default: runs/NAME-sweep. It must not exist, or be empty. */
  out?: string
}

export type MergeResult = {
  /** The merged folder, now complete. */
  out: string
  /** Runs it holds, from how many shard folders. */
  runs: number
  folders: number
  /** What summary.json holds. */
  summary: SweepSummary
}

/**
 * Join shard folders (`verisim merge DIR... --out OUT`) of one sweep into the folder a single
 * machine would have written. It checks that every folder is a sweep of the same scenario,
 * seed and versions, that together they hold every run and each run's trace; the result is
 * built in a staging folder and renamed into place, so a failed merge leaves nothing behind.
 * A shard that got no points (more shards than points) holds no runs and joins like any other.
 */
export async function mergeShards(dirs: readonly string[], options: MergeOptions = {}): Promise<MergeResult> {
  if (dirs.length === 0)
    throw new InputError('`verisim merge` takes the shard folders to join', {
      hint: 'verisim merge runs/a runs/b --out runs/all',
    })
  const identities = dirs.map((dir) => readIdentity(dir))
  const first = identities[0] as (typeof identities)[number]
  for (const other of identities.slice(1)) checkSameSweep(first, other)
  const identity = first.identity

  const runs = new Map<string, { dir: string; text: string }>()
  for (const dir of dirs) {
    const runsDir = join(dir, 'runs')
    for (const name of existsSync(runsDir) ? readdirSync(runsDir).sort() : []) {
      if (!name.endsWith('.json')) continue
      const text = readFileSync(join(runsDir, name), 'utf8')
      const seen = runs.get(name)
      if (seen && seen.text !== text)
        throw new InputError(`run ${name} differs between ${seen.dir} and ${dir}`, {
          hint: 'the shards were not made from the same sweep; merge the folders of one sweep only',
        })
      runs.set(name, { dir, text })
    }
  }
  const missing: string[] = []
  for (let p = 0; p < identity.points; p++) {
    for (let r = 0; r < identity.replicates; r++) if (!runs.has(`${p}-${r}.json`)) missing.push(`${p}-${r}`)
  }
  if (missing.length > 0) {
    throw new InputError(`the folders lack ${missing.length} of the sweep's runs (first: ${missing[0]})`, {
      hint: 'run the missing shards, or resume them, then merge again',
    })
  }
  // A finished run whose trace is gone cannot be merged: say which, before writing anything.
  for (const [name, { dir }] of runs) {
    const trace = join('traces', name.replace(/\.json$/, '.ndjson'))
    if (!existsSync(join(dir, trace))) {
      throw new InputError(`${dir} lacks ${trace}, the trace of its run ${name.replace(/\.json$/, '')}`, {
        hint: `delete ${join(dir, 'runs', name)} and run that shard's sweep again to redo the run`,
      })
    }
  }
  const source = dirs.find(
    (dir) => existsSync(join(dir, 'manifest.json')) && existsSync(join(dir, 'scenario.resolved.yaml')),
  )
  if (source === undefined) {
    throw new InputError(
      `none of the folders has manifest.json and scenario.resolved.yaml (${dirs.join(', ')})`,
      { hint: 'a shard writes them when it finishes: run its sweep command again to finish it' },
    )
  }

  const out = options.out ?? join('runs', `${identity.scenario}-sweep`)
  if (existsSync(out) && readdirSync(out).length > 0) {
    throw new InputError(`output folder ${out} already exists and is not empty`, {
      hint: 'choose another --out',
    })
  }
  const staging = join(dirname(out), `.${basename(out)}.partial-${process.pid}`)
  let summary: SweepSummary
  try {
    makeFolder(dirname(out))
    // Staging folders of killed merges and runs are not output: they go before this one starts.
    removeLeftovers(out)
    rmSync(staging, { recursive: true, force: true })
    makeFolder(join(staging, 'runs'))
    makeFolder(join(staging, 'traces'))
    copyFileSync(join(first.dir, 'sweep.json'), join(staging, 'sweep.json'))
    const records: SweepRecord[] = []
    for (const [name, { dir }] of [...runs.entries()].sort()) {
      const id = name.replace(/\.json$/, '')
      copyFileSync(join(dir, 'runs', name), join(staging, 'runs', name))
      const trace = join(staging, 'traces', `${id}.ndjson`)
      copyFileSync(join(dir, 'traces', `${id}.ndjson`), trace)
      const record = readRecord(join(staging, 'runs', name))
      if (createHash('sha256').update(readFileSync(trace)).digest('hex') !== record.trace_sha256) {
        throw new InputError(`${join(dir, 'traces', `${id}.ndjson`)} does not match its run's trace_sha256`, {
          hint: `the trace was changed or cut short: delete ${join(dir, 'runs', name)} and run that shard's sweep again`,
        })
      }
      // A demand-market run's periods.ndjson travels with it, checked like its trace.
      const periodsSha256 = record.market?.periods_sha256
      if (periodsSha256) {
        const from = join(dir, 'periods', `${id}.ndjson`)
        if (!existsSync(from))
          throw new InputError(
            `${dir} lacks ${join('periods', `${id}.ndjson`)}, the periods of its run ${id}`,
            {
              hint: `delete ${join(dir, 'runs', name)} and run that shard's sweep again to redo the run`,
            },
          )
        makeFolder(join(staging, 'periods'))
        const periods = join(staging, 'periods', `${id}.ndjson`)
        copyFileSync(from, periods)
        if (createHash('sha256').update(readFileSync(periods)).digest('hex') !== periodsSha256)
          throw new InputError(`${from} does not match its run's periods_sha256`, {
            hint: `the file was changed or cut short: delete ${join(dir, 'runs', name)} and run that shard's sweep again`,
          })
      }
      records.push(record)
      const timing = join(dir, 'timing', name)
      if (existsSync(timing)) {
        makeFolder(join(staging, 'timing'))
        copyFileSync(timing, join(staging, 'timing', name))
      }
    }
    const scenarioText = readFileSync(join(source, 'scenario.resolved.yaml'), 'utf8')
    const manifest = JSON.parse(readFileSync(join(source, 'manifest.json'), 'utf8')) as {
      scenario: string
      calibration: FinishSweepInput['calibration']
    }
    // Shards on an embedded anvil and on an rpc node hold the same bytes; the manifest names both.
    const ledgers = dirs.flatMap((dir) => {
      const path = join(dir, 'manifest.json')
      if (!existsSync(path)) return []
      const { ledger } = JSON.parse(readFileSync(path, 'utf8')) as { ledger?: string }
      return (ledger ?? '')
        .split(' + ')
        .filter((l): l is LedgerLabel => LEDGER_LABELS.includes(l as LedgerLabel))
    })
    // Each shard measured its points' auto tolerances; the merge records them all again.
    const tolerance = dirs.flatMap((dir) => {
      const path = join(dir, 'manifest.json')
      if (!existsSync(path)) return []
      const { tolerance: measured = [] } = JSON.parse(readFileSync(path, 'utf8')) as {
        tolerance?: ManifestTolerance[]
      }
      return measured.flatMap(({ points, rule: _, ...entry }) =>
        points.map((point) => ({ point, measured: entry })),
      )
    })
    summary = await finishSweep({
      out: staging,
      scenarioPath: manifest.scenario,
      scenarioSha256: identity.scenario_sha256,
      scenario: parseScenario(scenarioText, join(source, 'scenario.resolved.yaml')),
      records,
      calibration: manifest.calibration,
      replicates: identity.replicates,
      workers: 0,
      started: Date.now(),
      ledgers,
      overrides: identity.overrides ?? {},
      tolerance,
    })
    rmSync(out, { recursive: true, force: true })
    renameSync(staging, out)
  } catch (error) {
    rmSync(staging, { recursive: true, force: true })
    throw explainWriteFailure(error, out, staging)
  }
  return { out, runs: runs.size, folders: dirs.length, summary }
}

function readIdentity(dir: string): { dir: string; text: string; identity: Identity } {
  const path = join(dir, 'sweep.json')
  if (!existsSync(path)) throw new InputError(`${dir} is not a sweep folder (no sweep.json)`)
  const text = readFileSync(path, 'utf8')
  try {
    return { dir, text, identity: JSON.parse(text) as Identity }
  } catch {
    throw new InputError(`${path} is not valid JSON`, {
      hint: 'it was edited or cut short; rerun that shard',
    })
  }
}

/** Shards join only when made from the same sweep by the same software; the error says what differs. */
function checkSameSweep(
  first: { dir: string; text: string; identity: Identity },
  other: { dir: string; text: string; identity: Identity },
): void {
  if (other.text === first.text) return
  const ledgerA = first.identity.ledger ?? 'anvil'
  const ledgerB = other.identity.ledger ?? 'anvil'
  if (ledgerA !== ledgerB) {
    throw new InputError(
      `${first.dir} settled on the ${ledgerA} ledger and ${other.dir} on the ${ledgerB} ledger: their gas figures differ, so they do not merge`,
      { hint: `rerun ${other.dir} with --ledger ${ledgerA}, or ${first.dir} with --ledger ${ledgerB}` },
    )
  }
  const a = first.identity.versions ?? {}
  const b = other.identity.versions ?? {}
  const differs = [...new Set([...Object.keys(a), ...Object.keys(b)])].find((k) => a[k] !== b[k])
  const { versions: _a, ...restA } = first.identity
  const { versions: _b, ...restB } = other.identity
  if (differs !== undefined && JSON.stringify(restA) === JSON.stringify(restB)) {
    throw new InputError(
      `${other.dir} was made with ${differs} ${b[differs] ?? '(none)'} and ${first.dir} with ${differs} ${a[differs] ?? '(none)'}`,
      { hint: 'merge only shards made with the same verisim and versions; rerun the odd shard with those' },
    )
  }
  throw new InputError(
    `${other.dir} is a sweep of another scenario, seed, --set or verisim version than ${first.dir}`,
    { hint: 'merge only the shards of one sweep, made with the same command and verisim' },
  )
}
