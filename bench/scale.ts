import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BenchResult, Clock } from './measure.ts'
import { runCliMeasured } from './runCliMeasured.ts'

type ScaleRun = { seconds: number; jobs: number; peakRssMiB: number; summary: string }

/**
 * One `verisim run` of bench/scale.yaml as a child process, so its time includes everything a
 * user waits for; its peak memory is the largest sum, sampled twice a second, of the resident
 * memory of verisim and everything it started (anvil included).
 */
async function runScale(clock: Clock, duration: number, workers: number, out: string): Promise<ScaleRun> {
  const scenario = new URL('./scale.yaml', import.meta.url).pathname
  const args = ['run', scenario, '--out', out, '--workers', String(workers), '--set', `duration=${duration}`]
  const { seconds, peakKiB } = await runCliMeasured(clock, args, 'scale run')
  const summary = readFileSync(join(out, 'summary.json'), 'utf8')
  return { seconds, jobs: JSON.parse(summary).counts.jobs as number, peakRssMiB: peakKiB / 1024, summary }
}

/**
 * 10,000 hosts and 1,000,000 jobs: peak memory under 2 GiB, time per job within 1.3× of a
 * 10,000-job run of the same scenario, and byte-identical summaries with 1 and 2 workers. A
 * 100,000-job run is measured too, to show where between the two the cost per job settles.
 */
export async function benchScale(clock: Clock, jobs = 1_000_000): Promise<BenchResult[]> {
  const tmp = mkdtempSync(join(tmpdir(), 'verisim-scale-'))
  // 100 requesters at 1 job/s each: `duration` seconds give about 100 × duration jobs.
  const small = await runScale(clock, 100, 2, join(tmp, 'small'))
  const middle = await runScale(clock, jobs / 1000, 2, join(tmp, 'middle'))
  const large = await runScale(clock, jobs / 100, 2, join(tmp, 'large'))
  const again = await runScale(clock, jobs / 100, 1, join(tmp, 'large-1-worker'))
  const perJob = (r: ScaleRun) => r.seconds / r.jobs
  const ratio = perJob(large) / perJob(small)
  const peak = Math.max(large.peakRssMiB, again.peakRssMiB)
  return [
    {
      name: `scale (${large.jobs} jobs, 10,000 hosts)`,
      ratio,
      goal: '<= 1.3 (time per job vs a 10,000-job run) and peak memory < 2 GiB',
      met: ratio <= 1.3 && peak < 2048,
      measured: {
        seconds: large.seconds,
        seconds_per_job: perJob(large),
        peak_rss_mib: peak,
        seconds_per_job_middle_run: perJob(middle),
        jobs_middle_run: middle.jobs,
      },
      baseline: { seconds: small.seconds, seconds_per_job: perJob(small), jobs: small.jobs },
      note: 'peak memory: verisim and anvil together; the small run pays the 10,000-host set-up alone',
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
