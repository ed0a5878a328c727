import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { COMMANDS, USAGE } from './usage.ts'

const verisim = (args: string[]) =>
  spawnSync(process.execPath, [join(import.meta.dirname, 'bin.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, CI: 'true' },
  })

describe('usage', () => {
  it('verisim --version prints the package version', () => {
    const { version } = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8'))
    const run = verisim(['--version'])
    expect(run.status).toBe(0)
    expect(run.stdout).toBe(`${version}\n`)
  })

  it('COMMAND --help and help COMMAND print that command’s usage and exit 0', () => {
    const run = verisim(['run', '--help'])
    expect(run.status).toBe(0)
    expect(run.stdout).toMatch(/^Usage: verisim run FILE /)
    expect(run.stdout).toMatch(/--set p=v/)
    expect(run.stdout).not.toMatch(/--junit/)
    expect(verisim(['help', 'merge']).stdout).toMatch(/^Usage: verisim merge DIR\.\.\./)
    const unknown = verisim(['help', 'frobnicate'])
    expect(unknown.status).toBe(2)
    expect(unknown.stderr).toMatch(/^verisim: unknown command 'frobnicate'/)
  })

  it('lists what run writes and every exit code', () => {
    for (const file of [
      'manifest.json',
      'summary.json',
      'runs.csv',
      'trace.ndjson',
      'scenario.resolved.yaml',
    ])
      expect(COMMANDS.run?.about).toContain(file)
    for (const code of ['0 ', '1 ', '2 ', '130', '143']) expect(USAGE).toMatch(new RegExp(`^  ${code}`, 'm'))
    expect(USAGE).toMatch(/NO_COLOR/)
    // Every command and every flag a command takes is in the text.
    for (const [name, help] of Object.entries(COMMANDS)) {
      expect(USAGE).toContain(`verisim ${name}`)
      for (const flag of help.flags) expect(USAGE).toContain(`--${flag}`)
    }
  })
})
