import type { HardwareProfile } from '../../sim/index.ts'
import { buildDecoder } from '../build/buildDecoder.ts'
import type { DecoderSpec, DecoderVariant } from '../build/decoderTypes.ts'
import { type OpenDecoder, openDecoder } from './openDecoder.ts'

/**
 * Builds `variant` of the decoder, opens it on `hardware`, hands it to `use` and releases its
 * sessions whatever `use` does: the host side of every measurement that generates in this thread.
 */
export async function withDecoder<T>(
  spec: DecoderSpec,
  variant: DecoderVariant | undefined,
  hardware: HardwareProfile,
  use: (decoder: OpenDecoder) => Promise<T>,
): Promise<T> {
  const decoder = await openDecoder(buildDecoder(spec, variant), hardware)
  try {
    return await use(decoder)
  } finally {
    await decoder.release()
  }
}
