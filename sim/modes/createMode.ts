import type { ModeContext } from '../createRunContext.ts'
import { createAttestedMode } from './createAttestedMode.ts'
import { createOptimisticMode } from './createOptimisticMode.ts'
import { createReplicationMode } from './createReplicationMode.ts'
import { createSamplingMode } from './createSamplingMode.ts'
import type { ModeHandler } from './types.ts'

/**
 * The verification protocol the scenario chose. With exact re-execution (protocol.exact) hosts
 * run deterministic kernels, so every re-executing mode's hosts pay its overhead factor (modeled);
 * tee and zk re-execute nothing and keep their own factors.
 */
export function createMode(ctx: ModeContext): ModeHandler {
  const handler = modeOf(ctx)
  const exact = ctx.spec.protocol.exact
  const mode = ctx.spec.protocol.mode
  if (!exact || mode === 'tee' || mode === 'zk') return handler
  handler.computeFactor = exact.overheadFactor
  return handler
}

function modeOf(ctx: ModeContext): ModeHandler {
  const mode = ctx.spec.protocol.mode
  switch (mode) {
    case 'none':
      return {
        replicas: 1,
        commitLayers: false,
        compareOutputs: false,
        computeFactor: 1,
        onCommitted() {},
        beforeMine() {},
        busy: () => false,
        ready: () => true,
      }
    case 'sampling':
      return createSamplingMode(ctx)
    case 'optimistic':
      return createOptimisticMode(ctx)
    case 'replication':
      return createReplicationMode(ctx)
    case 'tee':
    case 'zk':
      return createAttestedMode(ctx, mode)
  }
}
