import { describe, expect, it } from 'vitest'
import { resolveShard } from './resolveShard.ts'

describe('resolveShard', () => {
  it('reads --shard i/N counted from 1, as vitest and jest do', () => {
    expect(resolveShard({ shard: '1/2' }, {})).toEqual({ index: 1, count: 2 })
    expect(resolveShard({ shard: '2/2' }, {})).toEqual({ index: 2, count: 2 })
  })
  it('maps the 0-based JOB_COMPLETION_INDEX onto shard numbers: index 0 is shard 1', () => {
    expect(resolveShard({ shards: '3' }, { JOB_COMPLETION_INDEX: '0' })).toEqual({ index: 1, count: 3 })
    expect(resolveShard({ shards: '3' }, { JOB_COMPLETION_INDEX: '2' })).toEqual({ index: 3, count: 3 })
    expect(() => resolveShard({ shards: '3' }, { JOB_COMPLETION_INDEX: '3' })).toThrow(/completions: 3/)
  })
  it('takes a Slurm array id as the shard number (--array=1-N)', () => {
    expect(resolveShard({ shards: '3' }, { SLURM_ARRAY_TASK_ID: '1' })).toEqual({ index: 1, count: 3 })
    expect(resolveShard({ shards: '3' }, { SLURM_ARRAY_TASK_ID: '3' })).toEqual({ index: 3, count: 3 })
    expect(() => resolveShard({ shards: '3' }, { SLURM_ARRAY_TASK_ID: '0' })).toThrow(/--array=1-3/)
  })
  it('never takes the shard count from SLURM_ARRAY_TASK_COUNT, which is 1 for a resubmitted task', () => {
    // `sbatch --array=2` of a 4-task array: the count comes from --shards 4, not the environment.
    const resubmitted = { SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_COUNT: '1' }
    expect(resolveShard({ shards: '4' }, resubmitted)).toEqual({ index: 2, count: 4 })
    expect(() => resolveShard({}, resubmitted)).toThrow(/--shards N/)
  })
  it('is the whole sweep by default', () => {
    expect(resolveShard({}, {})).toEqual({ index: 1, count: 1 })
  })
  it('refuses an array index without a shard count', () => {
    expect(() => resolveShard({}, { JOB_COMPLETION_INDEX: '1' })).toThrow(/--shards N/)
    expect(() => resolveShard({}, { SLURM_ARRAY_TASK_ID: '1' })).toThrow(/--shards N/)
  })
  it('refuses shard 0/N and N+1/N with the range it takes, and malformed values', () => {
    expect(() => resolveShard({ shard: '0/4' }, {})).toThrow(
      /^--shard 0\/4: shard 0 is out of range for 4 shards \(shards are counted from 1: 1 to 4\)$/,
    )
    expect(() => resolveShard({ shard: '5/4' }, {})).toThrow(/shard 5 is out of range for 4 shards/)
    expect(() => resolveShard({ shard: 'x' }, {})).toThrow(/i\/N, counted from 1/)
    expect(() => resolveShard({ shards: '2' }, {})).toThrow(/JOB_COMPLETION_INDEX/)
    expect(() => resolveShard({ shards: '0' }, { JOB_COMPLETION_INDEX: '0' })).toThrow(/>= 1/)
    expect(() => resolveShard({ shards: '2' }, { JOB_COMPLETION_INDEX: 'x' })).toThrow(/out of range/)
  })
})
