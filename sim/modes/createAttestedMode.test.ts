import { describe, expect, it } from 'vitest'
import { decoderSpecOf, eventsOf, simulate } from '../fixtures/simulate.ts'

const DISCOVERED = /^tee: host (\d+)'s enclave, compromised at t=([\d.e+-]+)s, found; (\d+) bad results/

// The modeled TEE end to end, with the fake inference port and the in-process ledger.
describe('createAttestedMode', () => {
  // Every host is honest: only a compromised enclave returns wrong results.
  const honest = {
    'protocol.mode': 'tee',
    'hosts.behaviours': { honest: 1 },
    'protocol.challengeWindow': 120,
  } as const

  it("a compromised enclave's bad results pass attestation until discovery, then are disputed and slashed", async () => {
    const { result, trace } = await simulate({
      ...honest,
      'protocol.tee.compromiseRate': 0.02,
      'protocol.tee.discoveryTime': 20,
    })
    expect(result.counts.bad_results).toBeGreaterThan(0)
    const found = eventsOf(trace, 'modeled').flatMap((e) => {
      const m = DISCOVERED.exec(e.note)
      return m ? [{ t: e.t, host: Number(m[1]), at: Number(m[2]), results: Number(m[3]) }] : []
    })
    expect(found.length).toBeGreaterThan(0)
    for (const f of found) expect(f.t).toBeGreaterThan(f.at)
    const slashes = eventsOf(trace, 'slash')
    expect(slashes.length).toBeGreaterThan(0)
    const challenges = eventsOf(trace, 'challenge')
    const jobs = new Map(eventsOf(trace, 'job').map((j) => [j.job, j]))
    for (const slash of slashes) {
      expect(slash.honest).toBe(false)
      // No slash before its host's compromise was found: attestation let the bad result pass.
      const first = Math.min(...found.filter((f) => f.host === slash.host).map((f) => f.t))
      expect(slash.t).toBeGreaterThanOrEqual(first)
      expect(jobs.get(slash.job)?.host).toBe(slash.host)
    }
    for (const c of challenges) {
      const host = jobs.get(c.job)?.host
      expect(c.t).toBeGreaterThanOrEqual(Math.min(...found.filter((f) => f.host === host).map((f) => f.t)))
    }
    // Bad results made while compromised but committed after the discovery fail attestation as usual.
    expect(slashes.length).toBeLessThanOrEqual(result.counts.bad_results)
    expect(found.reduce((n, f) => n + f.results, 0)).toBeGreaterThan(0)
    expect(result.modeled).toContain('tee: enclave compromises and their discovery are modeled')
  })

  it('a run does not wait for a discovery that can no longer reopen anything', async () => {
    // Discovery a day after a compromise (the default): every passed bad result is final long
    // before, so the run ends when its last window closes, as without compromises.
    const { spec, result, trace } = await simulate({ ...honest, 'protocol.tee.compromiseRate': 0.02 })
    expect(result.counts.bad_results).toBeGreaterThan(0)
    expect(eventsOf(trace, 'slash')).toHaveLength(0)
    const last = Math.max(...trace.map((e) => e.t))
    expect(last).toBeLessThan(spec.duration + spec.protocol.challengeWindow + 10 * spec.blockTime)
  })

  it('without compromises honest hosts return no bad results, and fixed costs raise what hosts pay', async () => {
    const plain = await simulate(honest)
    expect(plain.result.counts.bad_results).toBe(0)
    expect(eventsOf(plain.trace, 'slash')).toEqual([])
    const fixed = await simulate({
      ...honest,
      'protocol.tee.fixedCost': 0.001,
      'protocol.tee.fixedSeconds': 0.5,
    })
    expect(fixed.result.counts.jobs).toBe(plain.result.counts.jobs)
    const overhead = (r: typeof plain) => r.result.metrics.verification_overhead as number
    expect(overhead(fixed)).toBeGreaterThan(overhead(plain))
    expect(fixed.result.modeled).toContain('tee: fixed seconds and cost per request are modeled')
  })

  it('zk: a power law prices proving by the model, and proof bytes add calldata gas', async () => {
    const flat = await simulate({ 'protocol.mode': 'zk', 'hosts.behaviours': { honest: 1 } })
    // a chosen so that proving the fake MLP takes 30× its native compute on top of it: far below flat's 300×.
    const native = (flat.result.model.flops.honest as number) / flat.spec.hosts.speed
    const a = (30 * native) / Math.sqrt(flat.result.model.parameters)
    const powerLaw = await simulate({
      'protocol.mode': 'zk',
      'hosts.behaviours': { honest: 1 },
      'protocol.zk.proving': { kind: 'powerLaw', a, b: 0.5 },
      'protocol.zk.proofBytes': 1000,
    })
    expect(powerLaw.result.modeled).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^zk: proving time is modeled as .* × parameters\^0\.5/),
      ]),
    )
    const flat100 = await simulate({
      'protocol.mode': 'zk',
      'hosts.behaviours': { honest: 1 },
      'protocol.zk.proving': { kind: 'flat', factor: 100 },
    })
    const ratio =
      (flat100.result.metrics.verification_overhead as number) /
      (flat.result.metrics.verification_overhead as number)
    // 99 ÷ 299 of the modeled compute; the attestation gas, the same in both, keeps the ratio above it.
    expect(ratio).toBeGreaterThan(99 / 299)
    expect(ratio).toBeLessThan(0.5)
    const gas = (r: typeof flat) => eventsOf(r.trace, 'block').reduce((n, b) => n + b.gas, 0)
    expect(gas(powerLaw)).toBeGreaterThan(gas(flat))
    const overhead = (r: typeof flat) => r.result.metrics.verification_overhead as number
    expect(overhead(powerLaw)).toBeLessThan(overhead(flat))
  })

  it('zk on a decoder: a power law prices each generation per token of the decoder, proportionally to a', async () => {
    const run = async (a: number) => {
      const spec = decoderSpecOf({
        'protocol.mode': 'zk',
        'hosts.behaviours': { honest: 1 },
        'protocol.zk.proving': { kind: 'powerLaw', a, b: 0.5 },
      })
      return (await simulate({}, { spec })).result
    }
    const [once, twice] = [await run(1e-9), await run(2e-9)]
    expect(twice.counts.jobs).toBe(once.counts.jobs)
    // The modeled part is all of verification here (honest hosts: no checks, no disputes).
    const perToken = (r: typeof once) => r.metrics.verification_cost_per_token as number
    expect(perToken(once)).toBeGreaterThan(0)
    expect(perToken(twice) / perToken(once)).toBeCloseTo(2, 6)
  })
})
