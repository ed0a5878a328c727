import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { basename, join, relative, resolve } from 'node:path'
import { parseDocument } from 'yaml'
import { BaseError, InputError, ScenarioFieldError } from '../errors/index.ts'
import { explainWriteFailure, makeFolder, writeFileAtomic } from '../reports/index.ts'
import type { Overrides } from '../scenarios/index.ts'
import type { Runner } from './createRunner.ts'
import { evaluatePlan, parseInvariants, type Verdict } from './evaluatePlan.ts'
import { planScenario } from './planScenario.ts'
import { shrinkFailure } from './shrinkFailure.ts'

/** Where `verisim check` saves minimal failures (relative to the working folder) and finds them next time. */
export const FAILURES_FOLDER = join('.verisim', 'failures')
const SOURCE_TAG = '# verisim-failure-of: '

export type CheckVerdict = Verdict & {
  /** The scenario file judged: one of those checked, or a saved failure's own file. */
  file: string
  /** What the verdict is grouped under (a JUnit suite): the file, or `saved failure of SOURCE`. */
  suite: string
  /** The invariant's name, followed by the point's parameters when the file is a sweep. */
  name: string
  /** Wall seconds spent per verdict of the file (0 for a saved failure). */
  seconds: number
}

export type SavedFailure = {
  /** The saved minimal scenario (in the failures folder). */
  path: string
  /** The scenario file it was shrunk from. */
  source: string
}

export type MinimalFailure = {
  file: string
  invariant: string
  /** The minimal scenario written in `out`; a copy is saved in the failures folder. */
  path: string
  /** Shrink runs behind it; absent when shrinking failed and the failing point itself was written. */
  evaluations?: number
  /** Why shrinking failed (one line), when it did. */
  shrinkError?: string
}

export type CheckScenariosOptions = {
  /** Scenario fields replaced by dotted path in every file, or per file (`--set`, checked against each). */
  overrides?: Overrides | ((file: string) => Overrides)
  /** Replaces every scenario's seed. */
  seed?: number
  /** Where minimal failing scenarios are written (default runs/check). */
  out?: string
  /** Where minimal failures are saved and read back, to be run first next time (default FAILURES_FOLDER). */
  failures?: string
  /** Called once every file is planned and its invariants parsed, before anything runs. */
  ready?: () => void
  onVerdict?: (verdict: CheckVerdict) => void
  /** A saved failure that now holds; its file has been removed. */
  onFixed?: (saved: SavedFailure) => void
  /** Every verdict is in (saved failures first); shrinking the failures comes next. */
  onJudged?: (verdicts: readonly CheckVerdict[]) => void
  /** Shrinking a failure failed (the failing point itself is written instead); told before writing it. */
  onShrinkFailed?: (failure: { file: string; invariant: string; message: string }) => void
  onMinimal?: (minimal: MinimalFailure) => void
}

export type CheckResult = {
  /** Saved failures' verdicts first, then each file's, in the order they were judged. */
  verdicts: CheckVerdict[]
  /** Saved failures that hold again, removed from the failures folder. */
  fixed: SavedFailure[]
  /** One minimal failing scenario per violated (or undefined) invariant of each file. */
  minimal: MinimalFailure[]
}

/**
 * Run each scenario of `paths` (files, or folders of .yaml files) and each of its sweep points,
 * and judge its invariants. Saved failures of these scenarios run first and are removed once
 * they hold. A violated or undefined invariant is then shrunk to a minimal scenario, written to
 * `out` and saved so the next check runs it first. Every file is planned and its invariants
 * parsed before anything runs, so bad input costs no runs.
 */
