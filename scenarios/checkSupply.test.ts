import { describe, expect, it } from 'vitest'
import { ScenarioFieldError } from '../errors/index.ts'
import { checkSupply } from './checkSupply.ts'
import { marketScenario } from './fixtures/demandScenarios.ts'
import { parseScenario } from './loadScenario.ts'

const refusal = (text: string) => {
  try {
    parseScenario(text, 's.yaml')
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioFieldError)
    const { fieldPath, line, message } = error as ScenarioFieldError
    return { fieldPath, line, message }
  }
  throw new Error(`accepted:\n${text}`)
}

describe('checkSupply and the supply fields of the schema', () => {
  it('refuses emissions more often than a block, and a malformed schedule, at the field', () => {
    expect(
      refusal('blockTime: 12\neconomics:\n  emissions: { kind: constant, perDay: 5, every: 6 }\n'),
    ).toMatchObject({
      fieldPath: 'economics.emissions.every',
      line: 3,
      message: expect.stringMatching(/6 s is shorter than blockTime \(12 s\); emissions are sent in blocks/),
    })
    expect(refusal('economics:\n  emissions: { kind: halving, perDay: 5 }\n')).toMatchObject({
      fieldPath: 'economics.emissions.halvingEvery',
      line: 2,
    })
    expect(
      refusal('economics:\n  emissions:\n    kind: constant\n    perDay: 5\n    burnShare: 0.5\n'),
    ).toMatchObject({
      fieldPath: 'economics.emissions.burnShare',
      line: 5,
      message: expect.stringMatching(/unknown field economics\.emissions\.burnShare/),
    })
    expect(
      refusal('economics:\n  emissions: { kind: burnAndMint, perDay: 5, burnShare: 1.5 }\n'),
    ).toMatchObject({
      fieldPath: 'economics.emissions.burnShare',
    })
  })

  it('refuses an entry maximum below the hosts at the start, and an entry line below the exit line', () => {
    expect(refusal('hosts:\n  count: 5\n  entry:\n    max: 4\n')).toMatchObject({
      fieldPath: 'hosts.entry.max',
      line: 4,
      message: expect.stringMatching(/4 is less than hosts\.count \(5\)/),
    })
    expect(refusal('hosts:\n  entry: { enterAbove: -1, exitBelow: 0 }\n')).toMatchObject({
      fieldPath: 'hosts.entry.enterAbove',
      line: 2,
    })
  })

  it('refuses a verification outage that ends before it starts or after the run', () => {
    expect(
      refusal(
        'duration: 600\nverifiers:\n  outages:\n    - { start: 100, end: 200 }\n    - { start: 300, end: 300 }\n',
      ),
    ).toMatchObject({
      fieldPath: 'verifiers.outages.1.end',
      line: 5,
      message: expect.stringMatching(/300 must be after start \(300\)/),
    })
    expect(
      refusal('duration: 600\nverifiers:\n  outages:\n    - start: 100\n      end: 601\n'),
    ).toMatchObject({
      fieldPath: 'verifiers.outages.0.end',
      line: 5,
      message: expect.stringMatching(/601 s is after the end of duration \(600 s\)/),
    })
  })

  it('accepts the market fixture and the defaults', () => {
    expect(checkSupply(parseScenario(marketScenario(), 'f.yaml'))).toBeUndefined()
    expect(checkSupply(parseScenario('', 'e.yaml'))).toBeUndefined()
  })
})
