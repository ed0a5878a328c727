import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { marketScenario } from '../scenarios/fixtures/demandScenarios.ts'
import {
  GENERATION_METRIC_NAMES,
  HOSTING_METRIC_NAMES,
  MARKET_METRIC_NAMES,
  METRIC_NAMES,
} from '../sim/index.ts'
import { COMMANDS } from './usage.ts'

// These tests run the real command as a user would: a child process, real anvil, real onnxruntime.
const bin = join(import.meta.dirname, 'bin.js')
const verisim = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', ...env },
    timeout: 120_000,
  })

const tmp = mkdtempSync(join(tmpdir(), 'verisim-run-'))
const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8')

describe('verisim run scenarios/quickstart.yaml', () => {
  const out = { w1: join(tmp, 'w1'), w2: join(tmp, 'w2'), again: join(tmp, 'again'), seed: join(tmp, 'seed') }
  let first: ReturnType<typeof verisim>

  beforeAll(() => {
    first = verisim(['run', 'scenarios/quickstart.yaml', '--out', out.w1, '--workers', '1'])
  }, 120_000)

  it('prints a human summary and writes every output file', () => {
    expect(first.stderr).not.toMatch(/\n\s+at /)
    expect(first.status).toBe(0)
    expect(first.stdout).toMatch(/^jobs\s+\d+ \(\d+ bad results/m)
    expect(first.stdout).toMatch(/^fraud\s+\d+ detected, \d+ undetected/m)
    expect(first.stdout).toMatch(/^verification\s+overhead/m)
    expect(first.stdout).toMatch(/^returns\s+honest .* vs cheater/m)
    expect(first.stdout).toMatch(/^gas per job/m)
    expect(readdirSync(out.w1).sort()).toEqual([
      'manifest.json',
      'report.html',
      'runs',
      'runs.csv',
      'scenario.resolved.yaml',
      'summary.csv',
      'summary.json',
      'timing.js',
      'timing.json',
      'trace.ndjson',
    ])
    // `verisim help run` lists exactly what the folder holds, so the text cannot fall behind.
    const listed = [...(COMMANDS.run?.about.matchAll(/[\w./-]+\.(?:json|csv|ndjson|yaml|html|js)\b/g) ?? [])]
    const written = [
      ...readdirSync(out.w1).filter((f) => f !== 'runs'),
      ...readdirSync(join(out.w1, 'runs')).map((f) => `runs/${f}`),
    ]
    // periods.ndjson is a demand market's (the market test below checks it is written then).
    const always = listed.map(([name]) => name).filter((name) => name !== 'periods.ndjson')
    expect(always.sort()).toEqual(written.sort())
  })

  it('writes every metric as a number, consistent with the counts', () => {
    const summary = JSON.parse(read(out.w1, 'summary.json'))
    // The scenario's model is not a decoder, it has no demand: or catalog: section and settles
    // async: only the generation, market, hosting and block latency metrics have no value.
    const valueless: readonly string[] = [
      ...GENERATION_METRIC_NAMES,
      ...MARKET_METRIC_NAMES,
      ...HOSTING_METRIC_NAMES,
      'block_latency_p50',
      'block_latency_p95',
    ]
    for (const name of METRIC_NAMES)
      expect(typeof summary.metrics[name], name).toBe(valueless.includes(name) ? 'object' : 'number')
    const { counts, metrics } = summary
    expect(counts.jobs).toBeGreaterThan(2000)
    expect(counts.bad_results).toBeGreaterThan(0)
    expect(counts.detected + counts.undetected).toBe(counts.bad_results)
    expect(metrics.undetected_fraud_rate).toBeCloseTo(counts.undetected / counts.jobs, 12)
    expect(metrics.detection_rate).toBeCloseTo(counts.detected / counts.bad_results, 12)
    // Sampling at p = 0.1 catches roughly a tenth of the bad results.
    expect(metrics.detection_rate).toBeGreaterThan(0.03)
    expect(metrics.detection_rate).toBeLessThan(0.25)
    expect(metrics.false_slash_rate).toBe(0)
    expect(metrics.cheater_return).toBeLessThan(metrics.honest_return)
    expect(metrics.gas_per_job).toBeGreaterThan(0)
    expect(metrics.finality_latency_p95).toBeGreaterThanOrEqual(metrics.finality_latency_p50)
    // Finality comes after the 120 s challenge window.
    expect(metrics.finality_latency_p50).toBeGreaterThanOrEqual(120)
  })

  it('streams a trace whose events match the summary and whose digest is recorded', async () => {
    const lines = read(out.w1, 'trace.ndjson').trimEnd().split('\n')
    const events = lines.map((l) => JSON.parse(l))
    const count = (type: string) => events.filter((e) => e.type === type).length
    const summary = JSON.parse(read(out.w1, 'summary.json'))
    expect(count('job')).toBe(summary.counts.jobs)
    expect(count('slash')).toBe(summary.counts.detected + summary.counts.false_slashes)
    expect(count('block')).toBe(summary.counts.blocks)
    for (let i = 1; i < events.length; i++) expect(events[i].t).toBeGreaterThanOrEqual(events[i - 1].t)
    // Like a sweep's trace: a run is point 0 of its own, so one loader reads either.
    for (const e of events) expect([e.point, e.replicate]).toEqual([0, 0])
    const { createHash } = await import('node:crypto')
    const sha = createHash('sha256').update(read(out.w1, 'trace.ndjson')).digest('hex')
    expect(summary.trace_sha256).toBe(sha)
    expect(JSON.parse(read(out.w1, 'manifest.json')).trace_sha256).toBe(sha)
    expect(read(out.w1, 'runs.csv').split('\n')[0]).toContain('verification_overhead')
  })

  it('writes the model size into runs.csv and the estimates into summary.csv', () => {
    const summary = JSON.parse(read(out.w1, 'summary.json'))
    const [header, row] = read(out.w1, 'runs.csv').trimEnd().split('\n')
    const cells = Object.fromEntries(
      (header as string).split(',').map((c, i) => [c, (row as string).split(',')[i]]),
    )
    expect(summary.model.parameters).toBeGreaterThan(0)
    expect(cells.model_flops).toBe(String(summary.model.flops.honest))
    expect(cells.model_parameters).toBe(String(summary.model.parameters))
    const rows = read(out.w1, 'summary.csv').trimEnd().split('\n')
    expect(rows[0]).toBe('point,metric,n,mean,lower,upper')
    expect(rows.slice(1)).toEqual(METRIC_NAMES.map((name) => `0,${name},1,${summary.metrics[name] ?? ''},,`))
  })

  it('writes byte-identical summary.json with 1 and 2 workers and across runs', () => {
    expect(
      verisim(['run', 'scenarios/quickstart.yaml', '--out', out.w2, '--workers', '2', '--quiet']).status,
    ).toBe(0)
    expect(
      verisim(['run', 'scenarios/quickstart.yaml', '--out', out.again, '--workers', '2', '--quiet']).status,
    ).toBe(0)
    const summary = read(out.w1, 'summary.json')
    expect(read(out.w2, 'summary.json')).toBe(summary)
    expect(read(out.again, 'summary.json')).toBe(summary)
    expect(read(out.w2, 'trace.ndjson')).toBe(read(out.w1, 'trace.ndjson'))
    expect(read(out.w2, 'manifest.json')).toBe(read(out.w1, 'manifest.json'))
    for (const file of ['runs.csv', 'summary.csv']) expect(read(out.again, file)).toBe(read(out.w1, file))
  }, 120_000)

  it('changes the outcome with --seed', () => {
    const run = verisim(['run', 'scenarios/quickstart.yaml', '--out', out.seed, '--seed', '7', '--quiet'])
    expect(run.status).toBe(0)
    expect(run.stdout).toBe('')
    const summary = JSON.parse(read(out.seed, 'summary.json'))
    expect(summary.seed).toBe(7)
    expect(summary.trace_sha256).not.toBe(JSON.parse(read(out.w1, 'summary.json')).trace_sha256)
  }, 120_000)
})

describe('bad input', () => {
  const scenario = (name: string, text: string) => {
    const path = join(tmp, name)
    writeFileSync(path, text)
    return path
  }
  const expectRejected = (args: string[], pattern: RegExp, env: NodeJS.ProcessEnv = {}) => {
    const out = join(tmp, `out-${Math.random().toString(36).slice(2)}`)
    const run = verisim([...args, '--out', out], env)
    expect(run.status).toBe(2)
    const lines = run.stderr.trimEnd().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(pattern)
    expect(run.stderr).not.toMatch(/\n\s+at /)
    // Nothing half-written: neither the folder nor its staging copy.
    expect(existsSync(out)).toBe(false)
    expect(readdirSync(tmp).filter((f) => f.includes('.partial-'))).toEqual([])
  }

  it('malformed YAML names the file, line and column', () => {
    const path = scenario('malformed.yaml', 'hosts:\n  count: [3, 4\nseed: 1\n')
    expectRejected(['run', path], /^verisim: .*malformed\.yaml:\d+:\d+: YAML syntax error/)
  })

  it('an unknown field names the file, line and field path', () => {
    const path = scenario('unknown.yaml', 'seed: 1\nprotocol:\n  mode: sampling\n  slashFracton: 0.2\n')
    expectRejected(['run', path], /^verisim: .*unknown\.yaml:4:\d+: unknown field protocol\.slashFracton/)
  })

  it('p = -1 names the field path', () => {
    const path = scenario('p.yaml', 'protocol:\n  p: -1\n')
    expectRejected(['run', path], /^verisim: .*p\.yaml:2:\d+: protocol\.p: .*>=0/)
  })

  it('a negative stake names the field path', () => {
    const path = scenario('stake.yaml', 'hosts:\n  stake: -10\n')
    expectRejected(['run', path], /^verisim: .*stake\.yaml:2:\d+: hosts\.stake: /)
  })

  it('a missing model file names the file and field', () => {
    const path = scenario('model.yaml', 'model:\n  file: models/absent.onnx\n')
    expectRejected(
      ['run', path],
      /^verisim: .*model\.yaml:2:3: model\.file: model file not found: .*absent\.onnx/,
    )
  })

  it('a model file that is not ONNX names the scenario, its line, the field and the file', () => {
    writeFileSync(join(tmp, 'garbage.onnx'), 'this is not a model')
    const path = scenario('garbage.yaml', 'model:\n  file: garbage.onnx\n')
    expectRejected(
      ['run', path],
      /^verisim: .*garbage\.yaml:2:3: model\.file: .*garbage\.onnx is not an ONNX model/,
    )
    const decoder = scenario(
      'decoder.yaml',
      'model:\n  decoder: { prefill: garbage.onnx, decode: garbage.onnx }\n',
    )
    expectRejected(
      ['run', decoder],
      /^verisim: .*decoder\.yaml:2:\d+: model\.decoder\.prefill: .*garbage\.onnx is not an ONNX model/,
    )
  })

  it('an unknown mode or behaviour names the field', () => {
    expectRejected(
      ['run', scenario('mode.yaml', 'protocol:\n  mode: magic\n')],
      /mode\.yaml:2:\d+: protocol\.mode: /,
    )
    expectRejected(
      ['run', scenario('beh.yaml', 'hosts:\n  behaviours: { greedy: 1 }\n')],
      /beh\.yaml:2:\d+: unknown field hosts\.behaviours\.greedy/,
    )
    expectRejected(
      ['run', scenario('k.yaml', 'hosts: { count: 2 }\nprotocol: { mode: replication, k: 3 }\n')],
      /protocol\.k: 3 is more than/,
    )
  })

  it('a chain that cannot start says so', () => {
    expectRejected(['run', 'scenarios/quickstart.yaml'], /^verisim: the chain could not start: /, {
      VERISIM_ANVIL: join(tmp, 'no-such-anvil'),
    })
  })

  it('a missing scenario file and a bad flag', () => {
    expectRejected(['run', join(tmp, 'absent.yaml')], /^verisim: scenario file not found: /)
    expectRejected(
      ['run', 'scenarios/quickstart.yaml', '--workers', 'two'],
      /^verisim: --workers must be an integer/,
    )
  })

  it('validate reports the same errors and accepts the quickstart', () => {
    const bad = verisim(['validate', scenario('v.yaml', 'protocol:\n  p: 2\n')])
    expect(bad.status).toBe(2)
    expect(bad.stderr).toMatch(/v\.yaml:2:\d+: protocol\.p: /)
    const good = verisim(['validate', 'scenarios/quickstart.yaml'])
    expect(good.status).toBe(0)
    expect(good.stdout).toMatch(/valid/)
  })
})

describe('verisim run on a demand market', () => {
  it('prints the market, retention and supply lines and writes periods.ndjson', () => {
    const file = join(tmp, 'market.yaml')
    writeFileSync(file, marketScenario())
    const out = join(tmp, 'market')
    const run = verisim(['run', file, '--out', out, '--ledger', 'memory'])
    expect(run.stderr).not.toMatch(/\n\s+at /)
    expect(run.status).toBe(0)
    expect(run.stdout).toMatch(
      /^market\s+[\d.]+% of real requests chose the network, .* stands for 2 real ones$/m,
    )
    expect(run.stdout).toMatch(/^retention\s+production volume retained /m)
    expect(run.stdout).toMatch(/^supply\s+\S+ active hosts at the end, revenue ÷ emissions /m)
    expect(run.stdout).not.toMatch(/^adoption /m)
    const rows = read(out, 'periods.ndjson')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { weight: number; start: number; partial?: true })
    // Two hourly periods in the fixture's 7,200 s, then what settled after it as a partial row,
    // each stating the weight.
    expect(rows.map((r) => [r.start, r.partial])).toEqual([
      [0, undefined],
      [3_600, undefined],
      [7_200, true],
    ])
    for (const row of rows) expect(row.weight).toBe(2)
    expect(COMMANDS.run?.about).toMatch(/periods\.ndjson/)
  }, 120_000)
})
