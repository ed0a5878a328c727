import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { versions } from './buildManifest.ts'
import { installedVersion } from './installedVersion.ts'

const write = (path: string, text: string) => {
  mkdirSync(join(path, '..'), { recursive: true })
  writeFileSync(path, text)
}

describe('installedVersion', () => {
  // An app that installed verisim from a packed tarball: npm hoists verisim's dependencies to
  // the app's node_modules, beside verisim rather than inside it.
  const app = mkdtempSync(join(tmpdir(), 'verisim-app-'))
  const verisim = join(app, 'node_modules', 'verisim')
  write(join(verisim, 'package.json'), '{"name":"verisim","version":"0.1.0"}')
  write(join(app, 'node_modules', 'ethers', 'package.json'), '{"name":"ethers","version":"6.1.2"}')
  write(join(app, 'node_modules', 'piscina', 'package.json'), '{"name":"piscina","version":"5.0.0"}')
  // A second copy nested in verisim (a version conflict): Node loads this one.
  write(join(verisim, 'node_modules', 'piscina', 'package.json'), '{"name":"piscina","version":"4.9.9"}')
  write(join(app, 'node_modules', '@foundry-rs', 'anvil', 'package.json'), '{"version":"1.7.1"}')
  const from = join(verisim, 'cli', 'buildManifest.ts')

  it('finds hoisted packages where Node finds them', () => {
    expect(installedVersion('ethers', from)).toBe('6.1.2')
    expect(installedVersion('@foundry-rs/anvil', from)).toBe('1.7.1')
  })
  it('prefers the copy nested nearest the module, as Node does', () => {
    expect(installedVersion('piscina', from)).toBe('4.9.9')
  })
  it('says unknown for a package that is not installed', () => {
    expect(installedVersion('solc', from)).toBe('unknown')
  })
  it('records a real version of every package in this checkout', () => {
    for (const [pkg, version] of Object.entries(versions())) expect(version, pkg).toMatch(/^\d+\.\d+\.\d+/)
  })
})
