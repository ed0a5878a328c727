import type { RngStreams } from './rngStreams.ts'

export type HostBehaviour = 'honest' | 'lazy'

/**
 * Exactly round(count × share) lazy hosts, chosen by each host's own draw so that which hosts
 * are lazy is spread over the index range and depends only on the seed.
 */
export function assignBehaviours(rng: RngStreams, count: number, lazyShare: number): HostBehaviour[] {
  const lazyCount = Math.round(count * lazyShare)
  const order = Array.from({ length: count }, (_, i) => ({ i, draw: rng.stream(`host-${i}`, 'behaviour')() }))
  order.sort((a, b) => a.draw - b.draw || a.i - b.i)
  const behaviours: HostBehaviour[] = Array(count).fill('honest')
  for (const { i } of order.slice(0, lazyCount)) behaviours[i] = 'lazy'
  return behaviours
}
