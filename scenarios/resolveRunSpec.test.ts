import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { InputError, ScenarioFieldError } from '../errors/index.ts'
import {
  EXPERIMENTAL_SEGMENT,
  H100_SXM,
  LLAMA_LIKE_DECODERS,
  PRODUCTION_SEGMENT,
  RTX_4090,
  thisMachineCpu,
} from '../sim/index.ts'
import { expandSweep } from './expandSweep.ts'
import { marketScenario } from './fixtures/demandScenarios.ts'
import { loadScenario, parseScenario } from './loadScenario.ts'
import { resolveRunSpec } from './resolveRunSpec.ts'

const dir = mkdtempSync(join(tmpdir(), 'verisim-resolve-'))
const resolveText = (text: string) => {
  const path = join(dir, 's.yaml')
  return resolveRunSpec(parseScenario(text, path), path)
}
const message = (text: string) => {
  try {
    resolveText(text)
  } catch (error) {
    expect(error).toBeInstanceOf(InputError)
    return (error as Error).message
  }
  throw new Error('expected an InputError')
}

describe('resolveRunSpec', () => {
  it('carries the behaviour rules into the run, with the defaults the README gives and earlier versions hard-coded', () => {
    const defaults = resolveText('name: d\n')
    expect(defaults.hosts.adaptive).toEqual({ initialRate: 0.05, step: 0.02, detectionCut: 5 })
    const logit = { rule: 'logit', temperature: 0.05, step: 0.05, exploration: 0.02, publicWeight: 0 }
    expect(defaults.hosts.learning).toEqual(logit)
    expect(defaults.verifiers.learning).toEqual(logit)
    expect(defaults.verifiers.coalition).toEqual({ hosts: ['lazy', 'adaptive', 'rational'], bribe: 0 })
    expect(defaults.requesters.escrow).toEqual({ margin: 1.2, extraJobs: 10, topUp: 2 })
    const set = resolveText(
      'hosts: { adaptive: { detectionCut: 0.5 }, behaviours: { rational: 1 }, learning: { rule: hedge } }\nverifiers: { learning: { rule: regret, discount: 0.9 }, coalition: { bribe: 2 } }\nrequesters: { escrow: { margin: 0.1, extraJobs: 0, topUp: 1 } }\n',
    )
    expect(set.hosts.adaptive.detectionCut).toBe(0.5)
    expect(set.hosts.shares.rational).toBe(1)
    expect(set.hosts.learning).toEqual({ rule: 'hedge', eta: 0.05, exploration: 0.02, publicWeight: 0 })
    expect(set.verifiers.learning).toEqual({
      rule: 'regret',
      discount: 0.9,
      exploration: 0.02,
      publicWeight: 0,
    })
    expect(set.verifiers.coalition).toEqual({ hosts: ['lazy', 'adaptive', 'rational'], bribe: 2 })
    expect(set.requesters.escrow).toEqual({ margin: 0.1, extraJobs: 0, topUp: 1 })
  })
  it('rejects a replication k larger than the host count', () => {
    expect(message('hosts: { count: 3 }\nprotocol: { mode: replication, k: 4 }\n')).toMatch(
      /protocol\.k: 4 is more than hosts\.count \(3\)/,
    )
  })
  it('rejects cheats a model cannot run', () => {
    expect(
      message(
        'model: { builtin: mlp, depth: 3, cheats: { skipLayers: 3 } }\nhosts: { behaviours: { lazy: 1 } }\n',
      ),
    ).toMatch(/model\.cheats\.skipLayers: 3 must be less than/)
  })
  it('rejects a move timeout no longer than a block and a window shorter than one', () => {
    expect(message('protocol: { mode: optimistic, moveTimeout: 12 }\n')).toMatch(/protocol\.moveTimeout/)
    expect(message('protocol: { mode: zk, challengeWindow: 0 }\n')).toMatch(/protocol\.challengeWindow/)
  })
  it('rejects an unbonding delay a host could leave within before its verdicts (issue 12)', () => {
    // 100 + 32 × 20 + 50 = 790 s: the window, the longest game and the referee's deadline.
    const protocol = 'challengeWindow: 100, moveTimeout: 20, refereeTimeout: 50'
    expect(message(`protocol: { ${protocol}, unbondingDelay: 789 }\n`)).toMatch(
      /protocol\.unbondingDelay: 789 s is shorter than challengeWindow \+ 32 × moveTimeout \+ refereeTimeout \(790 s\)/,
    )
    expect(resolveText(`protocol: { ${protocol}, unbondingDelay: 790 }\n`).protocol.refereeTimeout).toBe(50)
    expect(resolveText('').protocol.refereeTimeout).toBe(600)
  })
  it('says the new form of a coalition given as the old list of host indices', () => {
    expect(message('hosts: { count: 2 }\nverifiers: { coalition: [5] }\n')).toMatch(
      /s\.yaml:2:\d+: verifiers\.coalition: is now \{ hosts: \[host behaviours\], bribe: tokens \}, not a list of host indices/,
    )
  })
  it('refuses a coalition share of verifiers above 1 in one line naming it', () => {
    const text = message('verifiers: { behaviours: { colluding: 1.5 } }\n')
    expect(text.split('\n')).toHaveLength(1)
    expect(text).toMatch(/s\.yaml:1:\d+: verifiers\.behaviours\.colluding/)
  })
  it('refuses learning parameters out of range with file, line, column and field', () => {
    expect(message('hosts:\n  learning: { rule: logit, temperature: 0 }\n')).toMatch(
      /s\.yaml:2:\d+: hosts\.learning\.temperature: must be more than 0/,
    )
    expect(message('verifiers:\n  learning: { rule: hedge, exploration: 0.5 }\n')).toMatch(
      /s\.yaml:2:\d+: verifiers\.learning\.exploration: must be more than 0 and less than 0\.5/,
    )
    expect(message('verifiers:\n  learning: { rule: regret, discount: 1.5 }\n')).toMatch(
      /s\.yaml:2:\d+: verifiers\.learning\.discount: must be more than 0 and at most 1/,
    )
    expect(message('hosts:\n  learning: { rule: logit, publicWeight: 2 }\n')).toMatch(
      /s\.yaml:2:\d+: hosts\.learning\.publicWeight: must be from 0 to 1/,
    )
  })
  it('names the line of the files a scenario refers to, which only resolving can check', () => {
    const missing = 'name: m\nmodel:\n  file: none.onnx\nhosts: { behaviours: { honest: 1 } }\n'
    expect(message(missing)).toMatch(/^.*s\.yaml:3:3: model\.file: model file not found: .*none\.onnx/)
    expect(message('name: c\ncalibration: none.json\neconomics: { costPerFlop: calibrated }\n')).toMatch(
      /^.*s\.yaml:2:1: calibration: no calibration file at /,
    )
    // A scenario built in code has no lines: it is named by file and field.
    const path = join(dir, 'code.yaml')
    const built = { ...parseScenario(missing, path) }
    try {
      resolveRunSpec(built, path)
    } catch (error) {
      expect(error).toBeInstanceOf(ScenarioFieldError)
      expect(error).toMatchObject({ file: path, line: undefined, fieldPath: 'model.file' })
      return
    }
    throw new Error('a missing model file was accepted')
  })
  it('leaves settlement out of a spec whose scenario has none, and fills its defaults when it has one', () => {
    expect('settlement' in resolveText('name: d\n')).toBe(false)
    expect(resolveText('settlement: {}\n').settlement).toEqual({ execution: 'async', commit: 'batched' })
    expect(resolveText('settlement: { execution: preExecuted, commit: perRequest }\n').settlement).toEqual({
      execution: 'preExecuted',
      commit: 'perRequest',
    })
    expect(() => resolveText('settlement: { execution: sequential }\n')).toThrow(/settlement\.execution/)
  })

  it('uses exact comparison as tolerance 0', () => {
    expect(resolveText('comparison: exact\n').tolerance).toBe(0)
    expect(resolveText('').tolerance).toBe(5e-3)
  })
  it('derives calibrated speeds and cost per FLOP from a calibration file', () => {
    writeFileSync(
      join(dir, 'cal.json'),
      JSON.stringify({
        families: {
          mlp: { secondsPerFlop: 1e-10, flopsPerSecond: 1e10 },
          transformer: { secondsPerFlop: 2e-11, flopsPerSecond: 5e10 },
        },
      }),
    )
    const spec = resolveText(
      'calibration: cal.json\nhosts: { speed: calibrated }\neconomics: { costPerFlop: calibrated, pricePerCoreHour: 3.6 }\n',
    )
    expect(spec.hosts.speed).toBe(1e10)
    expect(spec.verifiers.speed).toBe(1e9)
    expect(spec.economics.costPerFlop).toBeCloseTo(1e-10 * 0.001, 20)
    expect(spec.calibration).toMatchObject({ family: 'mlp', secondsPerFlop: 1e-10 })
    expect(message('calibration: none.json\neconomics: { costPerFlop: calibrated }\n')).toMatch(
      /no calibration file at .*none\.json.*verisim calibrate/,
    )
  })
})

