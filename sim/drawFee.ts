import type { FeeDraw } from './runSpec.ts'

/** One requester's fee from `draw`, with one uniform draw `u` in [0, 1) of its own stream. */
export function drawFee(draw: FeeDraw, u: number): number {
  if ('uniform' in draw) {
    const [min, max] = draw.uniform
    return min + u * (max - min)
  }
  if ('logUniform' in draw) {
    const [min, max] = draw.logUniform
    return min * (max / min) ** u
  }
  return draw.choices[Math.min(draw.choices.length - 1, Math.floor(u * draw.choices.length))] as number
}
