import type { TokenCount } from '../sim/index.ts'
import type { Workload } from './schema.ts'

/** A scenario's token count (a number, or { uniform: [min, max] }) as the run spec holds it. */
export function resolveTokenCount(count: Workload['prompt']): TokenCount {
  return typeof count === 'number' ? { fixed: count } : { uniform: [count.uniform[0], count.uniform[1]] }
}
