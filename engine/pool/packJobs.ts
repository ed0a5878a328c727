import type { RunRef } from '../../sim/index.ts'
import { runKey } from '../../sim/index.ts'
import type { InferManyTask, ModelRef } from './protocol.ts'

type Job = { run: RunRef; inputSeed: number; checkpoints: boolean; output: boolean }

/** Jobs of one model as an InferManyTask's columns, each distinct run (runKey) sent once. */
export function packJobs(model: ModelRef, jobs: readonly Job[], tolerance: number): InferManyTask {
  const task: InferManyTask = {
    model,
    runs: [],
    runOf: [],
    inputSeeds: [],
    checkpoints: [],
    outputs: [],
    tolerance,
  }
  const index = new Map<string, number>()
  let last: RunRef | undefined
  let at = 0
  for (const { run, inputSeed, checkpoints, output } of jobs) {
    // Neighbours mostly share a run and a hardware object: skip building the key for them.
    const same =
      last !== undefined &&
      run.variant === last.variant &&
      run.hardware === last.hardware &&
      run.salt === last.salt
    if (!same) {
      const key = runKey(run)
      const known = index.get(key)
      if (known === undefined) {
        at = task.runs.length
        index.set(key, at)
        task.runs.push(run)
      } else at = known
      last = run
    }
    task.runOf.push(at)
    task.inputSeeds.push(inputSeed)
    task.checkpoints.push(checkpoints)
    task.outputs.push(output)
  }
  return task
}
