import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { InputError } from '../errors/index.ts'
import { expandSweep } from './expandSweep.ts'
import { loadScenario, parseScenario } from './loadScenario.ts'

const message = (fn: () => unknown) => {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(InputError)
    return (error as Error).message
  }
  throw new Error('expected an InputError')
}

describe('loadScenario', () => {
  it('loads the quickstart scenario with its values and fills defaults', () => {
    const { scenario } = loadScenario('scenarios/quickstart.yaml')
    expect(scenario.hosts.count).toBe(20)
    expect(scenario.protocol.mode).toBe('sampling')
    expect(scenario.verifiers.speed).toBe(1e9)
  })

  it('fills every default for an empty file', () => {
    const s = parseScenario('', 'empty.yaml')
    expect(s.model).toMatchObject({ builtin: 'mlp', width: 64, depth: 8 })
    expect(s.hosts.behaviours).toEqual({ honest: 1, lazy: 0, adaptive: 0, rational: 0 })
    expect(s.verifiers.behaviours).toEqual({ diligent: 1, lazy: 0, colluding: 0, rational: 0 })
    expect(s.protocol.p).toBe(0.1)
  })

  it('names file, line and field path for a value out of range', () => {
    const text = 'seed: 1\nprotocol:\n  mode: sampling\n  p: -1\n'
    expect(message(() => parseScenario(text, 'bad.yaml'))).toMatch(/^bad\.yaml:4:\d+: protocol\.p: .*>=0/)
  })

  it('rejects a negative stake', () => {
    expect(message(() => parseScenario('hosts:\n  count: 3\n  stake: -5\n', 's.yaml'))).toMatch(
      /^s\.yaml:3:\d+: hosts\.stake: /,
    )
  })

  it('names an unknown field and its line', () => {
    const text = 'hosts:\n  count: 3\n  stakee: 5\n'
    expect(message(() => parseScenario(text, 'u.yaml'))).toMatch(
      /^u\.yaml:3:\d+: unknown field hosts\.stakee/,
    )
  })

  it('reports YAML syntax errors with line and column', () => {
    expect(message(() => parseScenario('hosts:\n  count: [1, 2\n', 'y.yaml'))).toMatch(
      /^y\.yaml:\d+:\d+: YAML syntax error/,
    )
  })

  it('sets behaviours left out of a share list to 0', () => {
    const s = parseScenario('verifiers:\n  behaviours: { rational: 1 }\n', 'r.yaml')
    expect(s.verifiers.behaviours).toEqual({ diligent: 0, lazy: 0, colluding: 0, rational: 1 })
  })

  it('rejects behaviour shares that do not add up to 1', () => {
    const text = 'hosts:\n  behaviours: { honest: 0.5, lazy: 0.2 }\n'
    expect(message(() => parseScenario(text, 'b.yaml'))).toMatch(
      /^b\.yaml:2:\d+: hosts\.behaviours: .*add up to 1/,
    )
  })

  it('rejects an unknown protocol mode', () => {
    expect(message(() => parseScenario('protocol:\n  mode: magic\n', 'm.yaml'))).toMatch(
      /^m\.yaml:2:\d+: protocol\.mode: /,
    )
  })

  it('says when the file does not exist', () => {
    expect(message(() => loadScenario('nope/missing.yaml'))).toMatch(
      /scenario file not found: nope\/missing\.yaml/,
    )
  })

  it('rejects a document that is not a mapping', () => {
    const dir = mkdtempSync(join(tmpdir(), 'verisim-'))
    writeFileSync(join(dir, 'list.yaml'), '- 1\n- 2\n')
    expect(message(() => loadScenario(join(dir, 'list.yaml')))).toMatch(/must be a YAML mapping/)
  })
})

