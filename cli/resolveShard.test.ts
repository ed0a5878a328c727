import { describe, expect, it } from 'vitest'
import { resolveShard } from './resolveShard.ts'

describe('resolveShard', () => {
  it('reads --shard i/N', () => {
    expect(resolveShard({ shard: '2/4' }, {})).toEqual({ index: 2, count: 4 })
  })
  it('reads the index from Kubernetes or Slurm with --shards N', () => {
    expect(resolveShard({ shards: '3' }, { JOB_COMPLETION_INDEX: '1' })).toEqual({ index: 1, count: 3 })
    expect(resolveShard({ shards: '3' }, { SLURM_ARRAY_TASK_ID: '2' })).toEqual({ index: 2, count: 3 })
    expect(resolveShard({}, { SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_COUNT: '2' })).toEqual({
      index: 0,
      count: 2,
    })
  })
  it('is the whole sweep by default', () => {
    expect(resolveShard({}, {})).toEqual({ index: 0, count: 1 })
  })
  it('refuses an array index without a shard count', () => {
    expect(() => resolveShard({}, { JOB_COMPLETION_INDEX: '1' })).toThrow(/--shards N/)
    expect(() => resolveShard({}, { SLURM_ARRAY_TASK_ID: '1' })).toThrow(/--shards N/)
  })
  it('rejects an index out of range and malformed values', () => {
    expect(() => resolveShard({ shard: '4/4' }, {})).toThrow(/shard index 4 is out of range for 4 shards/)
    expect(() => resolveShard({ shard: 'x' }, {})).toThrow(/i\/N/)
    expect(() => resolveShard({ shards: '2' }, {})).toThrow(/JOB_COMPLETION_INDEX/)
    expect(() => resolveShard({ shards: '0' }, { JOB_COMPLETION_INDEX: '0' })).toThrow(/>= 1/)
  })
})
