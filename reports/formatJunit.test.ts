import { describe, expect, it } from 'vitest'
import { formatJunit } from './formatJunit.ts'

describe('formatJunit', () => {
  it('writes one suite per file, failures for violated and undefined invariants, escaped text', () => {
    const xml = formatJunit([
      { suite: 'a.yaml', name: 'point 0: fraud_rare', holds: true, detail: 'ok', seconds: 1 },
      { suite: 'a.yaml', name: 'point 0: safe', holds: false, detail: 'upper95(x)=1 < 0 & more', seconds: 2 },
      { suite: 'b.yaml', name: 'cheap', holds: null, detail: 'x is undefined', seconds: 0.5 },
    ])
    expect(xml).toMatch(/<testsuites name="verisim check" tests="3" failures="2">/)
    expect(xml).toMatch(/<testsuite name="a.yaml" tests="2" failures="1" time="3.000">/)
    expect(xml).toMatch(/<testcase classname="a.yaml" name="point 0: fraud_rare" time="1.000"\/>/)
    expect(xml).toMatch(/<failure message="invariant violated">upper95\(x\)=1 &lt; 0 &amp; more<\/failure>/)
    expect(xml).toMatch(/<failure message="invariant could not be evaluated">x is undefined<\/failure>/)
  })
})
