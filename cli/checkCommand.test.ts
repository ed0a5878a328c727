import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const bin = join(import.meta.dirname, 'bin.js')
const safety = resolve('scenarios/library/safety')
// Each test runs in its own folder: the saved-failure store is relative to the working directory.
const verisim = (cwd: string, args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true' },
    timeout: 240_000,
  })
const fresh = () => mkdtempSync(join(tmpdir(), 'verisim-check-'))

describe('verisim check', () => {
  it('passes the project safety scenarios with a verdict line per invariant and JUnit XML', () => {
    const cwd = fresh()
    // The JUnit file's folder does not exist yet: check creates it.
    const r = verisim(cwd, ['check', safety, '--junit', join('reports', 'ci', 'junit.xml')])
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    const verdicts = r.stdout.split('\n').filter((l) => /^(PASS|FAIL|UNDEFINED) /.test(l))
    expect(verdicts).toHaveLength(8)
    expect(verdicts.every((l) => l.startsWith('PASS '))).toBe(true)
    const xml = readFileSync(join(cwd, 'reports', 'ci', 'junit.xml'), 'utf8')
    expect(xml).toMatch(/<testsuites name="verisim check" tests="8" failures="0">/)
    expect((xml.match(/<testsuite /g) ?? []).length).toBe(4)
  }, 240_000)

  it('exits 1 on a violation, shrinks it to a smaller failing scenario, and runs it first next time', () => {
    const cwd = fresh()
    const weak = join(cwd, 'weak.yaml')
    // A quarter of 8 hosts cheat: halving to 2 hosts would leave no cheater, and the invariant
    // undefined rather than violated, which the shrinker must not take for the same failure.
    writeFileSync(
      weak,
      readFileSync(join(safety, 'sampling-deters-cheating.yaml'), 'utf8')
        .replace('p: 0.3,', 'p: 0.02,')
        .replace('behaviours: { honest: 0.5, lazy: 0.5 }', 'behaviours: { honest: 0.75, lazy: 0.25 }'),
    )
    const r = verisim(cwd, ['check', 'weak.yaml', '--junit', 'junit.xml'])
    expect(r.status).toBe(1)
    expect(r.stdout).toMatch(/^FAIL weak\.yaml cheating_unprofitable: upper95\(cheater_return\)=/m)
    expect(r.stdout).toMatch(/^PASS weak\.yaml no_false_slashes/m)
    expect(readFileSync(join(cwd, 'junit.xml'), 'utf8')).toMatch(/failures="1"/)
    const minimal = join(cwd, 'runs', 'check', 'weak.cheating_unprofitable.min.yaml')
    const text = readFileSync(minimal, 'utf8')
    // Smaller than the original on every axis the shrinker touches, and still the same failure.
    expect(Number(/count: (\d+)/.exec(text)?.[1])).toBeLessThan(8)
    expect(Number(/^duration: (\d+)/m.exec(text)?.[1])).toBeLessThan(240)
    expect(text).not.toMatch(/no_false_slashes/)
    expect(readdirSync(join(cwd, '.verisim', 'failures'))).toHaveLength(1)
    expect(Number(/count: (\d+)/.exec(text)?.[1])).toBeGreaterThanOrEqual(4)
    // Re-checked, the saved copy of the minimal file fails the same invariant: FAIL, not UNDEFINED.
    const again = verisim(cwd, ['check', 'weak.yaml'])
    expect(again.status).toBe(1)
    expect(again.stdout.split('\n')[0]).toMatch(
      /^FAIL \.verisim\/failures\/.*cheating_unprofitable: upper95\(cheater_return\)=[\d.]+ < /,
    )
  }, 240_000)

  it('fails the coalition gate once colluding verifiers (a share, with a bribe) shield the learning hosts', () => {
    const gate = join(safety, 'coalition-resists-cheating.yaml')
    const quick = ['--ledger', 'memory', '--workers', '1']
    const safe = verisim(fresh(), ['check', gate, ...quick])
    expect(safe.stderr).toBe('')
    expect(safe.status).toBe(0)
    const coalition = [
      '--set',
      'verifiers.behaviours.colluding=0.8',
      '--set',
      'verifiers.behaviours.diligent=0.2',
    ]
    const unsafe = verisim(fresh(), ['check', gate, ...quick, ...coalition])
    expect(unsafe.status).toBe(1)
    expect(unsafe.stdout).toMatch(/^FAIL .*coalition-resists-cheating\.yaml fraud_stays_rare: /m)
    expect(unsafe.stdout).toMatch(/^FAIL .*coalition-resists-cheating\.yaml cheating_unprofitable: /m)
  }, 240_000)

  it('rejects a learning temperature out of range in one line with file, line and field, exit 2', () => {
    const cwd = fresh()
    writeFileSync(join(cwd, 'hot.yaml'), 'name: hot\nhosts:\n  learning: { rule: logit, temperature: -1 }\n')
    const r = verisim(cwd, ['validate', 'hot.yaml'])
    expect(r.status).toBe(2)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(/hot\.yaml:3:\d+: hosts\.learning\.temperature: must be more than 0/)
  }, 60_000)

  it('removes a saved failure once it holds again', () => {
    const cwd = fresh()
    const file = join(cwd, 'gate.yaml')
    const original = readFileSync(join(safety, 'sampling-deters-cheating.yaml'), 'utf8')
    writeFileSync(file, original.replace('p: 0.3,', 'p: 0.02,'))
    const failing = verisim(cwd, ['check', 'gate.yaml', '--junit', join('no', 'such', 'j.xml')])
    expect(failing.stderr).toBe('')
    expect(failing.status).toBe(1)
    expect(readFileSync(join(cwd, 'no', 'such', 'j.xml'), 'utf8')).toMatch(/failures="1"/)
    const minimal = readFileSync(join(cwd, 'runs', 'check', 'gate.cheating_unprofitable.min.yaml'), 'utf8')
    // Stepping around invalid settings while shrinking is lab/reduceWhileFailing.test.ts's.
    expect(Number(/count: (\d+)/.exec(minimal)?.[1])).toBeLessThan(8)
    // The saved minimal scenario is a copy; fix it there as a developer would fix the protocol
    // (checking every result: the shrunk run is small, so a p that merely beats p* may not show it).
    const store = join(cwd, '.verisim', 'failures')
    const saved = join(store, readdirSync(store)[0] as string)
    writeFileSync(saved, readFileSync(saved, 'utf8').replace('p: 0.02,', 'p: 1,'))
    writeFileSync(file, original)
    const fixed = verisim(cwd, ['check', 'gate.yaml'])
    expect(fixed.stdout).toMatch(/^FIXED saved failure/m)
    expect(fixed.status).toBe(0)
    expect(existsSync(saved)).toBe(false)
  }, 240_000)

  it('rejects bad invariants with exit 2 before running anything', () => {
    const cwd = fresh()
    const base = readFileSync(join(safety, 'bisection-catches-fraud.yaml'), 'utf8').replace(
      /invariants:[\s\S]*$/,
      '',
    )
    // Semantic errors point at the token as file:line:column, the line being the invariant's own.
    const cases: [string, (line: number) => RegExp][] = [
      [
        '  broken: upper95(cheater_return < 1\n',
        () => /bad\.yaml:\d+:\d+: invariants\.broken: expected '\)' at column \d+/,
      ],
      [
        '  typo: cheater_retrun < 0\n',
        (line) =>
          new RegExp(
            `bad\\.yaml:${line}:9: invariants\\.typo: unknown metric 'cheater_retrun' \\(did you mean cheater_return\\?\\)`,
          ),
      ],
      [
        '  arity: 1 > min(cheater_return)\n',
        (line) =>
          new RegExp(`bad\\.yaml:${line}:14: invariants\\.arity: min\\(\\) takes 2 arguments, got 1$`, 'm'),
      ],
      [
        '  number: cheater_return + 1\n',
        (line) =>
          new RegExp(
            `bad\\.yaml:${line}:11: invariants\\.number: an invariant must be a condition, got the number`,
          ),
      ],
      [
        '  no_cheaters: cheater_return < honest_return\n',
        (line) =>
          new RegExp(
            `bad\\.yaml:${line}:16: invariants\\.no_cheaters: metric 'cheater_return' is not produced by this run: the scenario has no cheating hosts.*\\(give some hosts a cheating behaviour, e\\.g\\. hosts: \\{ behaviours: \\{ honest: 0\\.5, lazy: 0\\.5 \\} \\}`,
          ),
      ],
    ]
    for (const [invariant, pattern] of cases) {
      const text = `${base}invariants:\n${invariant}`
      writeFileSync(
        join(cwd, 'bad.yaml'),
        invariant.includes('no_cheaters')
          ? text.replace('behaviours: { honest: 0.5, lazy: 0.5 }', 'behaviours: { honest: 1 }')
          : text,
      )
      const r = verisim(cwd, ['check', 'bad.yaml'])
      expect(r.status, invariant).toBe(2)
      expect(r.stderr.trim().split('\n')).toHaveLength(1)
      expect(r.stderr).toMatch(pattern(text.split('\n').length - 1))
      expect(r.stdout).toBe('')
    }
  }, 120_000)
})
