import type { HardwareProfile } from './ports.ts'

/** A hardware profile as a short string: equal profiles, equal keys. */
export function hardwareKey({ threads, optimization, fp16Weights }: HardwareProfile): string {
  return `${threads}:${optimization}:${fp16Weights ? 'fp16' : 'fp32'}`
}
