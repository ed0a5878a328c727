import type { ModeHandler, ModeledRequest } from './types.ts'

/**
 * The multiple of a request's native compute its host pays under `mode`: the request's own
 * (a zk power law prices each request by its model and tokens), else the mode's flat factor.
 */
export function factorOf(mode: ModeHandler, request: ModeledRequest): number {
  return mode.requestFactor?.(request) ?? mode.computeFactor
}
