import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'

export type Threads = {
  /** Send each thread its message (by index; default 'go') and wait until every one answers. */
  run(message?: (thread: number) => unknown): Promise<void>
  stop(): Promise<void>
}

/**
 * One baseline thread per `workerData` from the `.cjs` entry beside this file named `entry` (tsx's
 * hooks reach a worker's require() but not its entry point), ready once each has posted its
 * first message: the baselines of several benchmarks, each running its share in a tight loop.
 */
export async function startThreads(entry: string, workerData: readonly unknown[]): Promise<Threads> {
  const path = fileURLToPath(new URL(entry, import.meta.url))
  const workers = workerData.map(
    (data) => new Worker(path, { workerData: data, execArgv: [...process.execArgv] }),
  )
  await Promise.all(workers.map((w) => once(w, 'message')))
  return {
    async run(message = () => 'go') {
      await Promise.all(
        workers.map((w, i) => {
          const done = once(w, 'message')
          w.postMessage(message(i))
          return done
        }),
      )
    },
    async stop() {
      await Promise.all(workers.map((w) => w.terminate()))
    },
  }
}
