import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { basename, join, relative, resolve } from 'node:path'
import { parseDocument } from 'yaml'
import { createRunner, planScenario, type Runner } from '../lab/index.ts'
import {
  explainWriteFailure,
  formatJunit,
  type JunitCase,
  makeFolder,
  writeFileAtomic,
} from '../reports/index.ts'
import type { Overrides } from '../scenarios/index.ts'
import { BaseError, InputError } from '../sim/index.ts'
import { evaluatePlan, parseInvariants, type Verdict } from './evaluatePlan.ts'
import { ledgerChoice } from './ledgerChoice.ts'
import { onInterrupt } from './onInterrupt.ts'
import type { CliArgs } from './parseCliArgs.ts'
import { prepareOutputFile } from './prepareOutputFile.ts'
import { resolveSetFlags } from './resolveSetFlags.ts'
import { shrinkFailure } from './shrinkFailure.ts'

/** Saved minimal failures live here, keyed by scenario and invariant, and run first next time. */
const FAILURES = join('.verisim', 'failures')
const SOURCE_TAG = '# verisim-failure-of: '

/**
 * `verisim check FILE|DIR...`: run each scenario (each sweep point) and judge its invariants.
 * Exit 0 when all hold, 1 when any is violated or cannot be evaluated, 2 on bad input. A
 * violation is shrunk to a minimal scenario, written beside the output and saved so the next
 * `check` runs it first.
 */
export async function checkCommand(args: CliArgs): Promise<number> {
  if (args.positionals.length === 0) throw new InputError('`verisim check` takes scenario files or folders')
  const files = collectScenarioFiles(args.positionals)
  const out = args.out ?? join('runs', 'check')
  const cases: JunitCase[] = []
  const say = (line: string) => {
    if (!args.quiet) process.stdout.write(`${line}\n`)
  }
  // Every file is planned and its invariants checked before any chain starts.
  const plans = []
  for (const file of files) {
    const overrides = resolveSetFlags(file, args.set, 'sweep')
    const plan = await planScenario(file, {
      overrides,
      ...(args.seed === undefined ? {} : { seed: args.seed }),
    })
    const invariants = parseInvariants(file, plan)
    if (invariants.length === 0) throw new InputError(`${file}: has no invariants: block to check`)
    plans.push({ file, plan, invariants, overrides })
  }
  if (args.junit) prepareOutputFile(args.junit, '--junit')
  const workers = args.workers ?? availableParallelism()
  const runner = createRunner({
    workers,
    parallel: args.parallel ?? availableParallelism(),
    ledger: ledgerChoice(args),
  })
  const removeInterrupt = onInterrupt(() => runner.close())
  let failed = false
  try {
    for (const saved of savedFailures(files)) {
      const verdicts = await judge(runner, saved.path, cases, say, `saved failure of ${saved.source}`)
      if (verdicts.every((v) => v.holds === true)) {
        rmSync(saved.path)
        say(`FIXED saved failure ${saved.path} now holds; removed it`)
      } else failed = true
    }
    // Every verdict first (and the JUnit file), then the slower shrinking of the failures.
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
      for (const v of verdicts) {
        report(v, file, plan.points > 1, say)
        cases.push({
          suite: file,
          name: caseName(v, plan.points > 1),
          holds: v.holds,
          detail: v.detail,
          seconds,
        })
      }
      const shrunkInvariants = new Set<string>()
      for (const v of verdicts.filter((x) => x.holds !== true)) {
        failed = true
        if (shrunkInvariants.has(v.invariant)) continue
        shrunkInvariants.add(v.invariant)
        failures.push({ file, plan, overrides, verdict: v })
      }
    }
    if (args.junit) writeFileAtomic(args.junit, formatJunit(cases))
    for (const { file, plan, overrides: set, verdict: v } of failures) {
      // The --set values go into the minimal file too: it must fail without the flags.
      const start: Overrides = {
        ...(args.seed === undefined ? {} : { seed: args.seed }),
        sweep: { replicates: plan.replicates },
        ...set,
        ...v.params,
      }
      let overrides = start
      let found = 'failing scenario (not shrunk)'
      try {
        const shrunk = await shrinkFailure(runner, file, start, v.invariant, v.holds === false ? false : null)
        overrides = shrunk.overrides
        found = `minimal failing scenario (${shrunk.evaluations} shrink runs)`
      } catch (error) {
        // Shrinking only makes the reproduction smaller: the failing point itself still reproduces it.
        if (!(error instanceof BaseError)) throw error
        process.stderr.write(
          `verisim: could not shrink ${file} ${v.invariant}: ${error.message.split('\n')[0]}\n`,
        )
      }
      // Saved outside the shrink's error handling: a folder that cannot be written is the user's
      // to fix, not a reason to say the shrink failed.
      say(`  ${found}: ${saveMinimal(file, v.invariant, overrides, out)}`)
    }
  } finally {
    removeInterrupt()
    await runner.close()
  }
  const bad = cases.filter((c) => c.holds !== true).length
  say(`check: ${cases.length - bad} held, ${bad} violated`)
  return failed ? 1 : 0
}

async function judge(
  runner: Runner,
  file: string,
  cases: JunitCase[],
  say: (l: string) => void,
  suite: string,
) {
  const plan = await planScenario(file)
  const verdicts = await evaluatePlan(runner, plan, parseInvariants(file, plan))
  for (const v of verdicts) {
    report(v, file, false, say)
    cases.push({ suite, name: caseName(v, false), holds: v.holds, detail: v.detail, seconds: 0 })
  }
  return verdicts
}

function caseName(v: Verdict, many: boolean): string {
  return many ? `${v.invariant} @ ${JSON.stringify(v.params)}` : v.invariant
}

function report(v: Verdict, file: string, many: boolean, say: (l: string) => void): void {
  const verdict = v.holds === true ? 'PASS' : v.holds === false ? 'FAIL' : 'UNDEFINED'
  say(`${verdict} ${file} ${caseName(v, many)}: ${v.detail}`)
}

function collectScenarioFiles(paths: string[]): string[] {
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
function savedFailures(files: string[]): { path: string; source: string }[] {
  if (!existsSync(FAILURES)) return []
  const wanted = new Set(files.map((f) => resolve(f)))
  return readdirSync(FAILURES)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => {
      const path = join(FAILURES, name)
      const line =
        readFileSync(path, 'utf8')
          .split('\n')
          .find((l) => l.startsWith(SOURCE_TAG)) ?? ''
      return { path, source: line.slice(SOURCE_TAG.length).trim() }
    })
    .filter((s) => wanted.has(resolve(s.source)))
}

/** The scenario file with the failing point's values and the reductions applied, comments kept. */
function saveMinimal(file: string, invariant: string, overrides: Overrides, out: string): string {
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
    [FAILURES, `${key}.yaml`],
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
