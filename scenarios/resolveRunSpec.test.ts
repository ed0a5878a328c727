import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { InputError, ScenarioFieldError } from '../errors/index.ts'
import { parseScenario } from './loadScenario.ts'
import { resolveRunSpec } from './resolveRunSpec.ts'

const dir = mkdtempSync(join(tmpdir(), 'verisim-resolve-'))
const resolveText = (text: string) => {
  const path = join(dir, 's.yaml')
  return resolveRunSpec(parseScenario(text, path), path)
}
const message = (text: string) => {
  try {
    resolveText(text)
  } catch (error) {
    expect(error).toBeInstanceOf(InputError)
    return (error as Error).message
  }
  throw new Error('expected an InputError')
}

describe('resolveRunSpec', () => {
  it('carries the behaviour rules into the run, with the defaults the README gives and earlier versions hard-coded', () => {
    const defaults = resolveText('name: d\n')
    expect(defaults.hosts.adaptive).toEqual({ initialRate: 0.05, step: 0.02, detectionCut: 5 })
    expect(defaults.verifiers.rational).toEqual({ learningRate: 0.1, slashSignal: 0.01 })
    expect(defaults.requesters.escrow).toEqual({ margin: 1.2, extraJobs: 10, topUp: 2 })
    const set = resolveText(
      'hosts: { adaptive: { detectionCut: 0.5 } }\nverifiers: { rational: { learningRate: 0.3, slashSignal: 0 } }\nrequesters: { escrow: { margin: 0.1, extraJobs: 0, topUp: 1 } }\n',
    )
    expect(set.hosts.adaptive.detectionCut).toBe(0.5)
    expect(set.verifiers.rational).toEqual({ learningRate: 0.3, slashSignal: 0 })
    expect(set.requesters.escrow).toEqual({ margin: 0.1, extraJobs: 0, topUp: 1 })
  })
  it('rejects a replication k larger than the host count', () => {
    expect(message('hosts: { count: 3 }\nprotocol: { mode: replication, k: 4 }\n')).toMatch(
      /protocol\.k: 4 is more than hosts\.count \(3\)/,
    )
  })
  it('rejects cheats a model cannot run', () => {
    expect(
      message(
        'model: { builtin: mlp, depth: 3, cheats: { skipLayers: 3 } }\nhosts: { behaviours: { lazy: 1 } }\n',
      ),
    ).toMatch(/model\.cheats\.skipLayers: 3 must be less than/)
  })
  it('rejects a move timeout no longer than a block and a window shorter than one', () => {
    expect(message('protocol: { mode: optimistic, moveTimeout: 12 }\n')).toMatch(/protocol\.moveTimeout/)
    expect(message('protocol: { mode: zk, challengeWindow: 0 }\n')).toMatch(/protocol\.challengeWindow/)
  })
  it('rejects an unbonding delay a host could leave within before its verdicts (issue 12)', () => {
    // 100 + 32 × 20 + 50 = 790 s: the window, the longest game and the referee's deadline.
    const protocol = 'challengeWindow: 100, moveTimeout: 20, refereeTimeout: 50'
    expect(message(`protocol: { ${protocol}, unbondingDelay: 789 }\n`)).toMatch(
      /protocol\.unbondingDelay: 789 s is shorter than challengeWindow \+ 32 × moveTimeout \+ refereeTimeout \(790 s\)/,
    )
    expect(resolveText(`protocol: { ${protocol}, unbondingDelay: 790 }\n`).protocol.refereeTimeout).toBe(50)
    expect(resolveText('').protocol.refereeTimeout).toBe(600)
  })
  it('rejects a coalition naming a host that does not exist', () => {
    expect(message('hosts: { count: 2 }\nverifiers: { coalition: [5] }\n')).toMatch(
      /verifiers\.coalition: host 5 does not exist/,
    )
  })
  it('names the line of the files a scenario refers to, which only resolving can check', () => {
    const missing = 'name: m\nmodel:\n  file: none.onnx\nhosts: { behaviours: { honest: 1 } }\n'
    expect(message(missing)).toMatch(/^.*s\.yaml:3:3: model\.file: model file not found: .*none\.onnx/)
    expect(message('name: c\ncalibration: none.json\neconomics: { costPerFlop: calibrated }\n')).toMatch(
      /^.*s\.yaml:2:1: calibration: no calibration file at /,
    )
    // A scenario built in code has no lines: it is named by file and field.
    const path = join(dir, 'code.yaml')
    const built = { ...parseScenario(missing, path) }
    try {
      resolveRunSpec(built, path)
    } catch (error) {
      expect(error).toBeInstanceOf(ScenarioFieldError)
      expect(error).toMatchObject({ file: path, line: undefined, fieldPath: 'model.file' })
      return
    }
    throw new Error('a missing model file was accepted')
  })
  it('uses exact comparison as tolerance 0', () => {
    expect(resolveText('comparison: exact\n').tolerance).toBe(0)
    expect(resolveText('').tolerance).toBe(5e-3)
  })
  it('derives calibrated speeds and cost per FLOP from a calibration file', () => {
    writeFileSync(
      join(dir, 'cal.json'),
      JSON.stringify({
        families: {
          mlp: { secondsPerFlop: 1e-10, flopsPerSecond: 1e10 },
          transformer: { secondsPerFlop: 2e-11, flopsPerSecond: 5e10 },
        },
      }),
    )
    const spec = resolveText(
      'calibration: cal.json\nhosts: { speed: calibrated }\neconomics: { costPerFlop: calibrated, pricePerCoreHour: 3.6 }\n',
    )
    expect(spec.hosts.speed).toBe(1e10)
    expect(spec.verifiers.speed).toBe(1e9)
    expect(spec.economics.costPerFlop).toBeCloseTo(1e-10 * 0.001, 20)
    expect(spec.calibration).toMatchObject({ family: 'mlp', secondsPerFlop: 1e-10 })
    expect(message('calibration: none.json\neconomics: { costPerFlop: calibrated }\n')).toMatch(
      /no calibration file at .*none\.json.*verisim calibrate/,
    )
  })
})
