import type { Scenario } from '../scenarios/index.ts'
import type { OverheadCurveInput } from '../sim/index.ts'

/**
 * What the report's modeled overhead curves read from the resolved scenario: its protocol, prices,
 * host speed and watchers. Undefined when the host speed or the cost per FLOP is `calibrated`
 * (the page does not read the calibration file), so such a report draws the measured points alone.
 */
export function curveInputOf(
  scenario: Scenario,
): Omit<OverheadCurveInput, 'tokens' | 'provedTokens' | 'requestsPerBatch'> | undefined {
  const { protocol, economics, hosts, verifiers } = scenario
  if (typeof hosts.speed !== 'number' || typeof economics.costPerFlop !== 'number') return undefined
  const { zk } = protocol
  return {
    protocol: {
      p: protocol.p,
      k: protocol.k,
      watchProbability: protocol.watchProbability,
      tee: { ...protocol.tee },
      zk: {
        gas: zk.gas,
        proofBytes: zk.proofBytes,
        gasPerByte: zk.gasPerByte,
        // Absent, proving is the flat overheadFactor, as scenarios/resolveRunSpec resolves it.
        proving: zk.proving ? { ...zk.proving } : { kind: 'flat', factor: zk.overheadFactor },
      },
      ...(protocol.exact ? { exact: { ...protocol.exact } } : {}),
    },
    economics: { costPerFlop: economics.costPerFlop, gasPrice: economics.gasPrice },
    speed: hosts.speed,
    watchers: verifiers.count,
  }
}
