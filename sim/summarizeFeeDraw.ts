import type { FeeDraw } from './runSpec.ts'

/**
 * The smallest, largest and mean fee a scenario's requesters.fee gives (one number, or a draw):
 * the mean is RunSpec requesters.fee (what the scenario's aggregate figures price by), the
 * largest sizes the valueScaled penalty the minimum-stake rule checks.
 */
export function summarizeFeeDraw(draw: number | FeeDraw): { min: number; max: number; mean: number } {
  if (typeof draw === 'number') return { min: draw, max: draw, mean: draw }
  if ('uniform' in draw) {
    const [min, max] = draw.uniform
    return { min, max, mean: (min + max) / 2 }
  }
  if ('logUniform' in draw) {
    const [min, max] = draw.logUniform
    // The mean of a log-uniform variable: (max − min) ÷ ln(max ÷ min); a point when they meet.
    return { min, max, mean: min === max ? min : (max - min) / Math.log(max / min) }
  }
  const { choices } = draw
  return {
    min: Math.min(...choices),
    max: Math.max(...choices),
    mean: choices.reduce((sum, fee) => sum + fee, 0) / choices.length,
  }
}
