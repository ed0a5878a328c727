import { existsSync } from 'node:fs'
import { join } from 'node:path'

/** runs/<scenario>-<UTC date and time>, with a counter if two runs start in the same second. */
export function defaultOutDir(name: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '_')
  const base = join('runs', `${safe}-${stamp}`)
  let path = base
  for (let i = 2; existsSync(path); i++) path = `${base}-${i}`
  return path
}
