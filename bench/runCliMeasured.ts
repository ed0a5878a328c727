import { spawn } from 'node:child_process'
import type { Clock } from './measure.ts'
import { treeRssKiB } from './sampleTreeRss.ts'

/**
 * Run `verisim ARGS --quiet` as a child process, so its time includes everything a user waits
 * for (start-up, the workers, writing the report), and sample twice a second the resident memory
 * of it and its workers together. A failed run throws with the end of its stderr, named `what`.
 */
export async function runCliMeasured(
  clock: Clock,
  args: readonly string[],
  what: string,
): Promise<{ seconds: number; peakKiB: number }> {
  const bin = new URL('../cli/bin.js', import.meta.url).pathname
  const start = clock.now()
  const child = spawn(process.execPath, [bin, ...args, '--quiet'], {
    env: { ...process.env, CI: 'true' },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000)
  })
  let peakKiB = 0
  const sampler = setInterval(() => {
    if (child.pid !== undefined) peakKiB = Math.max(peakKiB, treeRssKiB(child.pid))
  }, 500)
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)))
  clearInterval(sampler)
  const seconds = (clock.now() - start) / 1000
  if (code !== 0)
    throw new Error(`${what} failed (exit ${code}): ${stderr.trim().split('\n').slice(-3).join(' ')}`)
  return { seconds, peakKiB }
}
