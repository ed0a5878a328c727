import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { ChainError } from '../../errors/index.ts'

const require = createRequire(import.meta.url)

// npm names the platform packages after foundry's targets, not Node's.
const archNames: Partial<Record<string, string>> = { x64: 'amd64', arm64: 'arm64' }

/**
 * The anvil executable shipped by @foundry-rs/anvil's platform package. The real binary is
 * preferred over node_modules/.bin/anvil, a Node wrapper that would stand between us and the
 * process we need to kill.
 */
export function resolveAnvilBinary(): string {
  const exe = process.platform === 'win32' ? 'anvil.exe' : 'anvil'
  const arch = archNames[process.arch]
  const candidates: string[] = []
  if (arch) {
    try {
      candidates.push(require.resolve(`@foundry-rs/anvil-${process.platform}-${arch}/bin/${exe}`))
    } catch {
      // Not installed for this platform: try the wrapper below.
    }
  }
  try {
    const wrapperDir = dirname(require.resolve('@foundry-rs/anvil/package.json'))
    candidates.push(join(wrapperDir, '..', '..', '.bin', exe))
  } catch {
    // No wrapper package either.
  }
  const found = candidates.find((path) => existsSync(path))
  if (!found) {
    throw new ChainError('the chain could not start: no anvil binary found in node_modules', {
      hint: `run npm install; @foundry-rs/anvil ships anvil for ${process.platform}-${process.arch}`,
    })
  }
  return found
}
