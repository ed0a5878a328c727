import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ScenarioFieldError } from '../errors/index.ts'
import { checkDemand } from './checkDemand.ts'
import { marketScenario } from './fixtures/demandScenarios.ts'
import { loadScenario, parseScenario } from './loadScenario.ts'

const dir = mkdtempSync(join(tmpdir(), 'verisim-demand-'))

/** The one-line error a scenario file gives through loadScenario, with its line and field. */
const refusal = (text: string) => {
  const path = join(dir, 's.yaml')
  writeFileSync(path, text)
  try {
    loadScenario(path)
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioFieldError)
    const { fieldPath, line, message } = error as ScenarioFieldError
    expect(message).not.toContain('\n')
    return { fieldPath, line, message: message.replace(`${path}:`, 's.yaml:') }
  }
  throw new Error(`accepted:\n${text}`)
}

const segments = (...lines: string[]) =>
  ['demand:', '  segments:', ...lines.map((l) => `    ${l}`), ''].join('\n')

describe('checkDemand: each refusal is one line at the field to change', () => {
  it('refuses shares that do not add up, at demand.segments', () => {
    expect(refusal(segments('experimental: { share: 0.7 }', 'production: { share: 0.2 }'))).toEqual({
      fieldPath: 'demand.segments',
      line: 2,
      message:
        's.yaml:2:3: demand.segments: segment shares must sum to 1, got experimental 0.7 + production 0.2 = 0.9 (scale the shares so they add up to 1)',
    })
  })

  it('refuses a segment naming an unknown model, at its workload', () => {
    const text = segments('experimental: {}', 'production:', '  workload: foo')
    expect(refusal(text)).toMatchObject({
      fieldPath: 'demand.segments.production.workload',
      line: 5,
      message: expect.stringMatching(
        /^s\.yaml:5:7: demand\.segments\.production\.workload: unknown model "foo"; this scenario has one model, named model/,
      ),
    })
  })

  it('refuses a Bass q below zero, at bass.q, with an example', () => {
    const text = segments('experimental:', '  bass: { q: -0.1 }', 'production: {}')
    expect(refusal(text)).toMatchObject({
      fieldPath: 'demand.segments.experimental.bass.q',
      line: 4,
      message: expect.stringMatching(
        /^s\.yaml:4:\d+: .*bass\.q: must be a finite number >= 0, got -0\.1 \(e\.g\. /,
      ),
    })
  })

  it('refuses a conversion into an unknown segment, and a default one into a missing production', () => {
    const text = segments('experimental:', '  conversion: { into: prod }', 'production: {}')
    expect(refusal(text)).toMatchObject({
      fieldPath: 'demand.segments.experimental.conversion.into',
      line: 4,
      message: expect.stringMatching(
        /converts trial requesters into "prod", which is not a segment of this scenario \(add a prod segment, name one of experimental, production in conversion\.into, or set conversion: null\)/,
      ),
    })
    // experimental's default rule converts into production, which this file does not have.
    const missing = segments('experimental: { share: 0.5 }', 'hobby: { share: 0.5 }')
    expect(refusal(missing)).toMatchObject({
      fieldPath: 'demand.segments.experimental.conversion.into',
      line: 3,
    })
  })

  it('refuses a request size on a model that does not generate, and one beyond the decoder context', () => {
    const text = segments('experimental: {}', 'production:', '  requestSize: { prompt: 8 }')
    expect(refusal(text)).toMatchObject({
      fieldPath: 'demand.segments.production.requestSize',
      line: 5,
      message: expect.stringMatching(/a request size is for decoder models; this model is a built-in mlp/),
    })
    const decoder = `model: { builtin: decoder, context: 96 }\n${segments('experimental: {}', 'production:', '  requestSize: { prompt: 40, outputTokens: 64 }')}`
    expect(refusal(decoder)).toMatchObject({
      fieldPath: 'demand.segments.production.requestSize',
      line: 6,
      message: expect.stringMatching(/40 tokens.*64 tokens.*104 tokens, more than model\.context \(96\)/),
    })
    // Within the context it is accepted, and the part left out is the workload's.
    const fits = `model: { builtin: decoder }\n${segments('experimental: {}', 'production:', '  requestSize: { prompt: 40 }')}`
    expect(parseScenario(fits, 'd.yaml').demand?.segments.production?.requestSize).toEqual({ prompt: 40 })
  })

  it('refuses a duplicate provider name and the reserved network, at the name', () => {
    const providers = (...names: string[]) =>
      `demand:\n  providers:\n${names.map((n) => `    - name: ${n}\n      price: 0.001\n`).join('')}`
    expect(refusal(providers('a', 'b', 'a'))).toMatchObject({
      fieldPath: 'demand.providers.2.name',
      line: 7,
      message: expect.stringMatching(/"a" names an earlier provider too/),
    })
    expect(refusal(providers('network'))).toMatchObject({
      fieldPath: 'demand.providers.0.name',
      line: 3,
      message: expect.stringMatching(/"network" is the network's own name among providers/),
    })
    expect(
      refusal('demand:\n  providers:\n    - name: a\n      latency: { median: 2, p95: 1 }\n'),
    ).toMatchObject({ fieldPath: 'demand.providers.0.latency.p95', line: 4 })
    // The default provider's latency comes from economics: a zero there is reported there.
    expect(refusal('economics:\n  centralizedLatency: 0\ndemand: {}\n')).toMatchObject({
      fieldPath: 'economics.centralizedLatency',
      line: 2,
    })
  })

  it('refuses a population the weight cannot hold, giving the number and the weight that fits', () => {
    const market = (weight: number, size = 10_000_000) =>
      `duration: ${180 * 86_400}\ndemand:\n  marketSize: ${size}\n  weight: ${weight}\n`
    const { fieldPath, line, message } = refusal(market(10))
    expect({ fieldPath, line }).toEqual({ fieldPath: 'demand.weight', line: 4 })
    // 8,000,000 and 2,000,000 ÷ 10; by day 180 the default curves reach 43.9% and 19.4% of them.
    expect(message).toMatch(
      /demand\.weight: 1,000,000 simulated requesters \(Σ share × marketSize ÷ weight 10, each with an account from the start; about 390,\d{3} arrive by the end of duration\) are more than the 200,000 a run keeps \(set demand\.weight to at least 50 /,
    )
    // The weight it suggests fits; one less does not.
    expect(parseScenario(market(50), 'w.yaml').demand?.weight).toBe(50)
    expect(refusal(market(49)).fieldPath).toBe('demand.weight')
    // A weight above a segment's market leaves it without a simulated requester (sim's createMarket
    // refuses that too, without a line).
    expect(refusal(market(2001, 10_000))).toMatchObject({
      fieldPath: 'demand.weight',
      message: expect.stringMatching(
        /2001 makes segment production's market \(share × marketSize = 2000\) less than one simulated requester \(set demand\.weight to at most 2000/,
      ),
    })
  })

  it('refuses a segment with no requester, a new segment without a share, and a bad segment name', () => {
    expect(
      refusal(segments('experimental: { share: 0.99995 }', 'production: { share: 0.00005 }')),
    ).toMatchObject({
      fieldPath: 'demand.segments.production.share',
      message: expect.stringMatching(/is 0\.5 requesters/),
    })
    expect(refusal(segments('experimental: {}', 'hobby: {}'))).toMatchObject({
      fieldPath: 'demand.segments.hobby',
      line: 4,
      message: expect.stringMatching(/segment hobby must give its share/),
    })
    expect(refusal(segments('1st: { share: 1 }'))).toMatchObject({
      fieldPath: 'demand.segments.1st',
      message: expect.stringMatching(/a segment name is a letter or _/),
    })
  })

  it('refuses the fixed population’s choice rule beside a market', () => {
    expect(refusal('requesters:\n  choice: true\ndemand: {}\n')).toMatchObject({
      fieldPath: 'requesters.choice',
      line: 2,
    })
  })

  it('refuses a demand market without hosts', () => {
    expect(refusal('hosts:\n  count: 0\ndemand: {}\n')).toMatchObject({ fieldPath: 'hosts.count', line: 2 })
    const scenario = parseScenario('demand: {}\n', 'h.yaml')
    expect(checkDemand({ ...scenario, hosts: { ...scenario.hosts, count: 0 } })).toMatchObject({
      path: ['hosts', 'count'],
    })
  })

  it('refuses network offers the one contract cannot run beside the protocol, at the field to change', () => {
    const offers = (protocol: string, ...entries: string[]) =>
      `protocol: ${protocol}\ndemand:\n  offers:\n${entries.map((e) => `    - ${e}\n`).join('')}`
    const offer = (name: string, mode = 'replication', fee = '0.001') =>
      `{ name: ${name}, fee: ${fee}, protocol: { mode: ${mode} } }`
    expect(refusal(offers('{ mode: sampling }', offer('network')))).toMatchObject({
      fieldPath: 'demand.offers.0.name',
      line: 4,
      message: expect.stringMatching(/"network" is the name of the scenario's own protocol among providers/),
    })
    // The default centralized provider is named centralized.
    expect(refusal(offers('{ mode: sampling }', offer('centralized')))).toMatchObject({
      fieldPath: 'demand.offers.0.name',
      message: expect.stringMatching(/"centralized" names a centralized provider too/),
    })
    expect(refusal(offers('{ mode: sampling }', offer('a'), offer('a', 'none')))).toMatchObject({
      fieldPath: 'demand.offers.1.name',
      line: 5,
      message: expect.stringMatching(/"a" names an earlier offer too/),
    })
    expect(refusal(offers('{ mode: sampling }', offer('a', 'tee')))).toMatchObject({
      fieldPath: 'demand.offers.0.protocol.mode',
      line: 4,
      message: expect.stringMatching(/tee is an attestation the contract requires of every batch or of none/),
    })
    expect(refusal(offers('{ mode: zk }', offer('a')))).toMatchObject({
      fieldPath: 'protocol.mode',
      line: 1,
      message: expect.stringMatching(
        /^s\.yaml:1:\d+: protocol\.mode: zk makes the contract require an attestation/,
      ),
    })
    expect(refusal(offers('{ mode: sampling }', offer('a', 'replication', '0')))).toMatchObject({
      fieldPath: 'demand.offers.0.fee',
      line: 4,
      message: expect.stringMatching(/0 tokens per replica: the contract refuses an order with a zero fee/),
    })
    // hosts.count is 20 by default.
    expect(
      refusal(
        offers('{ mode: sampling }', '{ name: a, fee: 0.001, protocol: { mode: replication, k: 30 } }'),
      ),
    ).toMatchObject({ fieldPath: 'demand.offers.0.protocol.k', line: 4 })
  })

  it('refuses a second checking offer beside protocol.detection, and accepts one that checks nothing', () => {
    const decoder = (mode: string) =>
      [
        'model: { builtin: decoder }',
        'protocol: { mode: sampling, detection: { alpha: 0.001 } }',
        'demand:',
        '  offers:',
        `    - { name: a, fee: 0.001, protocol: { mode: ${mode} } }`,
        '',
      ].join('\n')
    expect(refusal(decoder('sampling'))).toMatchObject({
      fieldPath: 'demand.offers.0.protocol.mode',
      line: 5,
      message: expect.stringMatching(
        /sampling beside protocol\.detection would keep a second sequential test per host/,
      ),
    })
    expect(refusal(decoder('optimistic'))).toMatchObject({ fieldPath: 'demand.offers.0.protocol.mode' })
    expect(checkDemand(parseScenario(decoder('replication'), 'd.yaml'))).toBeUndefined()
  })

  it('accepts the market fixture and a scenario without demand', () => {
    expect(checkDemand(parseScenario(marketScenario(), 'f.yaml'))).toBeUndefined()
    expect(checkDemand(parseScenario('', 'e.yaml'))).toBeUndefined()
  })
})
