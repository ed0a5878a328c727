import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ScenarioFieldError } from '../errors/index.ts'
import { parseScenario } from './loadScenario.ts'
import { resolveRunSpec } from './resolveRunSpec.ts'

const refusal = (text: string) => {
  try {
    parseScenario(text, 's.yaml')
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioFieldError)
    const { fieldPath, line, column, message } = error as ScenarioFieldError
    return { fieldPath, line, column, message }
  }
  throw new Error(`accepted:\n${text}`)
}

const sampling = 'protocol:\n  mode: sampling\n  p: 0.2\n  minStake: 3\n'

describe('checkPenalties and the penalty fields of the schema', () => {
  it('refuses a penalty above minStake, naming the largest penalty and what would fit', () => {
    expect(refusal(`${sampling}  slashRule: fixed\n  slashAmount: 5\n`)).toMatchObject({
      fieldPath: 'protocol.slashAmount',
      line: 6,
      column: 3,
      message: expect.stringMatching(/5 tokens is more than minStake \(3\).*set slashAmount to at most 3/),
    })
    // Fee 0.5 below the threshold of 1, checked with p = 0.2: 2 × 0.5 ÷ 0.2 = 5 > 3; fee 2 above it: 4.
    const scaled = `requesters: { fee: { choices: [0.01, 0.5, 2] } }\n${sampling}  alwaysCheckAbove: 1\n  slashRule: valueScaled\n  slashScale: 2\n`
    expect(refusal(scaled)).toMatchObject({
      fieldPath: 'protocol.slashScale',
      line: 8,
      message: expect.stringMatching(
        /2 makes the largest penalty 5 tokens \(a job of fee 0\.5\), more than minStake \(3\).*minStake to at least 5, or slashScale to at most 1\.2/,
      ),
    })
    // A continuous draw: the largest fee below the threshold is the threshold itself, checked with p.
    expect(
      refusal(scaled.replace('{ choices: [0.01, 0.5, 2] }', '{ logUniform: [0.01, 1.1] }')),
    ).toMatchObject({ message: expect.stringMatching(/largest penalty 10 tokens \(a job of fee 1\)/) })
    // Within minStake: accepted.
    expect(() => parseScenario(scaled.replace('slashScale: 2', 'slashScale: 1.2'), 's.yaml')).not.toThrow()
    // A check probability of 0 makes every value-scaled penalty infinite.
    expect(
      refusal(`${sampling.replace('p: 0.2', 'p: 0')}  slashRule: valueScaled\n  slashScale: 1\n`),
    ).toMatchObject({
      fieldPath: 'protocol.slashScale',
      message: expect.stringMatching(/check probability, which is 0/),
    })
  })

  it('refuses a threshold outside sampling, a rule that takes nothing, and a fee draw with demand', () => {
    expect(refusal('protocol:\n  mode: replication\n  alwaysCheckAbove: 1\n')).toMatchObject({
      fieldPath: 'protocol.alwaysCheckAbove',
      line: 3,
      message: expect.stringMatching(/applies to sampling only, but mode is replication/),
    })
    expect(refusal('protocol:\n  slashRule: fixed\n')).toMatchObject({
      fieldPath: 'protocol.slashAmount',
      message: expect.stringMatching(/is 0, so slashRule fixed would never slash/),
    })
    expect(refusal('protocol:\n  slashRule: valueScaled\n')).toMatchObject({
      fieldPath: 'protocol.slashScale',
      message: expect.stringMatching(/is 0, so slashRule valueScaled would never slash/),
    })
    expect(refusal('requesters:\n  fee: { uniform: [0.02, 0.01] }\n')).toMatchObject({
      fieldPath: 'requesters.fee.uniform',
      line: 2,
      message: expect.stringMatching(/min must be at most max/),
    })
    expect(refusal('requesters:\n  fee: { choices: [] }\n')).toMatchObject({
      fieldPath: 'requesters.fee.choices',
      message: expect.stringMatching(/at least one fee/),
    })
    expect(refusal('requesters:\n  fee: { logUniform: [0, 1] }\n')).toMatchObject({
      fieldPath: expect.stringMatching(/^requesters\.fee/),
    })
    expect(refusal('requesters:\n  fee: { choices: [0.01, 0.03] }\ndemand: {}\n')).toMatchObject({
      fieldPath: 'requesters.fee',
      message: expect.stringMatching(/demand prices the network by one fee.*its mean 0\.02/),
    })
  })

  it('resolves a fee distribution to its mean and draw, a plain fee to no draw', () => {
    const spec = (fee: string) =>
      resolveRunSpec(
        parseScenario(`requesters: { fee: ${fee} }\nhosts: { cheatGain: 0.5 }\n`, 's.yaml'),
        's.yaml',
      )
    expect(spec('0.01').requesters).toMatchObject({ fee: 0.01, feeDraw: null })
    expect(spec('{ choices: [0.01, 0.03] }').requesters).toMatchObject({
      fee: 0.02,
      feeDraw: { choices: [0.01, 0.03] },
    })
    expect(spec('{ uniform: [1, 3] }').requesters.fee).toBe(2)
    expect(spec('{ logUniform: [1, 1] }').requesters.fee).toBe(1)
    expect(spec('{ logUniform: [1, Math.E] }'.replace('Math.E', String(Math.E))).requesters.fee).toBeCloseTo(
      Math.E - 1,
      12,
    )
    expect(spec('0.01').hosts.cheatGain).toBe(0.5)
    expect(spec('0.01').protocol).toMatchObject({ slashRule: 'fraction', alwaysCheckAbove: null })
  })

  it('verisim validate exits 2 with one line naming file:line:column and the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'verisim-penalty-'))
    const file = join(dir, 'bad.yaml')
    writeFileSync(file, `${sampling}  slashRule: fixed\n  slashAmount: 5\n`)
    const run = spawnSync(process.execPath, [join(import.meta.dirname, '../cli/bin.js'), 'validate', file], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, CI: 'true' },
      timeout: 120_000,
    })
    expect(run.status).toBe(2)
    const lines = run.stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(
      new RegExp(
        `${file.replace(/[/.]/g, '\\$&')}:6:3: protocol\\.slashAmount: 5 tokens is more than minStake`,
      ),
    )
  }, 120_000)
})
