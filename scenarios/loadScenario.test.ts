import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { InputError } from '../sim/errors.ts'
import { loadScenario, parseScenario } from './loadScenario.ts'

const message = (fn: () => unknown) => {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(InputError)
    return (error as Error).message
  }
  throw new Error('expected an InputError')
}

describe('loadScenario', () => {
  it('loads the quickstart scenario with its values and fills defaults', () => {
    const { scenario } = loadScenario('scenarios/quickstart.yaml')
    expect(scenario.hosts.count).toBe(20)
    expect(scenario.protocol.mode).toBe('sampling')
    expect(scenario.verifiers.speed).toBe(1e9)
  })

  it('fills every default for an empty file', () => {
    const s = parseScenario('', 'empty.yaml')
    expect(s.model).toMatchObject({ builtin: 'mlp', width: 64, depth: 8 })
    expect(s.hosts.behaviours).toEqual({ honest: 1, lazy: 0, adaptive: 0 })
    expect(s.verifiers.behaviours).toEqual({ diligent: 1, lazy: 0, colluding: 0, rational: 0 })
    expect(s.protocol.p).toBe(0.1)
  })

  it('names file, line and field path for a value out of range', () => {
    const text = 'seed: 1\nprotocol:\n  mode: sampling\n  p: -1\n'
    expect(message(() => parseScenario(text, 'bad.yaml'))).toMatch(/^bad\.yaml:4: protocol\.p: .*>=0/)
  })

  it('rejects a negative stake', () => {
    expect(message(() => parseScenario('hosts:\n  count: 3\n  stake: -5\n', 's.yaml'))).toMatch(
      /^s\.yaml:3: hosts\.stake: /,
    )
  })

  it('names an unknown field and its line', () => {
    const text = 'hosts:\n  count: 3\n  stakee: 5\n'
    expect(message(() => parseScenario(text, 'u.yaml'))).toMatch(/^u\.yaml:3: unknown field hosts\.stakee/)
  })

  it('reports YAML syntax errors with line and column', () => {
    expect(message(() => parseScenario('hosts:\n  count: [1, 2\n', 'y.yaml'))).toMatch(
      /^y\.yaml:\d+:\d+: YAML syntax error/,
    )
  })

  it('sets behaviours left out of a share list to 0', () => {
    const s = parseScenario('verifiers:\n  behaviours: { rational: 1 }\n', 'r.yaml')
    expect(s.verifiers.behaviours).toEqual({ diligent: 0, lazy: 0, colluding: 0, rational: 1 })
  })

  it('rejects behaviour shares that do not add up to 1', () => {
    const text = 'hosts:\n  behaviours: { honest: 0.5, lazy: 0.2 }\n'
    expect(message(() => parseScenario(text, 'b.yaml'))).toMatch(
      /^b\.yaml:2: hosts\.behaviours: .*add up to 1/,
    )
  })

  it('rejects an unknown protocol mode', () => {
    expect(message(() => parseScenario('protocol:\n  mode: magic\n', 'm.yaml'))).toMatch(
      /^m\.yaml:2: protocol\.mode: /,
    )
  })

  it('says when the file does not exist', () => {
    expect(message(() => loadScenario('nope/missing.yaml'))).toMatch(
      /scenario file not found: nope\/missing\.yaml/,
    )
  })

  it('rejects a document that is not a mapping', () => {
    const dir = mkdtempSync(join(tmpdir(), 'verisim-'))
    writeFileSync(join(dir, 'list.yaml'), '- 1\n- 2\n')
    expect(message(() => loadScenario(join(dir, 'list.yaml')))).toMatch(/must be a YAML mapping/)
  })
})
