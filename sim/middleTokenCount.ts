import type { TokenCount } from './runSpec.ts'

/** The token count of a typical job: the fixed count, or the middle of the uniform range, rounded. */
export function middleTokenCount(count: TokenCount): number {
  return 'fixed' in count ? count.fixed : Math.round((count.uniform[0] + count.uniform[1]) / 2)
}
