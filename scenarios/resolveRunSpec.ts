import { existsSync, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { type ErrorPlace, ScenarioFieldError } from '../errors/index.ts'
import {
  type CatalogSpec,
  type FeeDraw,
  H100_SXM,
  LLAMA_LIKE_DECODERS,
  type ModelSpec,
  RTX_4090,
  type RunSpec,
  summarizeFeeDraw,
  thisMachineCpu,
  type WorkloadSpec,
  zipfShares,
} from '../sim/index.ts'
import { catalogModelBytes } from './catalogModelBytes.ts'
import { checkScenario } from './checkScenario.ts'
import { placeScenarioField } from './placeScenarioField.ts'
import { type CalibrationFile, readCalibration } from './readCalibration.ts'
import { resolveDemand } from './resolveDemand.ts'
import { resolveTokenCount } from './resolveTokenCount.ts'
import type { Scenario, Workload } from './schema.ts'
import { workloadOf } from './workloadOf.ts'

export type RunOverrides = { seed?: number; replicate?: number }

/** Turn a validated scenario into the run the simulator executes, checking cross-field rules. */
export function resolveRunSpec(
  scenario: Scenario,
  scenarioPath: string,
  overrides: RunOverrides = {},
): RunSpec {
  const { hosts, verifiers } = scenario
  const { fee } = scenario.requesters
  const { detection, exact, ...protocol } = scenario.protocol
  // A loaded scenario knows the line of each field; one built in code is named by its path.
  const placeOf = (field: string) => placeScenarioField(scenario, scenarioPath, field)
  const fail = (field: string, message: string, hint?: string): never => {
    throw new ScenarioFieldError(message, { ...placeOf(field), hint })
  }
  // The loader has checked these with their lines; a scenario built in code gets them here.
  const issue = checkScenario(scenario)
  if (issue) fail(issue.path.join('.'), issue.message, issue.hint)
  const catalog = scenario.catalog ? resolveCatalog(scenario, scenarioPath, fail) : undefined
  // With a catalog, its first model stands where the one model does (calibration, supply...).
  const model = catalog?.models[0]?.model ?? resolveModel(scenario, scenarioPath, fail)
  const calibrated = resolveCalibrated(
    scenario,
    scenarioPath,
    model.kind === 'transformer' ? 'transformer' : 'mlp',
    {
      ...placeOf('calibration'),
      fieldPath: 'calibration',
    },
  )
  const generating = model.kind === 'decoder' || model.kind === 'decoderFile'
  const generation = generating
    ? resolveGenerationCost(scenario, scenarioPath, {
        ...placeOf('economics.generationCost.hardware'),
        fieldPath: 'economics.generationCost.hardware',
      })
    : null
  return {
    name: scenario.name,
    seed: overrides.seed ?? scenario.seed,
    replicate: overrides.replicate ?? 0,
    duration: scenario.duration,
    blockTime: scenario.blockTime,
    model,
    workload: generating ? resolveWorkload(workloadOf(scenario)) : null,
    // An auto tolerance is NaN until lab/ measures it: NaN agrees with nothing, so a run that
    // skipped the measurement could never pass silently.
    tolerance:
      scenario.comparison === 'exact' ? 0 : scenario.tolerance === 'auto' ? Number.NaN : scenario.tolerance,
    ...(scenario.tolerance === 'auto' ? { toleranceAuto: { margin: scenario.toleranceMargin } } : {}),
    ...(generating && scenario.generationTolerance
      ? { generationTolerance: { ...scenario.generationTolerance } }
      : {}),
    inferenceCache: scenario.inferenceCache,
    hosts: {
      count: hosts.count,
      stake: hosts.stake,
      speed: calibrated.speed(hosts.speed),
      shares: { ...hosts.behaviours },
      learning: { ...hosts.learning },
      variant: hosts.variant,
      cheatRate: hosts.cheatRate,
      cheatGain: hosts.cheatGain,
      abandonRate: hosts.abandonRate,
      batchSize: hosts.batchSize,
      maxBatchDelay: hosts.maxBatchDelay,
      serving: { ...hosts.serving },
      adaptive: { ...hosts.adaptive },
      hardware: hosts.hardware.map(({ share, ...profile }) => ({ share, profile })),
      uptime: hosts.uptime && { ...hosts.uptime },
      entry: hosts.entry && { ...hosts.entry, max: hosts.entry.max ?? 2 * hosts.count },
    },
    verifiers: {
      count: verifiers.count,
      speed: calibrated.speed(verifiers.speed),
      shares: { ...verifiers.behaviours },
      skipProbability: verifiers.skipProbability,
      learning: { ...verifiers.learning },
      coalition: { hosts: [...verifiers.coalition.hosts], bribe: verifiers.coalition.bribe },
      hardware: { ...verifiers.hardware },
      outages: verifiers.outages.map(({ start, end }) => ({ start, end })),
    },
    requesters: {
      ...scenario.requesters,
      fee: summarizeFeeDraw(fee).mean,
      feeDraw: typeof fee === 'number' ? null : copyFeeDraw(fee),
      escrow: { ...scenario.requesters.escrow },
    },
    protocol: {
      ...protocol,
      forcedErrors: { ...protocol.forcedErrors },
      tee: { ...protocol.tee },
      zk: {
        ...protocol.zk,
        // Absent, proving is today's flat factor: overheadFactor keeps its meaning.
        proving: protocol.zk.proving
          ? { ...protocol.zk.proving }
          : { kind: 'flat', factor: protocol.zk.overheadFactor },
      },
      detection: detection ? { ...detection } : null,
      ...(exact ? { exact: { ...exact } } : {}),
    },
    economics: {
      costPerFlop: calibrated.costPerFlop,
      gasPrice: scenario.economics.gasPrice,
      centralizedPrice: scenario.economics.centralizedPrice,
      centralizedLatency: scenario.economics.centralizedLatency,
      generationCost: generation && { hardware: generation.hardware, decoder: generation.decoder },
      emissions: { ...scenario.economics.emissions },
    },
    demand: resolveDemand(scenario),
    ...(catalog ? { catalog } : {}),
    ...(scenario.settlement ? { settlement: { ...scenario.settlement } } : {}),
    // A file read only for the generation profile is still where figures came from.
    calibration:
      calibrated.source === 'scenario' && generation?.file
        ? {
            file: generation.file,
            family: 'generation',
            secondsPerFlop: 1 / generation.hardware.peakFlops,
          }
        : calibrated.source,
  }
}

/** The catalog with shares (given or Zipf), bytes (given, estimated or the file's) and paths resolved. */
function resolveCatalog(
  scenario: Scenario,
  scenarioPath: string,
  fail: (field: string, message: string, hint?: string) => never,
): CatalogSpec {
  const catalog = scenario.catalog as NonNullable<Scenario['catalog']>
  const zipf = zipfShares(catalog.models.length, catalog.zipf)
  const models = catalog.models.map((entry, i) => {
    const field = `catalog.models.${i}`
    const model = resolveModel({ ...scenario, model: entry.model }, scenarioPath, (f, message, hint) =>
      fail(`${field}.${f}`, message, hint),
    )
    const bytes =
      catalogModelBytes(scenario, entry) ??
      (model.kind === 'file'
        ? statSync(model.path).size
        : model.kind === 'decoderFile'
          ? // Prefill and decode graphs each hold the weights, and a node holds both.
            statSync(model.prefill).size + statSync(model.decode).size
          : 0)
    return { name: entry.name, model, share: entry.share ?? (zipf[i] as number), bytes }
  })
  for (const [role, key] of [
    ['host', 'hosts'],
    ['verifier', 'verifiers'],
  ] as const) {
    const memory = catalog[key].memory
    const big = models.find((m) => m.bytes > memory)
    if (big)
      fail(
        `catalog.${key}.memory`,
        `${memory} bytes cannot hold ${big.name} (${big.bytes} bytes, its file's size), so no ${role} could hold it`,
        `set catalog.${key}.memory to at least ${big.bytes}, or give ${big.name} fewer bytes`,
      )
  }
  return {
    models,
    memory: { host: catalog.hosts.memory, verifier: catalog.verifiers.memory },
    loadBandwidth: catalog.loadBandwidth,
    storage: { ...catalog.storage },
    loadCost: catalog.loadCost,
    holdCost: catalog.holdCost,
    placement: catalog.placement,
    coldStart: catalog.coldStart,
  }
}

function resolveModel(
  scenario: Scenario,
  scenarioPath: string,
  fail: (field: string, message: string, hint?: string) => never,
): ModelSpec {
  const { model } = scenario
  const relative = (field: string, file: string, what: string) => {
    const path = resolve(dirname(scenarioPath), file)
    if (!existsSync(path))
      fail(field, `${what} not found: ${path}`, 'paths are relative to the scenario file')
    return path
  }
  if ('file' in model) {
    return {
      kind: 'file',
      path: relative('model.file', model.file, 'model file'),
      cheats: { ...model.cheats },
    }
  }
  if ('decoder' in model) {
    return {
      kind: 'decoderFile',
      prefill: relative('model.decoder.prefill', model.decoder.prefill, 'decoder prefill file'),
      decode: relative('model.decoder.decode', model.decoder.decode, 'decoder decode file'),
      cheats: copyDecoderCheats(model.cheats),
    }
  }
  if (model.builtin === 'decoder') {
    const { vocab, width, heads, blocks, context, ffMult, seed } = model
    const cheats = copyDecoderCheats(model.cheats)
    return { kind: 'decoder', vocab, width, heads, blocks, context, ffMult, seed, cheats }
  }
  if (model.builtin === 'transformer') {
    const { dModel, heads, blocks, seqLen, ffMult, seed } = model
    return { kind: 'transformer', dModel, heads, blocks, seqLen, ffMult, seed, cheats: { ...model.cheats } }
  }
  const { width, depth, inputSize, outputSize, seed } = model
  return { kind: 'mlp', width, depth, inputSize, outputSize, seed, cheats: { ...model.cheats } }
}

type DecoderCheats = Extract<Scenario['model'], { builtin: 'decoder' }>['cheats']

const copyDecoderCheats = (cheats: DecoderCheats) => ({
  ...cheats,
  substitute: { ...cheats.substitute },
  biasTokens: [...cheats.biasTokens],
})

function resolveWorkload(workload: Workload): WorkloadSpec {
  return {
    prompt: resolveTokenCount(workload.prompt),
    outputTokens: resolveTokenCount(workload.outputTokens),
    sampling:
      workload.sampling === 'greedy'
        ? { kind: 'greedy' }
        : { kind: 'sample', temperature: workload.temperature ?? 1 },
    chunkSize: workload.chunkSize,
    topK: workload.topK,
  }
}

/**
 * The machine and modeled decoder generations are priced with (decoder models only): a shipped
 * profile, or this machine from the generation section `verisim calibrate` wrote, read through
 * sim/cost's thisMachineCpu so it is priced as every CPU profile is.
 */
function resolveGenerationCost(scenario: Scenario, scenarioPath: string, where: ErrorPlace) {
  const given = scenario.economics.generationCost ?? { hardware: 'h100-sxm', decoder: null }
  const decoder = LLAMA_LIKE_DECODERS.find((d) => d.name === given.decoder) ?? null
  if (given.hardware === 'h100-sxm') return { hardware: H100_SXM, decoder, file: undefined }
  if (given.hardware === 'rtx-4090') return { hardware: RTX_4090, decoder, file: undefined }
  const file = calibrationPath(scenario, scenarioPath)
  const hardware = thisMachineCpu(
    readGenerationSection(readCalibration(file, where, 'use h100-sxm or rtx-4090'), file, where),
  )
  return { hardware, decoder, file }
}

function readGenerationSection(calibration: CalibrationFile, file: string, where: ErrorPlace) {
  const section = calibration.generation
  const measured = (x: unknown) => typeof x === 'number' && Number.isFinite(x) && x > 0
  if (!section || !measured(section.flopsPerSecond) || !measured(section.bytesPerSecond)) {
    throw new ScenarioFieldError(
      `this-machine needs the generation section of the calibration file, which ${file} ${section ? 'holds without positive flopsPerSecond and bytesPerSecond' : 'does not have'}`,
      {
        ...where,
        hint: 'run `verisim calibrate` (it measures prefill and decode here), or use h100-sxm or rtx-4090',
      },
    )
  }
  return { flopsPerSecond: section.flopsPerSecond, bytesPerSecond: section.bytesPerSecond }
}

const calibrationPath = (scenario: Scenario, scenarioPath: string) =>
  scenario.calibration ? resolve(dirname(scenarioPath), scenario.calibration) : resolve('calibration.json')

/**
 * Values given as `calibrated` come from the calibration file of this machine: speeds from its
 * FLOP/s, the cost per FLOP from seconds per FLOP × the price of a core-hour.
 */
function resolveCalibrated(
  scenario: Scenario,
  scenarioPath: string,
  family: 'mlp' | 'transformer',
  where: ErrorPlace,
) {
  const { economics, hosts, verifiers } = scenario
  const uses = [economics.costPerFlop, hosts.speed, verifiers.speed].includes('calibrated')
  const path = calibrationPath(scenario, scenarioPath)
  const file = uses ? readCalibration(path, where) : undefined
  const measured = file?.families[family]
  const speed = (value: number | 'calibrated') =>
    value === 'calibrated' ? (measured?.flopsPerSecond ?? 0) : value
  const costPerFlop =
    economics.costPerFlop === 'calibrated'
      ? (measured?.secondsPerFlop ?? 0) * (economics.pricePerCoreHour / 3600)
      : economics.costPerFlop
  return {
    speed,
    costPerFlop,
    source: file
      ? { file: path, family, secondsPerFlop: measured?.secondsPerFlop ?? 0 }
      : ('scenario' as const),
  }
}

function copyFeeDraw(draw: FeeDraw): FeeDraw {
  if ('uniform' in draw) return { uniform: [...draw.uniform] }
  if ('logUniform' in draw) return { logUniform: [...draw.logUniform] }
  return { choices: [...draw.choices] }
}
