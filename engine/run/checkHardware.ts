import { InputError } from '../../errors/index.ts'
import type { HardwareProfile } from '../../sim/index.ts'

const LEVELS = ['disabled', 'basic', 'extended', 'all']
/** More intra-op threads than this only oversubscribes the machine. */
const MAX_THREADS = 64

/** Rejects a hardware profile onnxruntime could not be configured as, naming the field. */
export function checkHardware(hardware: HardwareProfile | undefined, field: string): void {
  if (!hardware || typeof hardware !== 'object') throw new InputError(`${field} must be a hardware profile`)
  const { threads, optimization, fp16Weights } = hardware
  if (!(Number.isSafeInteger(threads) && threads >= 1 && threads <= MAX_THREADS)) {
    throw new InputError(`${field}.threads must be an integer in [1, ${MAX_THREADS}], got ${threads}`)
  }
  if (!LEVELS.includes(optimization)) {
    throw new InputError(`${field}.optimization must be one of ${LEVELS.join(', ')}, got ${optimization}`)
  }
  if (typeof fp16Weights !== 'boolean') {
    throw new InputError(`${field}.fp16Weights must be true or false, got ${fp16Weights}`)
  }
}
