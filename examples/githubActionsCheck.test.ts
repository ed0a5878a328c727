import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseDocument } from 'yaml'

type Step = { uses?: string; run?: string; if?: string; with?: Record<string, string> }

describe('examples/github-actions-check.yml', () => {
  const doc = parseDocument(readFileSync(join(import.meta.dirname, 'github-actions-check.yml'), 'utf8'))
  const steps = (doc.toJS() as { jobs: { check: { steps: Step[] } } }).jobs.check.steps
  const index = (match: (s: Step) => boolean) => steps.findIndex(match)

  it('parses', () => {
    expect(doc.errors).toEqual([])
  })

  it('keeps saved failures when the check fails: restore before, save always, under a key per run', () => {
    const restore = index((s) => s.uses?.startsWith('actions/cache/restore@') === true)
    const check = index((s) => s.run?.includes('npx verisim check') === true)
    const save = index((s) => s.uses?.startsWith('actions/cache/save@') === true)
    expect(steps.some((s) => /^actions\/cache@/.test(s.uses ?? ''))).toBe(false)
    expect(restore).toBeGreaterThanOrEqual(0)
    expect(restore).toBeLessThan(check)
    expect(save).toBeGreaterThan(check)
    const restoreStep = steps[restore] as Step
    const saveStep = steps[save] as Step
    expect(saveStep.if).toBe('always()')
    expect(saveStep.with?.path).toBe('.verisim/failures')
    expect(restoreStep.with?.path).toBe('.verisim/failures')
    // A fixed key is never overwritten: the key names the run, and restoring goes by prefix.
    const key = saveStep.with?.key ?? ''
    expect(key).toMatch(/\$\{\{ github\.run_id \}\}/)
    expect(restoreStep.with?.key).toBe(key)
    const prefixes = (restoreStep.with?.['restore-keys'] ?? '').split('\n').filter(Boolean)
    expect(prefixes[0]).toMatch(/^verisim-failures-\$\{\{ github\.ref_name \}\}-$/)
    expect(key.startsWith(prefixes[0] as string)).toBe(true)
  })

  it('publishes the JUnit file and the minimal scenarios even when the check fails', () => {
    const check = steps[index((s) => s.run?.includes('npx verisim check') === true)] as Step
    expect(check.run).toMatch(/--junit verisim-check\.xml --out runs\/check/)
    for (const uses of ['actions/upload-artifact@', 'mikepenz/action-junit-report@']) {
      const step = steps.find((s) => s.uses?.startsWith(uses)) as Step
      expect(step.if, uses).toBe('always()')
    }
  })
})
