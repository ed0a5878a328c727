import { describe, expect, it } from 'vitest'
import { curveInputOfRuns } from './curveInputOfRuns.ts'

const text =
  'hosts: { speed: 1.0e+12 }\nverifiers: { count: 4 }\nprotocol: { p: 0.2 }\neconomics: { costPerFlop: 1.0e-17 }\n'

describe('curveInputOfRuns', () => {
  it('reads each point with its own values: a sweep that sets protocol.p alike everywhere uses it', () => {
    const points = [
      { params: { 'requesters.jobRate': 1, 'protocol.p': 0.5 } },
      { params: { 'requesters.jobRate': 2, 'protocol.p': 0.5 } },
    ]
    const got = curveInputOfRuns(text, 's.yaml', points)
    expect(got && 'curves' in got ? got.curves.protocol.p : null).toBe(0.5)
  })

  it('draws no curves, and names the fields, when the points give them different inputs', () => {
    const points = [
      { params: { 'protocol.p': 0.1, 'hosts.speed': 1e12 } },
      { params: { 'protocol.p': 0.3, 'hosts.speed': 2e12 } },
    ]
    expect(curveInputOfRuns(text, 's.yaml', points)).toEqual({ varied: ['protocol.p', 'hosts.speed'] })
  })

  it('keeps the file’s values for a sweep over fields the curves do not read, and for a single run', () => {
    const sized = curveInputOfRuns(text, 's.yaml', [
      { params: { 'requesters.jobRate': 1 } },
      { params: { 'requesters.jobRate': 2 } },
    ])
    expect(sized && 'curves' in sized ? sized.curves.protocol.p : null).toBe(0.2)
    expect(curveInputOfRuns(text, 's.yaml', [])).toEqual(curveInputOfRuns(text, 's.yaml', [{ params: {} }]))
    expect(curveInputOfRuns('hosts: { speed: calibrated }\n', 's.yaml', [])).toBeUndefined()
  })
})
