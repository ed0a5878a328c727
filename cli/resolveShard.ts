import { InputError } from '../sim/errors.ts'

export type Shard = { index: number; count: number }

/**
 * Which slice of a sweep this process runs: `--shard i/N`, or `--shards N` with the index from
 * a Kubernetes Indexed Job (JOB_COMPLETION_INDEX), or a Slurm array (SLURM_ARRAY_TASK_ID and
 * SLURM_ARRAY_TASK_COUNT). Indices are 0-based; without any of these, the whole sweep.
 */
export function resolveShard(flags: { shard?: string; shards?: string }, env: NodeJS.ProcessEnv): Shard {
  if (flags.shard !== undefined) {
    const match = /^(\d+)\/(\d+)$/.exec(flags.shard)
    if (!match) throw new InputError(`--shard must look like i/N (e.g. 0/4), got '${flags.shard}'`)
    return checked(Number(match[1]), Number(match[2]), '--shard')
  }
  if (flags.shards !== undefined) {
    const count = Number(flags.shards)
    const raw = env.JOB_COMPLETION_INDEX ?? env.SLURM_ARRAY_TASK_ID
    if (raw === undefined) {
      throw new InputError('--shards needs JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID in the environment', {
        hint: 'or pass --shard i/N',
      })
    }
    return checked(
      Number(raw),
      count,
      env.JOB_COMPLETION_INDEX !== undefined ? 'JOB_COMPLETION_INDEX' : 'SLURM_ARRAY_TASK_ID',
    )
  }
  if (env.SLURM_ARRAY_TASK_ID !== undefined && env.SLURM_ARRAY_TASK_COUNT !== undefined) {
    return checked(Number(env.SLURM_ARRAY_TASK_ID), Number(env.SLURM_ARRAY_TASK_COUNT), 'SLURM_ARRAY_TASK_ID')
  }
  // An array task that does not know how many shards there are would silently run everything.
  const orphan =
    env.JOB_COMPLETION_INDEX !== undefined
      ? 'JOB_COMPLETION_INDEX'
      : env.SLURM_ARRAY_TASK_ID !== undefined
        ? 'SLURM_ARRAY_TASK_ID'
        : undefined
  if (orphan) throw new InputError(`${orphan} is set but the shard count is not`, { hint: 'pass --shards N' })
  return { index: 0, count: 1 }
}

function checked(index: number, count: number, source: string): Shard {
  if (!Number.isInteger(count) || count < 1)
    throw new InputError(`${source}: the shard count must be an integer >= 1, got ${count}`)
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new InputError(
      `${source}: shard index ${index} is out of range for ${count} shards (0 to ${count - 1})`,
    )
  }
  return { index, count }
}
