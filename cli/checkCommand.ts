import { availableParallelism } from 'node:os'
import { InputError } from '../errors/index.ts'
import { type CheckResult, checkScenarios, createRunner } from '../lab/index.ts'
import { formatJunit, prepareOutputFile, writeFileAtomic } from '../reports/index.ts'
import { ledgerChoice } from './ledgerChoice.ts'
import { onInterrupt } from './onInterrupt.ts'
import type { CliArgs } from './parseCliArgs.ts'
import { resolveSetFlags } from './resolveSetFlags.ts'

/**
 * `verisim check FILE|DIR...`: run each scenario (each sweep point) and judge its invariants.
 * Exit 0 when all hold, 1 when any is violated or cannot be evaluated, 2 on bad input. A
 * violation is shrunk to a minimal scenario, written beside the output and saved so the next
 * `check` runs it first.
 */
export async function checkCommand(args: CliArgs): Promise<number> {
  if (args.positionals.length === 0) throw new InputError('`verisim check` takes scenario files or folders')
  const say = (line: string) => {
    if (!args.quiet) process.stdout.write(`${line}\n`)
  }
  const ledger = ledgerChoice(args)
  const workers = args.workers ?? availableParallelism()
  const runner = createRunner({ workers, parallel: args.parallel ?? availableParallelism(), ledger })
  const removeInterrupt = onInterrupt(() => runner.close())
  let result: CheckResult
  try {
    result = await checkScenarios(runner, args.positionals, {
      overrides: (file) => resolveSetFlags(file, args.set, 'sweep'),
      ...(args.seed === undefined ? {} : { seed: args.seed }),
      ...(args.out === undefined ? {} : { out: args.out }),
      ready: () => {
        if (args.junit) prepareOutputFile(args.junit, '--junit')
      },
      onVerdict: (v) => {
        const verdict = v.holds === true ? 'PASS' : v.holds === false ? 'FAIL' : 'UNDEFINED'
        say(`${verdict} ${v.file} ${v.name}: ${v.detail}`)
      },
      onFixed: (saved) => say(`FIXED saved failure ${saved.path} now holds; removed it`),
      // Written before the slower shrinking, so an interrupted shrink still leaves the verdicts.
      onJudged: (all) => {
        if (args.junit) writeFileAtomic(args.junit, formatJunit(all))
      },
      onShrinkFailed: (f) =>
        process.stderr.write(`verisim: could not shrink ${f.file} ${f.invariant}: ${f.message}\n`),
      onMinimal: (m) => {
        const found =
          m.evaluations === undefined
            ? 'failing scenario (not shrunk)'
            : `minimal failing scenario (${m.evaluations} shrink runs)`
        say(`  ${found}: ${m.path}`)
      },
    })
  } finally {
    removeInterrupt()
    await runner.close()
  }
  const { verdicts } = result
  const bad = verdicts.filter((v) => v.holds !== true).length
  say(`check: ${verdicts.length - bad} held, ${bad} violated`)
  return bad > 0 ? 1 : 0
}
