import { hasCheaters } from '../sim/index.ts'
import type { Scenario } from './schema.ts'

/**
 * Bytes of float32 weights a built-in model needs (parameters × 4), counting the substitute
 * model too when lazy hosts run one, so that a size no machine can build is refused at load
 * instead of after the process has grown by tens of gigabytes. A model file is read as it is:
 * its size on disk is already bounded by the disk. Biases and layer norms are counted; the
 * int8 variant's smaller copy is not, as it is a quarter of the honest weights.
 */
export function estimateModelBytes(scenario: Scenario): number {
  const { model, hosts } = scenario
  if (!('builtin' in model)) return 0
  const cheaters = hasCheaters(hosts.behaviours)
  const substitute = cheaters && hosts.variant === 'substitute'
  if (model.builtin === 'decoder') {
    // As engine/build/buildDecoder lays it out: token and position tables, the blocks (no
    // biases), the final norm and the head; the substitute adds its projection to the honest
    // width. The prefill and decode graphs each hold a copy of the weights, hence 2 ×.
    const decoder = (width: number, blocks: number) =>
      2 * model.vocab * width +
      model.context * width +
      blocks * (4 * width * width + 2 * width * model.ffMult * width + 4 * width) +
      2 * width
    const sub = model.cheats.substitute
    const extra = substitute ? decoder(sub.width, sub.blocks) + sub.width * model.width : 0
    return 2 * 4 * (decoder(model.width, model.blocks) + extra)
  }
  const sw = model.cheats.substituteWidth
  if (model.builtin === 'mlp') {
    const mlp = (width: number) =>
      (model.inputSize + 1) * width + (model.depth - 1) * (width + 1) * width + (width + 1) * model.outputSize
    return 4 * (mlp(model.width) + (substitute ? mlp(sw) : 0))
  }
  const blocks = (width: number) => {
    const ff = model.ffMult * width
    return model.blocks * (4 * width * width + 2 * width * ff + ff + 5 * width)
  }
  const projections = 2 * model.dModel * sw
  return 4 * (blocks(model.dModel) + (substitute ? blocks(sw) + projections : 0))
}
