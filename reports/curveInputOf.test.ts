import { describe, expect, it } from 'vitest'
import { parseScenario } from '../scenarios/index.ts'
import { curveInputOf } from './curveInputOf.ts'

const scenario = (text: string) => parseScenario(text, 's.yaml')

describe('curveInputOf', () => {
  it('reads the protocol, prices, host speed and watchers the modeled curves need', () => {
    const input = curveInputOf(
      scenario(
        'hosts: { speed: 1.0e+12 }\nverifiers: { count: 4 }\nprotocol: { p: 0.2, exact: { overheadFactor: 1.5 } }\neconomics: { costPerFlop: 1.0e-17, gasPrice: 1.0e-12 }\n',
      ),
    )
    expect(input?.speed).toBe(1e12)
    expect(input?.watchers).toBe(4)
    expect(input?.protocol.p).toBe(0.2)
    expect(input?.protocol.exact).toEqual({ overheadFactor: 1.5 })
    expect(input?.economics).toEqual({ costPerFlop: 1e-17, gasPrice: 1e-12 })
    // Without a proving law zk is flat at its overhead factor, as runs resolve it.
    expect(input?.protocol.zk.proving).toEqual({ kind: 'flat', factor: 300 })
  })

  it('gives no curves when the speed or the cost per FLOP comes from a calibration file', () => {
    expect(curveInputOf(scenario('hosts: { speed: calibrated }\n'))).toBeUndefined()
    expect(curveInputOf(scenario('economics: { costPerFlop: calibrated }\n'))).toBeUndefined()
  })
})
