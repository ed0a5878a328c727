import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BenchResult, Clock } from './measure.ts'

type ScaleRun = { seconds: number; jobs: number; peakRssMiB: number; summary: string }

/**
 * One `verisim run` of bench/scale.yaml as a child process, so its peak RSS is its own (read
 * from GNU time's report) and its wall time includes everything a user waits for.
 */
function runScale(clock: Clock, duration: number, workers: number, out: string): ScaleRun {
  const bin = new URL('../cli/bin.js', import.meta.url).pathname
  const scenario = new URL('./scale.yaml', import.meta.url).pathname
  const start = clock.now()
  const r = spawnSync(
    '/usr/bin/time',
    [
      '-v',
      process.execPath,
      bin,
      'run',
      scenario,
      '--out',
      out,
      '--workers',
      String(workers),
      '--set',
      `duration=${duration}`,
      '--quiet',
    ],
    { encoding: 'utf8', env: { ...process.env, CI: 'true' }, maxBuffer: 64 * 1024 * 1024 },
  )
  const seconds = (clock.now() - start) / 1000
  if (r.status !== 0) throw new Error(`scale run failed: ${r.stderr.split('\n').slice(-5).join(' ')}`)
  const rssKiB = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1] ?? Number.NaN)
  const summary = readFileSync(join(out, 'summary.json'), 'utf8')
  return { seconds, jobs: JSON.parse(summary).counts.jobs as number, peakRssMiB: rssKiB / 1024, summary }
}

/**
 * 10,000 hosts and 1,000,000 jobs: peak RSS under 2 GiB, time per job within 1.3× of a
 * 10,000-job run of the same scenario, and byte-identical summaries with 1 and 2 workers.
 */
export async function benchScale(clock: Clock, jobs = 1_000_000): Promise<BenchResult[]> {
  const tmp = mkdtempSync(join(tmpdir(), 'verisim-scale-'))
  // 10 requesters at 1 job/s each: `duration` seconds give about 10 × duration jobs.
  const small = runScale(clock, 1_000, 2, join(tmp, 'small'))
  const large = runScale(clock, jobs / 10, 2, join(tmp, 'large'))
  const again = runScale(clock, jobs / 10, 1, join(tmp, 'large-1-worker'))
  const perJob = (r: ScaleRun) => r.seconds / r.jobs
  const ratio = perJob(large) / perJob(small)
  return [
    {
      name: `scale (${large.jobs} jobs, 10,000 hosts)`,
      ratio,
      goal: '<= 1.3 (time per job vs a 10,000-job run) and peak RSS < 2 GiB',
      met: ratio <= 1.3 && large.peakRssMiB < 2048,
      measured: { seconds: large.seconds, seconds_per_job: perJob(large), peak_rss_mib: large.peakRssMiB },
      baseline: { seconds: small.seconds, seconds_per_job: perJob(small), jobs: small.jobs },
    },
    {
      name: 'determinism at scale (1 vs 2 workers)',
      ratio: again.summary === large.summary ? 1 : 0,
      goal: '1 (byte-identical summary.json)',
      met: again.summary === large.summary,
      measured: { identical: again.summary === large.summary ? 1 : 0, seconds_1_worker: again.seconds },
      baseline: { seconds_2_workers: large.seconds },
    },
  ]
}
