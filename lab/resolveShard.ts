import { InputError } from '../errors/index.ts'

/** Shard `index` of `count`, counted from 1 as typed (`--shard 1/2`, `--shard 2/2`). */
export type Shard = { index: number; count: number }

/**
 * Which slice of a sweep this process runs. `--shard i/N` counts from 1, as vitest, jest and
 * playwright do. `--shards N` takes the number from the scheduler: a Kubernetes Indexed Job's
 * JOB_COMPLETION_INDEX counts from 0 (index 0 is shard 1); a Slurm array's SLURM_ARRAY_TASK_ID
 * is the shard number itself, so the array is submitted as `--array=1-N`. The count is always
 * given, never read from SLURM_ARRAY_TASK_COUNT: resubmitting one task (`sbatch --array=2`)
 * makes that 1. Without any of these, the whole sweep.
 */
export function resolveShard(flags: { shard?: string; shards?: string }, env: NodeJS.ProcessEnv): Shard {
  if (flags.shard !== undefined) {
    const match = /^(\d+)\/(\d+)$/.exec(flags.shard)
    if (!match)
      throw new InputError(`--shard must look like i/N, counted from 1 (e.g. 1/4), got '${flags.shard}'`)
    return checked(Number(match[1]), Number(match[2]), `--shard ${flags.shard}`)
  }
  if (flags.shards !== undefined) {
    const count = Number(flags.shards)
    if (env.JOB_COMPLETION_INDEX !== undefined) {
      const index = wholeNumber(env.JOB_COMPLETION_INDEX)
      return checked(index + 1, count, `JOB_COMPLETION_INDEX=${env.JOB_COMPLETION_INDEX} (counted from 0)`, {
        hint: `an Indexed Job for --shards ${flags.shards} has completions: ${flags.shards} (indices 0 to ${count - 1})`,
      })
    }
    if (env.SLURM_ARRAY_TASK_ID !== undefined) {
      return checked(
        wholeNumber(env.SLURM_ARRAY_TASK_ID),
        count,
        `SLURM_ARRAY_TASK_ID=${env.SLURM_ARRAY_TASK_ID} (the shard number, counted from 1)`,
        { hint: `submit the array as --array=1-${flags.shards}` },
      )
    }
    throw new InputError('--shards needs JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID in the environment', {
      hint: 'or pass --shard i/N',
    })
  }
  // An array task that does not know how many shards there are would silently run everything.
  const orphan =
    env.JOB_COMPLETION_INDEX !== undefined
      ? 'JOB_COMPLETION_INDEX'
      : env.SLURM_ARRAY_TASK_ID !== undefined
        ? 'SLURM_ARRAY_TASK_ID'
        : undefined
  if (orphan)
    throw new InputError(`${orphan} is set but the shard count is not`, {
      hint: 'pass --shards N (the array size), or --shard i/N',
    })
  return { index: 1, count: 1 }
}

/** NaN for anything but digits, so a value like '1e3' or ' 2' is refused by `checked`. */
function wholeNumber(text: string): number {
  return /^\d+$/.test(text) ? Number(text) : Number.NaN
}

function checked(index: number, count: number, source: string, options: { hint?: string } = {}): Shard {
  if (!Number.isInteger(count) || count < 1)
    throw new InputError(`${source}: the shard count must be an integer >= 1, got ${count}`)
  if (!Number.isInteger(index) || index < 1 || index > count) {
    throw new InputError(
      `${source}: shard ${Number.isNaN(index) ? 'number' : index} is out of range for ${count} shards (shards are counted from 1: 1 to ${count})`,
      options,
    )
  }
  return { index, count }
}
