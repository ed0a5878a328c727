import type { HardwareProfile } from '../sim/index.ts'

/** `threadsN/optimization[/fp16]`: the name the honest null gives its worst profile, and tables use. */
export function nameHardwareProfile(profile: HardwareProfile): string {
  return `threads${profile.threads}/${profile.optimization}${profile.fp16Weights ? '/fp16' : ''}`
}
