import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import type { SweepRecord } from '../reports/writeSweepOutputs.ts'
import { parseScenario } from '../scenarios/index.ts'
import { InputError } from '../sim/errors.ts'
import { type FinishSweepInput, finishSweep } from './finishSweep.ts'
import type { CliArgs } from './parseCliArgs.ts'
import { readRecord } from './sweepCommand.ts'

type Identity = { scenario: string; scenario_sha256: string; points: number; replicates: number }

/**
 * `verisim merge DIR... --out OUT`: join shard folders of one sweep into the folder a single
 * machine would have written. It checks that every folder is a sweep of the same scenario,
 * seed and versions and that together they hold every run; the result is built in a staging
 * folder and renamed into place, so a failed merge leaves nothing behind.
 */
export async function mergeCommand(args: CliArgs): Promise<void> {
  const dirs = args.positionals
  if (dirs.length === 0)
    throw new InputError('`verisim merge` takes the shard folders to join', {
      hint: 'verisim merge runs/a runs/b --out runs/all',
    })
  const identities = dirs.map((dir) => {
    const path = join(dir, 'sweep.json')
    if (!existsSync(path)) throw new InputError(`${dir} is not a sweep folder (no sweep.json)`)
    return { dir, text: readFileSync(path, 'utf8') }
  })
  const first = identities[0] as { dir: string; text: string }
  for (const other of identities.slice(1)) {
    if (other.text !== first.text) {
      throw new InputError(
        `${other.dir} is a sweep of another scenario, seed or verisim version than ${first.dir}`,
        {
          hint: 'merge only the shards of one sweep, made with the same verisim',
        },
      )
    }
  }
  const identity = JSON.parse(first.text) as Identity

  const runs = new Map<string, { dir: string; text: string }>()
  for (const dir of dirs) {
    const runsDir = join(dir, 'runs')
    for (const name of existsSync(runsDir) ? readdirSync(runsDir) : []) {
      if (!name.endsWith('.json')) continue
      const text = readFileSync(join(runsDir, name), 'utf8')
      const seen = runs.get(name)
      if (seen && seen.text !== text)
        throw new InputError(`run ${name} differs between ${seen.dir} and ${dir}`)
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

  const out = args.out ?? join('runs', `${identity.scenario}-sweep`)
  if (existsSync(out) && readdirSync(out).length > 0) {
    throw new InputError(`output folder ${out} already exists and is not empty`, {
      hint: 'choose another --out',
    })
  }
  mkdirSync(dirname(out), { recursive: true })
  const staging = join(dirname(out), `.${basename(out)}.partial-${process.pid}`)
  rmSync(staging, { recursive: true, force: true })
  try {
    mkdirSync(join(staging, 'runs'), { recursive: true })
    mkdirSync(join(staging, 'traces'), { recursive: true })
    copyFileSync(join(first.dir, 'sweep.json'), join(staging, 'sweep.json'))
    const records: SweepRecord[] = []
    for (const [name, { dir }] of [...runs.entries()].sort()) {
      const id = name.replace(/\.json$/, '')
      copyFileSync(join(dir, 'runs', name), join(staging, 'runs', name))
      copyFileSync(join(dir, 'traces', `${id}.ndjson`), join(staging, 'traces', `${id}.ndjson`))
      records.push(readRecord(join(staging, 'runs', name)))
    }
    const scenarioText = readFileSync(join(first.dir, 'scenario.resolved.yaml'), 'utf8')
    const manifest = JSON.parse(readFileSync(join(first.dir, 'manifest.json'), 'utf8')) as {
      scenario: string
      calibration: FinishSweepInput['calibration']
    }
    await finishSweep({
      out: staging,
      scenarioPath: manifest.scenario,
      scenarioSha256: identity.scenario_sha256,
      scenario: parseScenario(scenarioText, join(first.dir, 'scenario.resolved.yaml')),
      records,
      calibration: manifest.calibration,
      replicates: identity.replicates,
      wall: {},
      workers: 0,
      started: Date.now(),
    })
    rmSync(out, { recursive: true, force: true })
    renameSync(staging, out)
  } catch (error) {
    rmSync(staging, { recursive: true, force: true })
    throw error
  }
  if (!args.quiet) process.stdout.write(`merge: ${runs.size} runs from ${dirs.length} folders in ${out}\n`)
}