describe('loadScenario refuses what cannot run, with file, line and column', () => {
  const at = (text: string, path = 's.yaml') => message(() => parseScenario(text, path))

  it('refuses sweep paths through __proto__ without touching Object.prototype', () => {
    const sweep = (path: string) => `hosts: { count: 3 }\nsweep:\n  grid:\n    ${path}: [1]\n`
    expect(at(sweep('__proto__.toString'))).toMatch(
      /^s\.yaml:4:5: sweep\.grid: "__proto__\.toString" names no field/,
    )
    expect(at(sweep('__proto__.hasOwnProperty'))).toMatch(/^s\.yaml:4:5: .*names no field/)
    expect(at(sweep('constructor.prototype'))).toMatch(/^s\.yaml:4:5: .*names no field/)
    expect(message(() => parseScenario('', 'o.yaml', { '__proto__.toString': 1 }))).toMatch(
      /override __proto__\.toString: "__proto__\.toString" names no field/,
    )
    expect(typeof Object.prototype.toString).toBe('function')
    expect(typeof Object.prototype.hasOwnProperty.call).toBe('function')
  })

  it('refuses alias bombs and unresolved aliases at their line', () => {
    const bomb =
      'a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n'
    expect(at(bomb)).toMatch(/^s\.yaml:2:8: YAML error: aliases expand to too many values/)
    expect(at('seed: 1\nname: *x\n')).toMatch(/^s\.yaml:2:7: YAML error: alias x has no anchor before it/)
  })

  it('refuses nesting 2,000 deep, in block and flow style, without overflowing the stack', () => {
    const block = `${Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}k${i}:\n`).join('')}  1\n`
    expect(at(block)).toMatch(/^s\.yaml:65:\d+: nesting deeper than 64 levels/)
    expect(at(`a: ${'['.repeat(5000)}${']'.repeat(5000)}\n`)).toMatch(/^s\.yaml:1:\d+: nesting deeper/)
    expect(at(`a: ${'- '.repeat(3000)}1\n`)).toMatch(/^s\.yaml:1:\d+: nesting deeper/)
  })

  it('refuses a file larger than a scenario can be, reading no more of it than the limit', () => {
    const dir = mkdtempSync(join(tmpdir(), 'verisim-'))
    writeFileSync(join(dir, 'big.yaml'), `description: "${'x'.repeat(5 * 1024 * 1024)}"\n`)
    expect(message(() => loadScenario(join(dir, 'big.yaml')))).toMatch(
      /big\.yaml: more than 4 MiB is too large/,
    )
  })

  it('ignores the yaml-language-server line that points editors at the schema', () => {
    const s = parseScenario('# yaml-language-server: $schema=./verisim.schema.json\nseed: 7\n', 'c.yaml')
    expect(s.seed).toBe(7)
  })

  it('names line, column and field of cross-field errors', () => {
    expect(at('hosts: { stake: 1 }\nprotocol: { minStake: 2 }\n')).toMatch(
      /^s\.yaml:2:13: protocol\.minStake: 2 is more than hosts\.stake \(1\)/,
    )
    expect(at('hosts:\n  count: 2\nprotocol:\n  mode: replication\n  k: 3\n')).toMatch(
      /^s\.yaml:5:3: protocol\.k: 3 is more than hosts\.count \(2\)/,
    )
    expect(at('protocol:\n  challengeWindow: 600\n  moveTimeout: 60\n  unbondingDelay: 1000\n')).toMatch(
      /^s\.yaml:4:3: protocol\.unbondingDelay: 1000 s is shorter than challengeWindow \+ 32 × moveTimeout \+ refereeTimeout \(3120 s\)/,
    )
    expect(at('protocol: { refereeTimeout: 86400 }\n')).toMatch(
      /^s\.yaml:1:1: protocol\.unbondingDelay: 86400 s is shorter/,
    )
  })

  it('refuses modeled TEE and zk parameters out of range at their line and column', () => {
    expect(at('protocol:\n  tee: { compromiseRate: -0.1 }\n')).toMatch(
      /^s\.yaml:2:\d+: protocol\.tee\.compromiseRate: /,
    )
    expect(at('protocol:\n  tee:\n    fixedSeconds: -1\n')).toMatch(
      /^s\.yaml:3:5: protocol\.tee\.fixedSeconds: /,
    )
    expect(at('protocol:\n  tee:\n    discoveryTime: 0\n')).toMatch(
      /^s\.yaml:3:5: protocol\.tee\.discoveryTime: must be more than 0/,
    )
    expect(at('protocol:\n  zk:\n    proving: { kind: powerLaw, a: 1, b: 0 }\n')).toMatch(
      /^s\.yaml:3:\d+: protocol\.zk\.proving\.b: must be more than 0/,
    )
    expect(at('protocol:\n  zk:\n    proving: { kind: powerLaw, a: -1 }\n')).toMatch(
      /^s\.yaml:3:\d+: protocol\.zk\.proving\.a: must be more than 0/,
    )
    expect(at('protocol:\n  zk:\n    proving: { kind: flat, factor: 0.5 }\n')).toMatch(
      /^s\.yaml:3:\d+: protocol\.zk\.proving\.factor: /,
    )
    expect(at('protocol:\n  zk:\n    proofBytes: -5\n')).toMatch(/^s\.yaml:3:5: protocol\.zk\.proofBytes: /)
    expect(at('protocol:\n  zk:\n    proofBytes: 700000\n')).toMatch(
      /^s\.yaml:3:5: protocol\.zk\.proofBytes: gas \+ gasPerByte × proofBytes is 11500000, more than the 10,000,000/,
    )
    const fitted = parseScenario('protocol: { zk: { proving: { kind: powerLaw } } }\n', 's.yaml').protocol.zk
      .proving
    expect(fitted).toMatchObject({ kind: 'powerLaw', a: expect.any(Number), b: expect.any(Number) })
  })

  it('refuses tolerance: auto where it cannot be measured, and a margin of 1 or less', () => {
    expect(at('comparison: exact\ntolerance: auto\n')).toMatch(
      /^s\.yaml:2:\d+: tolerance: auto needs comparison: tolerance, but comparison is exact/,
    )
    expect(parseScenario('model: { builtin: decoder }\ntolerance: auto\n', 's.yaml').tolerance).toBe('auto')
    expect(at('model: { decoder: { prefill: p.onnx, decode: d.onnx } }\ntolerance: auto\n')).toMatch(
      /^s\.yaml:2:\d+: tolerance: auto is measured on built-in models and \.onnx forward files; a decoder from prefill and decode files/,
    )
    expect(
      at('model: { builtin: decoder }\ntolerance: auto\ngenerationTolerance: { maxValueDistance: 0.01 }\n'),
    ).toMatch(/^s\.yaml:3:1: generationTolerance: tolerance: auto sets generationTolerance\.maxValueDistance/)
    expect(parseScenario('model: { file: m.onnx }\ntolerance: auto\n', 's.yaml').tolerance).toBe('auto')
    expect(at('tolerance: auto\ntoleranceMargin: 1\n')).toMatch(
      /^s\.yaml:2:\d+: toleranceMargin: must be greater than 1/,
    )
    expect(at('tolerance: often\n')).toMatch(/^s\.yaml:1:\d+: tolerance: /)
    const auto = parseScenario('tolerance: auto\n', 's.yaml')
    expect([auto.tolerance, auto.toleranceMargin]).toEqual(['auto', 4])
  })

  it('refuses a generation tolerance out of range, or on a forward model, at its line and column', () => {
    const decoder = 'model: { builtin: decoder }\n'
    expect(at(`${decoder}generationTolerance:\n  maxValueDistance: 0\n`)).toMatch(
      /^s\.yaml:3:3: generationTolerance\.maxValueDistance: must be greater than 0/,
    )
    expect(at(`${decoder}generationTolerance:\n  minOverlap: 1.5\n`)).toMatch(
      /^s\.yaml:3:3: generationTolerance\.minOverlap: /,
    )
    expect(at(`${decoder}generationTolerance:\n  tokenMargin: -1\n`)).toMatch(
      /^s\.yaml:3:3: generationTolerance\.tokenMargin: /,
    )
    expect(at(`${decoder}generationTolerance: { maxValueDistance: 0.01, slack: 1 }\n`)).toMatch(
      /^s\.yaml:2:48: unknown field generationTolerance\.slack/,
    )
    expect(at('generationTolerance: { maxValueDistance: 0.01 }\n')).toMatch(
      /^s\.yaml:1:1: generationTolerance: generationTolerance sets a decoder's generation checks/,
    )
    const given = parseScenario(`${decoder}generationTolerance: { maxValueDistance: 0.01 }\n`, 's.yaml')
    expect(given.generationTolerance).toEqual({ minOverlap: 0.9, maxValueDistance: 0.01, tokenMargin: 0.01 })
  })

  it('names line, column and field of sweep range and zip errors', () => {
    expect(at('sweep:\n  random:\n    samples: 2\n    ranges:\n      protocol.p: [1, 0]\n')).toMatch(
      /^s\.yaml:5:7: sweep\.random\.ranges\.protocol\.p: max \(0\) is below min \(1\)/,
    )
    expect(
      at('sweep:\n  random:\n    samples: 2\n    ranges:\n      protocol.p: { min: 0, max: 1, log: true }\n'),
    ).toMatch(/^s\.yaml:5:7: sweep\.random\.ranges\.protocol\.p: a log range needs min > 0/)
    expect(at('sweep:\n  zip:\n    protocol.p: [0.1, 0.2]\n    hosts.count: [5]\n')).toMatch(
      /^s\.yaml:4:5: sweep\.zip\.hosts\.count: has 1 values, the first list has 2/,
    )
  })

  it('refuses amounts the chain would refuse: a zero fee or stake, amounts below 1e-9 token', () => {
    expect(at('requesters: { fee: 0 }\n')).toMatch(
      /^s\.yaml:1:15: requesters\.fee: must be at least 1e-9 token/,
    )
    expect(at('hosts: { stake: 0 }\nprotocol: { minStake: 0 }\n')).toMatch(
      /^s\.yaml:1:10: hosts\.stake: must be at least 1e-9/,
    )
    expect(at('hosts: { stake: 4.0e-10 }\nprotocol: { minStake: 0 }\n')).toMatch(
      /hosts\.stake: must be at least 1e-9/,
    )
    expect(at('protocol: { challengeBond: 1e-12 }\n')).toMatch(
      /protocol\.challengeBond: must be 0 or at least 1e-9/,
    )
    expect(
      parseScenario('protocol: { minStake: 0, challengeBond: 0 }\nhosts: { stake: 1e-9 }\n', 's.yaml').hosts
        .stake,
    ).toBe(1e-9)
  })

  it('refuses fractions that would be 0 parts per million on chain', () => {
    for (const field of ['slashFraction', 'challengerShare', 'bondToWinner', 'p', 'watchProbability']) {
      expect(at(`protocol:\n  ${field}: 4e-7\n`)).toMatch(
        new RegExp(`^s\\.yaml:2:3: protocol\\.${field}: must be 0 or at least 0\\.000001`),
      )
      expect(parseScenario(`protocol:\n  ${field}: 1e-6\n`, 's.yaml').protocol).toHaveProperty(field, 1e-6)
    }
    expect(at('hosts: { cheatRate: 1e-9 }\n')).toMatch(/hosts\.cheatRate: must be 0 or at least/)
  })

  it('bounds the timeouts so that every run ends', () => {
    // long-window: a 1e9 s window made a run grow past 3 GiB without end.
    expect(at('duration: 10\nprotocol: { challengeWindow: 1000000000 }\n')).toMatch(
      /^s\.yaml:2:13: protocol\.challengeWindow: must be at most 604800 s \(7 days\): a run mines every block/,
    )
    expect(at('protocol: { moveTimeout: 100000 }\n')).toMatch(
      /protocol\.moveTimeout: must be at most 86400 s \(1 day\)/,
    )
    expect(at('protocol: { refereeTimeout: 100000 }\n')).toMatch(
      /protocol\.refereeTimeout: must be at most 86400 s \(1 day\)/,
    )
    expect(at('protocol: { unbondingDelay: 1e12 }\n')).toMatch(
      /protocol\.unbondingDelay: must be at most 31536000 s \(365 days\)/,
    )
    expect(at('duration: 3000000\nblockTime: 1\n')).toMatch(
      /^s\.yaml:1:1: duration: a run would mine up to 3,002,640 blocks .*more than 2,000,000/,
    )
  })

  it('refuses a built-in model too large to build, before building it', () => {
    // 16384 wide and 256 deep is 2.7e11 bytes of weights: validate grew past 22 GiB.
    expect(at('model: { builtin: mlp, width: 16384, depth: 256 }\n')).toMatch(
      /^s\.yaml:1:1: model: this model needs about 255 GiB of weights .*more than the 4 GiB/,
    )
    expect(at('model: { builtin: transformer, dModel: 8192, blocks: 256 }\n')).toMatch(
      /model: this model needs about/,
    )
    // The substitute model counts when lazy hosts run it.
    const substitute = 'model: { builtin: mlp, width: 8, depth: 200, cheats: { substituteWidth: 65536 } }\n'
    expect(parseScenario(substitute, 's.yaml').model).toMatchObject({ width: 8 })
    expect(at(`${substitute}hosts: { behaviours: { lazy: 1 }, variant: substitute }\n`)).toMatch(
      /model: this model/,
    )
  })

  it('refuses plans of more runs than one plan may hold, before expanding them', () => {
    const values = `[${Array.from({ length: 10 }, (_, i) => i / 10).join(', ')}]`
    const fields = ['protocol.p', 'protocol.slashFraction', 'protocol.challengerShare', 'hosts.cheatRate']
    const grid = fields.map((f) => `    ${f}: ${values}\n`).join('')
    expect(parseScenario(`sweep:\n  replicates: 10\n  grid:\n${grid}`, 's.yaml').sweep?.replicates).toBe(10)
    const huge = `${grid}    verifiers.skipProbability: ${values}\n    verifiers.coalition.bribe: ${values}\n`
    expect(at(`sweep:\n  grid:\n${huge}`)).toMatch(
      /^s\.yaml:1:1: sweep: plans 1,000,000 runs \(points × replicates\)/,
    )
    expect(at(`sweep:\n  replicates: 11\n  grid:\n${grid}`)).toMatch(/plans 110,000 runs/)
    expect(at('sweep:\n  random:\n    samples: 100001\n    ranges: { protocol.p: [0, 1] }\n')).toMatch(
      /^s\.yaml:3:5: sweep\.random\.samples: .*<=100000/,
    )
  })
})

describe('decoder scenarios (issue 15)', () => {
  it('hold the workload and generation cost defaults, printed as a file that wrote them would be', () => {
    const filled = parseScenario('model: { builtin: decoder }\n', 'd.yaml')
    expect(filled.workload).toEqual({
      prompt: 16,
      outputTokens: 64,
      sampling: 'greedy',
      chunkSize: 32,
      topK: 4,
    })
    expect(filled.economics.generationCost).toEqual({ hardware: 'h100-sxm', decoder: null })
    // scenario.resolved.yaml and `verisim validate` print this; read back, it is the same text.
    const text = stringify(filled)
    expect(stringify(parseScenario(text, 'd.yaml'))).toBe(text)
    expect(Object.keys(filled).indexOf('workload')).toBe(Object.keys(filled).indexOf('model') + 1)
    // Forward models get neither.
    const mlp = parseScenario('seed: 2\n', 'm.yaml')
    expect(mlp).not.toHaveProperty('workload')
    expect(mlp.economics).not.toHaveProperty('generationCost')
  })
})

describe('loadScenario(...).at(params), a sweep point', () => {
  const file = (text: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'verisim-'))
    writeFileSync(join(dir, 'p.yaml'), text)
    return join(dir, 'p.yaml')
  }

  it('never reads the file again: a 10,000-point grid is planned from one parse', () => {
    const values = Array.from({ length: 100 }, (_, i) => i / 1000)
    const path = file(`sweep:\n  grid:\n    protocol.p: [${values}]\n    hosts.cheatRate: [${values}]\n`)
    const loaded = loadScenario(path)
    rmSync(path)
    const points = expandSweep(loaded.scenario, path)
    expect(points).toHaveLength(10_000)
    const last = loaded.at((points.at(-1) as { params: Record<string, unknown> }).params)
    expect(last.protocol.p).toBe(0.099)
    expect(last.hosts.cheatRate).toBe(0.099)
    expect(last.sweep).toEqual(loaded.scenario.sweep)
    expect(loaded.scenario.protocol.p).toBe(0.1)
  })

  it('reports a bad point value at the sweep entry that gave it', () => {
    const path = file(
      'hosts: { stake: 5 }\nsweep:\n  grid:\n    protocol.p: [0.5, 2]\n    protocol.minStake: [1, 10]\n',
    )
    const loaded = loadScenario(path)
    const points = expandSweep(loaded.scenario, path)
    expect(message(() => loaded.at({ 'protocol.p': 2, 'protocol.minStake': 1 }))).toMatch(
      /p\.yaml:4:5: sweep\.grid\.protocol\.p = 2: protocol\.p: .*<=1/,
    )
    expect(message(() => loaded.at({ 'protocol.p': 0.5, 'protocol.minStake': 10 }))).toMatch(
      /p\.yaml:5:5: sweep\.grid\.protocol\.minStake = 10: protocol\.minStake: 10 is more than hosts\.stake \(5\)/,
    )
    expect(points).toHaveLength(4)
  })
})

describe('loadScenario overrides (--set)', () => {
  const origin = { overrideOrigin: (field: string, value: unknown) => `--set ${field}=${value}` }

  it('reports a bad override path or value where it was given, not at a line of the file', () => {
    const text = 'seed: 1\nprotocol:\n  p: 0.1\n'
    expect(message(() => parseScenario(text, 'f.yaml', { 'protocol.q': 1 }, origin))).toMatch(
      /^--set protocol\.q=1: "protocol\.q" names no field of the scenario \(did you mean protocol\.p\?/,
    )
    expect(message(() => parseScenario(text, 'f.yaml', { 'protocol.p': 2 }, origin))).toMatch(
      /^--set protocol\.p=2: protocol\.p: .*<=1/,
    )
    expect(
      message(() => parseScenario('hosts: { stake: 5 }\n', 'f.yaml', { 'protocol.minStake': 9 }, origin)),
    ).toMatch(/^--set protocol\.minStake=9: protocol\.minStake: 9 is more than hosts\.stake \(5\)/)
    expect(message(() => parseScenario(text, 'f.yaml', { 'protocol.p': 2 }))).toMatch(
      /^f\.yaml:3:3: protocol\.p: /,
    )
    expect(message(() => parseScenario(text, 'f.yaml', { 'protocol.p.x': 2 }))).toMatch(
      /^f\.yaml: override protocol\.p\.x: "protocol\.p\.x" names no field/,
    )
    expect(parseScenario(text, 'f.yaml', { 'protocol.p': 0.5 }, origin).protocol.p).toBe(0.5)
  })
})

describe('loadScenario errors stay one line', () => {
  it('escapes line breaks and control characters quoted from the file or an override', () => {
    const unknown = message(() => parseScenario('"a\\nb\\u2028c": 1\n', 'n.yaml'))
    expect(unknown).toMatch(/^n\.yaml:1:1: unknown field a\\nb\\u2028c: /)
    expect(unknown).not.toMatch(/[\n\u2028]/)
    // Found by the fuzz test: an override path holding a whole YAML block.
    const override = message(() => parseScenario('', 'n.yaml', { 'sweep:\n  grid:\n    x: [1]\n': 1 }))
    expect(override).toMatch(/^n\.yaml: override sweep:\\n {2}grid:/)
    expect(override).not.toMatch(/\n/)
  })
})
