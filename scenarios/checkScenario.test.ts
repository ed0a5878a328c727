import { describe, expect, it } from 'vitest'
import { ScenarioFieldError } from '../errors/index.ts'
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

describe('checkScenario: hosts.serving', () => {
  it('defaults to every request alone, and takes a batch size and a wait', () => {
    expect(parseScenario('name: a\n', 's.yaml').hosts.serving).toEqual({ maxBatch: 1, maxWait: 0 })
    const text = 'hosts:\n  serving: { maxBatch: 8, maxWait: 2 }\n'
    expect(parseScenario(text, 's.yaml').hosts.serving).toEqual({ maxBatch: 8, maxWait: 2 })
  })

  it('refuses batching where it is not run, at the field', () => {
    expect(
      refusal('protocol: { mode: tee }\nhosts:\n  count: 2\n  serving: { maxBatch: 4 }\n'),
    ).toMatchObject({
      fieldPath: 'hosts.serving.maxBatch',
      line: 4,
      message: expect.stringMatching(/4: batched serving is not modeled under the tee mode/),
    })
    expect(refusal('hosts:\n  serving: { maxBatch: 0 }\n')).toMatchObject({
      fieldPath: 'hosts.serving.maxBatch',
    })
  })
})