describe('resolveRunSpec for decoder models (issue 15)', () => {
  it('resolves a decoder scenario with defaults to the exact RunSpec fields', () => {
    const spec = resolveText('model: { builtin: decoder }\n')
    expect(spec.model).toEqual({
      kind: 'decoder',
      vocab: 256,
      width: 64,
      heads: 4,
      blocks: 2,
      context: 256,
      ffMult: 4,
      seed: 1,
      cheats: {
        skipBlocks: 1,
        substitute: { width: 32, heads: 2, blocks: 1 },
        truncateKeep: 8,
        biasTokens: [32],
        bias: 2,
      },
    })
    expect(spec.workload).toEqual({
      prompt: { fixed: 16 },
      outputTokens: { fixed: 64 },
      sampling: { kind: 'greedy' },
      chunkSize: 32,
      topK: 4,
    })
    expect(spec.protocol.detection).toBeNull()
    expect(spec.protocol).not.toHaveProperty('detection.alpha')
    expect(spec.economics.generationCost).toEqual({ hardware: H100_SXM, decoder: null })
    expect(spec.calibration).toBe('scenario')
  })

  it('carries every decoder field a file sets', () => {
    const spec = resolveText(
      [
        'model:',
        '  builtin: decoder',
        '  width: 48',
        '  heads: 3',
        '  blocks: 3',
        '  context: 128',
        '  vocab: 100',
        '  ffMult: 2',
        '  seed: 9',
        '  cheats: { skipBlocks: 2, substitute: { width: 16, heads: 4, blocks: 2 }, truncateKeep: 3, biasTokens: [1, 99], bias: 0.5 }',
        'workload:',
        '  prompt: { uniform: [4, 20] }',
        '  outputTokens: 100',
        '  sampling: sample',
        '  temperature: 0.8',
        '  chunkSize: 10',
        '  topK: 48',
        'hosts: { behaviours: { lazy: 1 }, variant: kv8 }',
        'protocol:',
        '  mode: sampling',
        '  detection: { beta: 0.1 }',
        'economics:',
        '  generationCost: { hardware: rtx-4090, decoder: Llama-2-7B }',
        '',
      ].join('\n'),
    )
    expect(spec.model).toMatchObject({
      kind: 'decoder',
      width: 48,
      heads: 3,
      blocks: 3,
      context: 128,
      vocab: 100,
      ffMult: 2,
      seed: 9,
      cheats: {
        skipBlocks: 2,
        substitute: { width: 16, heads: 4, blocks: 2 },
        truncateKeep: 3,
        biasTokens: [1, 99],
        bias: 0.5,
      },
    })
    expect(spec.workload).toEqual({
      prompt: { uniform: [4, 20] },
      outputTokens: { fixed: 100 },
      sampling: { kind: 'sample', temperature: 0.8 },
      chunkSize: 10,
      topK: 48,
    })
    expect(spec.hosts.variant).toBe('kv8')
    expect(spec.protocol.detection).toEqual({ alpha: 0.001, beta: 0.1, delta: 1 })
    expect(spec.economics.generationCost).toEqual({
      hardware: RTX_4090,
      decoder: LLAMA_LIKE_DECODERS.find((d) => d.name === 'Llama-2-7B'),
    })
    // Sampling without a temperature draws at 1.
    const sampled = resolveText('model: { builtin: decoder }\nworkload: { sampling: sample }\n')
    expect(sampled.workload?.sampling).toEqual({ kind: 'sample', temperature: 1 })
  })

  it('leaves the generation fields null for forward models', () => {
    const spec = resolveText('model: { builtin: transformer }\n')
    expect(spec.workload).toBeNull()
    expect(spec.protocol.detection).toBeNull()
    expect(spec.economics.generationCost).toBeNull()
  })

  it('resolves a decoder from files to absolute paths beside the scenario, and names a missing one', () => {
    const sub = mkdtempSync(join(dir, 'files-'))
    writeFileSync(join(sub, 'prefill.onnx'), '')
    writeFileSync(join(sub, 'decode.onnx'), '')
    const path = join(sub, 'f.yaml')
    const text = (decode: string) =>
      `model:\n  decoder:\n    prefill: prefill.onnx\n    decode: ${decode}\n  cheats: { truncateKeep: 4 }\n`
    const spec = resolveRunSpec(parseScenario(text('decode.onnx'), path), path)
    expect(spec.model).toEqual({
      kind: 'decoderFile',
      prefill: join(sub, 'prefill.onnx'),
      decode: join(sub, 'decode.onnx'),
      cheats: {
        skipBlocks: 1,
        substitute: { width: 32, heads: 2, blocks: 1 },
        truncateKeep: 4,
        biasTokens: [32],
        bias: 2,
      },
    })
    expect(spec.workload?.outputTokens).toEqual({ fixed: 64 })
    const missing = () => resolveRunSpec(parseScenario(text('none.onnx'), path), path)
    expect(missing).toThrow(ScenarioFieldError)
    try {
      missing()
    } catch (error) {
      expect(error).toMatchObject({ fieldPath: 'model.decoder.decode', line: 4 })
      expect((error as Error).message).toMatch(
        /f\.yaml:4:5: model\.decoder\.decode: decoder decode file not found: .*none\.onnx/,
      )
    }
    const noPrefill = 'model:\n  decoder: { prefill: gone.onnx, decode: decode.onnx }\n'
    expect(() => resolveRunSpec(parseScenario(noPrefill, path), path)).toThrow(
      /model\.decoder\.prefill: decoder prefill file not found: .*gone\.onnx/,
    )
  })

  it('prices this-machine from the generation section of the calibration file', () => {
    const families = {
      mlp: { secondsPerFlop: 1e-10, flopsPerSecond: 1e10 },
      transformer: { secondsPerFlop: 2e-11, flopsPerSecond: 5e10 },
    }
    const generation = {
      flopsPerSecond: 2e10,
      bytesPerSecond: 8e9,
      prefillTokensPerSecond: 5000,
      decodeSecondsPerToken: 0.002,
      model: 'decoder w256 b4 ctx256',
    }
    writeFileSync(join(dir, 'gen.json'), JSON.stringify({ families, generation }))
    writeFileSync(join(dir, 'old.json'), JSON.stringify({ families }))
    const machine = (file: string) =>
      `model: { builtin: decoder }\ncalibration: ${file}\neconomics:\n  generationCost:\n    hardware: this-machine\n`
    const spec = resolveText(machine('gen.json'))
    expect(spec.economics.generationCost).toEqual({
      hardware: thisMachineCpu({ flopsPerSecond: 2e10, bytesPerSecond: 8e9 }),
      decoder: null,
    })
    expect(spec.economics.generationCost?.hardware.peakFlops).toBe(2e10)
    // The run records the file its generation prices came from.
    expect(spec.calibration).toEqual({
      file: join(dir, 'gen.json'),
      family: 'generation',
      secondsPerFlop: 5e-11,
    })
    expect(message(machine('old.json'))).toMatch(
      /s\.yaml:5:5: economics\.generationCost\.hardware: this-machine needs the generation section of the calibration file, which .*old\.json does not have \(run `verisim calibrate`/,
    )
    expect(message(machine('none.json'))).toMatch(
      /s\.yaml:5:5: economics\.generationCost\.hardware: no calibration file at .*none\.json \(run `verisim calibrate` first, or use h100-sxm or rtx-4090\)/,
    )
  })

  it('sweeps and overrides the new fields, each point resolved and checked', () => {
    const path = join(dir, 'sweep.yaml')
    writeFileSync(
      path,
      'model: { builtin: decoder, context: 96 }\nsweep:\n  grid:\n    workload.outputTokens: [32, 64, 90]\n    economics.generationCost.decoder: [null, Llama-3.2-1B]\n',
    )
    const loaded = loadScenario(path)
    const points = expandSweep(loaded.scenario, path)
    expect(points).toHaveLength(6)
    const specs = points
      .slice(0, 4)
      .map((point) => resolveRunSpec(loaded.at(point.params), path, { replicate: point.index }))
    expect(specs.map((s) => s.workload?.outputTokens)).toEqual([
      { fixed: 32 },
      { fixed: 32 },
      { fixed: 64 },
      { fixed: 64 },
    ])
    expect(specs.map((s) => s.economics.generationCost?.decoder?.name ?? null)).toEqual([
      null,
      'Llama-3.2-1B',
      null,
      'Llama-3.2-1B',
    ])
    // 16 prompt tokens + 90 output tokens overflow the context: reported at the sweep entry.
    expect(() => loaded.at(points[4]?.params ?? {})).toThrow(
      /sweep\.yaml:4:5: sweep\.grid\.workload\.outputTokens = 90: workload\.outputTokens: the longest prompt \(16 tokens\) plus the longest output \(90 tokens\) is 106 tokens, more than model\.context \(96\)/,
    )
    const set = loadScenario(path, { 'workload.chunkSize': 8, 'protocol.detection.alpha': 0.01 })
    const spec = resolveRunSpec(set.scenario, path)
    expect(spec.workload?.chunkSize).toBe(8)
    expect(spec.protocol.detection).toEqual({ alpha: 0.01, beta: 0.05, delta: 1 })
  })
})

describe('resolveRunSpec for the demand market (issue 16)', () => {
  const loadText = (text: string) => {
    const path = join(dir, 'market.yaml')
    writeFileSync(path, text)
    return { path, loaded: loadScenario(path) }
  }

  it('leaves a scenario without the market sections as it ran before', () => {
    const spec = resolveText('seed: 3\n')
    expect(spec.demand).toBeNull()
    expect(spec.hosts.uptime).toBeNull()
    expect(spec.hosts.entry).toBeNull()
    expect(spec.verifiers.outages).toEqual([])
    expect(spec.economics.emissions).toEqual({ kind: 'none' })
  })

  it('fills RunSpec.demand, uptime, entry, outages and emissions from the file', () => {
    const spec = resolveText(marketScenario())
    expect(spec.hosts.uptime).toEqual({ meanUp: 86_400, meanDown: 600 })
    expect(spec.hosts.entry).toEqual({
      max: 8,
      window: 3600,
      every: 600,
      stakeCostPerDay: 0.05 / 365,
      enterAbove: 0.5,
      exitBelow: 0,
    })
    expect(spec.verifiers.outages).toEqual([{ start: 1800, end: 3600 }])
    expect(spec.economics.emissions).toEqual({
      kind: 'halving',
      perDay: 50,
      halvingEvery: 86_400,
      every: 3600,
    })
    const demand = spec.demand
    expect(demand).toMatchObject({
      marketSize: 2000,
      weight: 2,
      period: 3600,
      retentionPeriod: 14,
      repeatPeriods: 3,
      timeout: 30,
      fraudLoss: 0.01,
      providers: [
        {
          name: 'cheapApi',
          price: 0.0005,
          latency: { median: 0.5, p95: 2 },
          failureRate: 0.001,
          outages: { meanUp: 2_592_000, meanDown: 3600 },
        },
      ],
    })
    expect(demand?.segments.map((s) => s.name)).toEqual(['experimental', 'production'])
    expect(demand?.segments[0]?.segment).toEqual({
      ...EXPERIMENTAL_SEGMENT,
      share: 0.75,
      requestRate: 0.02,
      weights: { ...EXPERIMENTAL_SEGMENT.weights, price: 2000 },
      bass: { p: 1e-6, q: 1e-5, m: 1500 },
    })
    expect(demand?.segments[1]?.segment).toEqual({
      ...PRODUCTION_SEGMENT,
      share: 0.25,
      bass: { ...PRODUCTION_SEGMENT.bass, m: 500 },
    })
    // The RunSpec shares nothing with the scenario: a run may not change the file's data.
    const { loaded, path } = loadText(marketScenario())
    const again = resolveRunSpec(loaded.scenario, path)
    const latency = again.demand?.providers[0]?.latency
    if (latency) latency.median = 9
    expect(loaded.scenario.demand?.providers[0]?.latency.median).toBe(0.5)
  })

  it('defaults hosts.entry.max to twice the hosts at the start, and a decoder segment’s request size to the workload', () => {
    expect(resolveText('hosts: { count: 3, entry: {} }\n').hosts.entry?.max).toBe(6)
    const spec = resolveText(
      'model: { builtin: decoder }\nworkload: { prompt: 12, outputTokens: { uniform: [8, 16] } }\ndemand:\n  segments:\n    experimental: {}\n    production: { requestSize: { prompt: { uniform: [30, 40] } } }\n',
    )
    expect(spec.demand?.segments[0]?.segment.requestSize).toBeNull()
    expect(spec.demand?.segments[1]?.segment.requestSize).toEqual({
      prompt: { uniform: [30, 40] },
      outputTokens: { uniform: [8, 16] },
    })
  })

  it('sweeps a provider by index, the weight and the emission rate, each point resolved', () => {
    const sweep = [
      'sweep:',
      '  grid:',
      '    demand.providers.0.price: [0.0002, 0.0009]',
      '    demand.weight: [1, 4]',
      '    economics.emissions.perDay: [0, 100]',
      '',
    ].join('\n')
    const { loaded, path } = loadText(marketScenario(sweep))
    const points = expandSweep(loaded.scenario, path)
    expect(points).toHaveLength(8)
    const specs = points.map((p) => resolveRunSpec(loaded.at(p.params), path))
    expect(specs.map((s) => s.demand?.providers[0]?.price)).toEqual([
      0.0002, 0.0002, 0.0002, 0.0002, 0.0009, 0.0009, 0.0009, 0.0009,
    ])
    expect(specs.map((s) => s.demand?.weight)).toEqual([1, 1, 4, 4, 1, 1, 4, 4])
    expect(
      specs.map((s) => (s.economics.emissions.kind === 'halving' ? s.economics.emissions.perDay : -1)),
    ).toEqual([0, 100, 0, 100, 0, 100, 0, 100])
    // The rest of the provider is the file's.
    expect(specs[0]?.demand?.providers[0]?.latency).toEqual({ median: 0.5, p95: 2 })
    // A segment is reached by its name.
    const shares = loadText(
      marketScenario(
        'sweep:\n  zip:\n    demand.segments.experimental.share: [0.5, 0.9]\n    demand.segments.production.share: [0.5, 0.1]\n',
      ),
    )
    const zipped = expandSweep(shares.loaded.scenario, shares.path).map(
      (p) => resolveRunSpec(shares.loaded.at(p.params), shares.path).demand?.segments[1]?.segment.bass.m,
    )
    expect(zipped).toEqual([1000, 200])
  })

  it('resolves network offers, inheriting the mode parameters they leave out, and sweeps their fee by index', () => {
    const text = [
      'protocol: { mode: sampling, p: 0.2, k: 4, watchProbability: 0.3 }',
      'demand:',
      '  offers:',
      '    - { name: rep, fee: 0.0008, protocol: { mode: replication } }',
      '    - { name: opt, fee: 0.002, protocol: { mode: optimistic, watchProbability: 0.9 } }',
      'sweep:',
      '  grid:',
      '    demand.offers.0.fee: [0.0005, 0.0009]',
      '',
    ].join('\n')
    const { loaded, path } = loadText(text)
    const specs = expandSweep(loaded.scenario, path).map((p) => resolveRunSpec(loaded.at(p.params), path))
    expect(specs.map((s) => s.demand?.offers[0]?.fee)).toEqual([0.0005, 0.0009])
    expect(specs[0]?.demand?.offers).toEqual([
      { name: 'rep', fee: 0.0005, protocol: { mode: 'replication', p: 0.2, k: 4, watchProbability: 0.3 } },
      { name: 'opt', fee: 0.002, protocol: { mode: 'optimistic', p: 0.2, k: 4, watchProbability: 0.9 } },
    ])
    // Without offers the list is empty, and the resolved file does not gain the field.
    expect(resolveText('demand: {}\n').demand?.offers).toEqual([])
    expect(parseScenario('demand: {}\n', 'n.yaml').demand).not.toHaveProperty('offers')
  })

  it('refuses a sweep over a list entry the file does not have, at the sweep entry', () => {
    const { loaded, path } = loadText(
      marketScenario('sweep:\n  grid:\n    demand.providers.1.price: [0.1]\n'),
    )
    const [point] = expandSweep(loaded.scenario, path)
    expect(() => loaded.at(point?.params ?? {})).toThrow(
      /market\.yaml:\d+:5: sweep\.grid\.demand\.providers\.1\.price = 0\.1: providers has 1 entry in this file, so there is no entry 1/,
    )
    const bare = loadText('demand: {}\nsweep:\n  grid:\n    demand.providers.0.price: [0.1]\n')
    const [first] = expandSweep(bare.loaded.scenario, bare.path)
    expect(() => bare.loaded.at(first?.params ?? {})).toThrow(
      /providers is not written in this file, so it has no entry 0 \(write the providers list in the file/,
    )
  })
})