export async function checkScenarios(
  runner: Runner,
  paths: readonly string[],
  options: CheckScenariosOptions = {},
): Promise<CheckResult> {
  const out = options.out ?? join('runs', 'check')
  const failuresFolder = options.failures ?? FAILURES_FOLDER
  const files = collectScenarioFiles(paths)
  const plans = []
  for (const file of files) {
    const overrides =
      typeof options.overrides === 'function' ? options.overrides(file) : (options.overrides ?? {})
    const plan = await planScenario(file, {
      overrides,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
    })
    const invariants = parseInvariants(file, plan)
    if (invariants.length === 0) throw new ScenarioFieldError('has no invariants: block to check', { file })
    plans.push({ file, plan, invariants, overrides })
  }
  options.ready?.()
  const result: CheckResult = { verdicts: [], fixed: [], minimal: [] }
  const record = (verdict: CheckVerdict) => {
    result.verdicts.push(verdict)
    options.onVerdict?.(verdict)
  }
  for (const saved of savedFailures(files, failuresFolder)) {
    const plan = await planScenario(saved.path)
    const verdicts = await evaluatePlan(runner, plan, parseInvariants(saved.path, plan))
    for (const v of verdicts) {
      const suite = `saved failure of ${saved.source}`
      record({ ...v, file: saved.path, suite, name: caseName(v, false), seconds: 0 })
    }
    if (verdicts.every((v) => v.holds === true)) {
      rmSync(saved.path)
      result.fixed.push(saved)
      options.onFixed?.(saved)
    }
  }
  // Every verdict first, then the slower shrinking of the failures.
  const failures: {
    file: string
    plan: (typeof plans)[number]['plan']
    overrides: Overrides
    verdict: Verdict
  }[] = []
  for (const { file, plan, invariants, overrides } of plans) {
    const started = Date.now()
    const verdicts = await evaluatePlan(runner, plan, invariants)
    const seconds = (Date.now() - started) / 1000 / Math.max(1, verdicts.length)
    for (const v of verdicts) record({ ...v, file, suite: file, name: caseName(v, plan.points > 1), seconds })
    const shrunkInvariants = new Set<string>()
    for (const v of verdicts.filter((x) => x.holds !== true)) {
      if (shrunkInvariants.has(v.invariant)) continue
      shrunkInvariants.add(v.invariant)
      failures.push({ file, plan, overrides, verdict: v })
    }
  }
  options.onJudged?.(result.verdicts)
  for (const { file, plan, overrides: set, verdict: v } of failures) {
    // The --set values go into the minimal file too: it must fail without the flags.
    const start: Overrides = {
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      sweep: { replicates: plan.replicates },
      ...set,
      ...v.params,
    }
    let overrides = start
    let shrunk: Pick<MinimalFailure, 'evaluations' | 'shrinkError'>
    try {
      const found = await shrinkFailure(runner, file, start, v.invariant, v.holds === false ? false : null)
      overrides = found.overrides
      shrunk = { evaluations: found.evaluations }
    } catch (error) {
      // Shrinking only makes the reproduction smaller: the failing point itself still reproduces it.
      if (!(error instanceof BaseError)) throw error
      const message = error.message.split('\n')[0] as string
      shrunk = { shrinkError: message }
      options.onShrinkFailed?.({ file, invariant: v.invariant, message })
    }
    // Saved outside the shrink's error handling: a folder that cannot be written is the user's
    // to fix, not a reason to say the shrink failed.
    const path = saveMinimal(file, v.invariant, overrides, out, failuresFolder)
    const minimal: MinimalFailure = { file, invariant: v.invariant, path, ...shrunk }
    result.minimal.push(minimal)
    options.onMinimal?.(minimal)
  }
  return result
}

function caseName(v: Verdict, many: boolean): string {
  return many ? `${v.invariant} @ ${JSON.stringify(v.params)}` : v.invariant
}

function collectScenarioFiles(paths: readonly string[]): string[] {
  const files: string[] = []
  const walk = (path: string) => {
    if (!existsSync(path)) throw new InputError(`no such file or folder: ${path}`)
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).sort()) walk(join(path, name))
    } else if (/\.ya?ml$/.test(path)) files.push(path)
  }
  for (const p of paths) walk(p)
  if (files.length === 0) throw new InputError(`no .yaml scenario files in ${paths.join(', ')}`)
  return files
}

/** Saved failures whose source scenario is among the files being checked, oldest first. */
function savedFailures(files: string[], folder: string): SavedFailure[] {
  if (!existsSync(folder)) return []
  const wanted = new Set(files.map((f) => resolve(f)))
  return readdirSync(folder)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => {
      const path = join(folder, name)
      const line =
        readFileSync(path, 'utf8')
          .split('\n')
          .find((l) => l.startsWith(SOURCE_TAG)) ?? ''
      return { path, source: line.slice(SOURCE_TAG.length).trim() }
    })
    .filter((s) => wanted.has(resolve(s.source)))
}

/** The scenario file with the failing point's values and the reductions applied, comments kept. */
function saveMinimal(
  file: string,
  invariant: string,
  overrides: Overrides,
  out: string,
  failuresFolder: string,
): string {
  const doc = parseDocument(readFileSync(file, 'utf8'))
  for (const [path, value] of Object.entries(overrides)) doc.setIn(path.split('.'), doc.createNode(value))
  // Keep only the invariant that failed, so the saved file checks exactly that.
  const invariants = doc.get('invariants', true)
  if (invariants && typeof invariants === 'object' && 'items' in invariants) {
    for (const name of Object.keys(doc.toJS().invariants ?? {}))
      if (name !== invariant) doc.deleteIn(['invariants', name])
  }
  doc.commentBefore = [
    ` Minimal scenario found by verisim check: invariant '${invariant}' of ${file} fails here.`,
    `${SOURCE_TAG.slice(1)}${relative('.', resolve(file))}`,
  ].join('\n')
  const text = doc.toString()
  const key = createHash('sha256')
    .update(`${resolve(file)}\n${invariant}`)
    .digest('hex')
    .slice(0, 12)
  const name = `${basename(file).replace(/\.ya?ml$/, '')}.${invariant}.min.yaml`
  for (const [folder, base] of [
    [out, name],
    [failuresFolder, `${key}.yaml`],
  ] as const) {
    try {
      makeFolder(folder)
      writeFileAtomic(join(folder, base), text)
    } catch (error) {
      throw explainWriteFailure(error, folder)
    }
  }
  return join(out, name)
}
