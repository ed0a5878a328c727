import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'

/**
 * The version of `pkg` as Node would load it from the module at `from`: the first
 * `node_modules/<pkg>/package.json` on Node's lookup path from there (the project's own
 * node_modules in a checkout; the parent project's, where npm hoists it, when verisim is
 * installed as a dependency). The package.json is read directly because some packages'
 * `exports` hide it from require. "unknown" when it is not installed there.
 */
export function installedVersion(pkg: string, from: string): string {
  const paths = createRequire(from).resolve.paths(pkg) ?? []
  for (const dir of paths) {
    const file = join(dir, pkg, 'package.json')
    if (!existsSync(file)) continue
    try {
      const { version } = JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown }
      if (typeof version === 'string') return version
    } catch {
      // An unreadable package.json is no version: keep looking, as Node's resolution would.
    }
  }
  return 'unknown'
}
