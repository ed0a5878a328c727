import { hardwareKey } from './hardwareKey.ts'
import type { RunRef } from './ports.ts'

/**
 * What decides a run's bits besides the model and the input: its variant and hardware profile,
 * or for the noise cheat, which never runs the model, only the host's salt. Runs with equal keys
 * give equal results, so engine caches and batches, and the sim's result cache, share them.
 */
export function runKey({ variant, hardware, salt = 0 }: RunRef): string {
  return variant === 'noise' ? `noise salt ${salt}` : `${variant} ${hardwareKey(hardware)}`
}
