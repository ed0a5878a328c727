import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { InputError, ScenarioFieldError } from '../errors/index.ts'
import { resolveSetFlags } from './resolveSetFlags.ts'

const bin = join(import.meta.dirname, 'bin.js')
const cwd = mkdtempSync(join(tmpdir(), 'verisim-set-'))
// Saved failures land in the working folder's .verisim/: the temporary one, not the checkout.
const verisim = (args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true' },
    timeout: 120_000,
  })
const read = (...path: string[]) => readFileSync(join(cwd, ...path), 'utf8')

const tiny = join(cwd, 'tiny.yaml')
writeFileSync(
  tiny,
  `name: tiny
seed: 5
duration: 36
blockTime: 12
model: { builtin: mlp, width: 8, depth: 2, inputSize: 4, outputSize: 2, seed: 1 }
hosts: { count: 4, stake: 100, behaviours: { honest: 0.5, lazy: 0.5 }, variant: skip, cheatRate: 0.5 }
verifiers: { count: 2 }
requesters: { count: 1, jobRate: 1, fee: 0.01 }
protocol: { mode: sampling, p: 0.5, challengeWindow: 24, slashFraction: 0.01 }
sweep:
  replicates: 1
  grid:
    hosts.count: [4, 5]
invariants:
  some_jobs: mean(adoption_share) > 0
tune:
  params:
    protocol.slashFraction: { min: 0.01, max: 0.5 }
`,
)

describe('--set in every command that runs scenarios', () => {
  it('check applies it: a safety scenario with its watchers switched off fails', () => {
    const file = resolve('scenarios/library/safety/bisection-catches-fraud.yaml')
    const run = verisim([
      'check',
      file,
      '--ledger',
      'memory',
      '--out',
      'check-out',
      '--set',
      'protocol.watchProbability=0',
    ])
    expect(run.stdout).toMatch(/^FAIL .*no_fraud_finalized: undetected_fraud_rate=0\.\d+ == 0$/m)
    expect(run.status).toBe(1)
    // The minimal scenario carries the override: it fails without the flag.
    expect(read('check-out', 'bisection-catches-fraud.no_fraud_finalized.min.yaml')).toMatch(
      /watchProbability: 0\b/,
    )
  }, 120_000)

  it('sweep applies it, and the resolved scenario, sweep.json and manifest.json record it', () => {
    const plain = verisim([
      'sweep',
      tiny,
      '--ledger',
      'memory',
      '--out',
      'plain',
      '--workers',
      '1',
      '--quiet',
    ])
    expect(plain.stderr).toBe('')
    const set = verisim([
      'sweep',
      tiny,
      '--ledger',
      'memory',
      '--out',
      'set',
      '--workers',
      '1',
      '--quiet',
      '--set',
      'protocol.p=0.2',
    ])
    expect(set.stderr).toBe('')
    expect(set.status).toBe(0)
    expect(read('set', 'summary.json')).not.toBe(read('plain', 'summary.json'))
    expect(read('set', 'scenario.resolved.yaml')).toMatch(/\bp: 0\.2\b/)
    expect(JSON.parse(read('set', 'manifest.json')).overrides).toEqual({ 'protocol.p': 0.2 })
    expect(JSON.parse(read('plain', 'manifest.json')).overrides).toEqual({})
    expect(JSON.parse(read('set', 'sweep.json')).overrides).toEqual({ 'protocol.p': 0.2 })
    // Resuming the folder with another --set would mix two sweeps in one folder.
    const other = verisim(['sweep', tiny, '--ledger', 'memory', '--out', 'set', '--set', 'protocol.p=0.3'])
    expect(other.status).toBe(2)
    expect(other.stderr).toMatch(/^verisim: output folder set holds a sweep of another .*--set/)
  }, 120_000)

  it('run records it in manifest.json', () => {
    const run = verisim([
      'run',
      tiny,
      '--ledger',
      'memory',
      '--out',
      'run',
      '--quiet',
      '--set',
      'protocol.p=1',
    ])
    expect(run.stderr).toBe('')
    expect(JSON.parse(read('run', 'manifest.json')).overrides).toEqual({ 'protocol.p': 1 })
    expect(read('run', 'scenario.resolved.yaml')).toMatch(/\bp: 1\b/)
  }, 120_000)

  it('validate applies it to the resolved form it prints', () => {
    const run = verisim(['validate', tiny, '--set', 'protocol.p=0.125'])
    expect(run.status).toBe(0)
    expect(run.stdout).toMatch(/\bp: 0\.125\b/)
  })
})

