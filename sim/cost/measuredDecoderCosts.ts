import { InputError } from '../../errors/index.ts'
import type { DecoderCostRow, GenerationWorkload } from './types.ts'

/** Timings of a decoder that really ran here, one generation at a time. */
export type DecoderMeasurement = {
  name: string
  params: number
  /** Name of the machine it ran on. */
  hardware: string
  pricePerSecond: number
  /** Seconds of a prefill divided by its tokens, measured at lengths like the workload's. */
  prefillSecondsPerToken: number
  /** Seconds of a decode step, averaged over a generation like the workload's. */
  decodeSecondsPerToken: number
}

/**
 * The same row as modeledDecoderCosts for a decoder that ran here, from its measured phase
 * timings, so real and extrapolated sizes share one table: `modeled: false`. Per-token rates
 * are taken as flat over the workload's lengths, which holds for the small decoders this
 * machine runs, whose attention is a small share of each token's work.
 */
export function measuredDecoderCosts(
  measured: DecoderMeasurement,
  workload: GenerationWorkload,
): DecoderCostRow {
  for (const field of [
    'params',
    'pricePerSecond',
    'prefillSecondsPerToken',
    'decodeSecondsPerToken',
  ] as const) {
    const value = measured[field]
    if (!Number.isFinite(value) || value < 0 || (field !== 'pricePerSecond' && value === 0))
      throw new InputError(
        `measurement of ${measured.name}: ${field} must be a finite number ${field === 'pricePerSecond' ? '>= 0' : '> 0'}, got ${value}`,
      )
  }
  const { prompt, output } = workload
  if (!Number.isInteger(prompt) || prompt < 1 || !Number.isInteger(output) || output < 1)
    throw new InputError(`workload prompt ${prompt} and output ${output} must be integers >= 1`)
  const generationSeconds = prompt * measured.prefillSecondsPerToken + output * measured.decodeSecondsPerToken
  const verificationSeconds = (prompt + output) * measured.prefillSecondsPerToken
  const price = measured.pricePerSecond
  return {
    name: measured.name,
    params: measured.params,
    modeled: false,
    hardware: measured.hardware,
    prompt,
    output,
    generation: { seconds: generationSeconds, usd: generationSeconds * price },
    verification: { seconds: verificationSeconds, usd: verificationSeconds * price },
    generationUsdPerToken: (generationSeconds * price) / output,
    verificationUsdPerToken: (verificationSeconds * price) / output,
    verifyOverGenerate: verificationSeconds / generationSeconds,
    source: `measured on ${measured.hardware}`,
  }
}
