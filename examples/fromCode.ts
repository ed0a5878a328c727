// verisim from code: one run of the quickstart scenario and a small sweep over the sampling
// rate, read as metrics from what the calls return. From a project that installed verisim:
//
//   node --import tsx fromCode.ts        (or: npx tsx fromCode.ts)
//
// It settles on the in-process ledger (`--ledger memory` on the command line) so it takes
// seconds; leave out `ledger` to settle every run on a fresh embedded anvil.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createRunner, METRIC_NAMES, planScenario, runSweep } from 'verisim'

// Scenario files ship with the package; plain paths to your own files work the same way.
const quickstart = fileURLToPath(import.meta.resolve('verisim/scenarios/quickstart.yaml'))

const runner = createRunner({ workers: 1, parallel: 2, ledger: { kind: 'memory' } })
try {
  // One run: the scenario as written (a file without `sweep:` plans exactly one run).
  const single = await planScenario(quickstart)
  const [run] = single.runs
  if (!run) throw new Error('the quickstart plans no run')
  const result = await runner.run(run.spec)
  console.log(`run ${single.scenario.name}: ${result.counts.jobs} jobs`)
  for (const name of METRIC_NAMES) console.log(`  ${name} = ${result.metrics[name]}`)

  // A sweep: the same scenario, shorter, at two sampling rates × two replicates. Overrides take
  // dotted paths, as `verisim run --set` does, and may add a `sweep:` block. It writes the folder
  // `verisim sweep` writes (runs/, summary.json, report.html...); the same call on the same
  // folder after an interruption runs only the runs it lacks.
  const swept = await runSweep(runner, quickstart, {
    out: join(mkdtempSync(join(tmpdir(), 'verisim-')), 'sweep'),
    overrides: { duration: 300, sweep: { grid: { 'protocol.p': [0.05, 0.5] }, replicates: 2 } },
    onProgress: (event) => {
      if (event.state === 'ran')
        console.log(`  ran ${event.id} (${event.counts.runs.done}/${event.counts.runs.total})`)
    },
  })
  for (const point of swept.summary.points) {
    const { mean, ci95 } = point.metrics.undetected_fraud_rate
    console.log(
      `sweep point ${JSON.stringify(point.params)} (${point.replicates} replicates): ` +
        `undetected_fraud_rate mean ${mean} ci95 ${JSON.stringify(ci95)}`,
    )
  }
  console.log(`sweep folder ${swept.out}`)
} finally {
  // Stops the worker pool and every ledger the runner opened, also when a run failed.
  await runner.close()
}