describe('a bad --set names the flag', () => {
  const refused = (set: Record<string, unknown>, over: 'sweep' | 'tune' | 'none' = 'none') => {
    try {
      resolveSetFlags(tiny, set, over)
    } catch (error) {
      expect(error).toBeInstanceOf(InputError)
      return (error as InputError).message
    }
    throw new Error(`${JSON.stringify(set)} was accepted`)
  }

  it('an unknown path, a value the field refuses, and the prototype, never a line of the file', () => {
    expect(refused({ 'protocol.pp': 0.2 })).toMatch(
      /^--set protocol\.pp=0\.2: "protocol\.pp" names no field of the scenario \(did you mean protocol\.p\?/,
    )
    expect(refused({ 'protocol.p': 2 })).toMatch(/^--set protocol\.p=2: protocol\.p: /)
    expect(refused({ 'hosts.count': 'many' })).toMatch(/^--set hosts\.count="many": hosts\.count: /)
    expect(refused({ '__proto__.toString': 1 })).toMatch(
      /^--set __proto__\.toString=1: "__proto__\.toString" names no field/,
    )
    expect(refused({ constructor: 1 })).toMatch(/^--set constructor=1: "constructor" names no field/)
    expect(({} as Record<string, unknown>).toString).toBe(Object.prototype.toString)
    for (const set of [{ 'protocol.pp': 0.2 }, { 'protocol.p': 2 }, { 'hosts.count': 'many' }])
      expect(refused(set)).not.toContain('tiny.yaml')
  })

  it('carries the flag, the field and the hint as fields, with no line of the file', () => {
    try {
      resolveSetFlags(tiny, { 'protocol.mode': 'replication', 'protocol.k': 9 })
    } catch (error) {
      expect(error).toBeInstanceOf(ScenarioFieldError)
      expect(error).toMatchObject({
        origin: '--set protocol.mode="replication" --set protocol.k=9',
        fieldPath: 'protocol.k',
        reason: '9 is more than hosts.count (4)',
        hint: 'each job needs k distinct hosts',
        file: undefined,
        line: undefined,
      })
      return
    }
    throw new Error('k above hosts.count was accepted')
  })

  it('two flags that only together break a rule between fields are named together', () => {
    expect(refused({ 'protocol.mode': 'replication', 'protocol.k': 9 })).toMatch(
      /^--set protocol\.mode="replication" --set protocol\.k=9: /,
    )
  })

  it('two flags where one alone breaks a rule the other mends are accepted together', () => {
    // protocol.mode=optimistic alone leaves moveTimeout (60 s) under a 600 s block.
    const set = { blockTime: 600, 'protocol.challengeWindow': 600, 'protocol.mode': 'optimistic' }
    // blockTime alone breaks the challenge window, which the next flag mends: the three are named.
    expect(refused(set)).toMatch(
      /^--set blockTime=600 --set protocol\.challengeWindow=600 --set protocol\.mode="optimistic": protocol\.moveTimeout: 60 s must be longer than blockTime \(600 s\)/,
    )
    const mended = { ...set, 'protocol.moveTimeout': 1800 }
    expect(resolveSetFlags(tiny, mended)).toEqual(mended)
  })

  it('a path the sweep or the tune search sets at every point would do nothing: refused', () => {
    expect(refused({ 'hosts.count': 6 }, 'sweep')).toMatch(
      /^--set hosts\.count=6: hosts\.count is set by the scenario's sweep\.grid/,
    )
    expect(refused({ 'protocol.slashFraction': 0.2 }, 'tune')).toMatch(/tune\.params/)
    // `run` runs the scenario itself, not its sweep: there the flag is what sets the field.
    expect(resolveSetFlags(tiny, { 'hosts.count': 6 })).toEqual({ 'hosts.count': 6 })
  })

  it.each(['run', 'sweep', 'check', 'tune', 'validate'])(
    'verisim %s exits 2 with that one line',
    (command) => {
      const run = verisim([command, tiny, '--set', 'protocol.pp=0.2'])
      expect(run.status).toBe(2)
      expect(run.stderr).toMatch(
        /^verisim: --set protocol\.pp=0\.2: "protocol\.pp" names no field of the scenario .*\n$/,
      )
    },
    60_000,
  )
})
