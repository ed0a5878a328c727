import {
  decoderSpecOf,
  type GenerationRequest,
  type GenerationSpread,
  type HardwareSpread,
  measureGenerationSpread,
  measureHardwareSpread,
  requestFromOrder,
} from '../engine/index.ts'
import { InputError } from '../errors/index.ts'
import {
  DEFAULT_GENERATION_TOLERANCE,
  type HardwareProfile,
  middleOrder,
  REFERENCE_HARDWARE,
  type RunRef,
  type RunSpec,
  type TokenCount,
  type ToleranceAuto,
} from '../sim/index.ts'
import { measureBatchSpread } from './measureBatchSpread.ts'
import { measureDecoderBatchSpread } from './measureDecoderBatchSpread.ts'

/** Inputs the spread is measured on: fixed, so the same scenario gets the same tolerance. */
export const AUTO_TOLERANCE_SEEDS = [1, 2, 3, 4]

/**
 * Stands in for a spread of 0 (every profile bit-identical): a tolerance of 0 would mean exact
 * comparison, which auto never asks for, and 1e-6 still sits far below any cheat's change.
 */
export const AUTO_TOLERANCE_FLOOR = 1e-6

/** A decoder's measured jobs' seeds: apart from measureHonestSpread's, a figure of its own. */
export const AUTO_GENERATION_SEED_BASE = 0x70e1a000

type Measured = NonNullable<ToleranceAuto['measured']>

/** Measured spreads by model and hardware set, shared by the runs of a sweep. */
export type AutoToleranceCache = Map<string, Promise<Omit<Measured, 'floored'>>>

/**
 * A spec whose `tolerance: auto` is measured on its real model (built in, or read from its .onnx
 * file and fed on its declared input): the largest honest gap (all
 * checkpoints, and the referee's one-layer view) between each host hardware profile and the
 * verifiers' hardware, and between each of those and the reference profile, over
 * AUTO_TOLERANCE_SEEDS, times the margin. On a built-in decoder the gap is the generation
 * check's maxValueDistance (see measureDecoder), and the figure sets the generation tolerance's
 * maxValueDistance: minOverlap and tokenMargin stay at their defaults, since neither scales
 * with float drift (an overlap is a share whose honest value is 1, a token margin guards near
 * ties), and the measured worst of each is recorded beside the spread. The computation is deterministic on one machine, but
 * another CPU (other SIMD kernels) can measure another spread: the manifest and summary record
 * the figure used, so a run is reproducible from them. A spec without auto is returned as is.
 */
export async function resolveAutoTolerance(
  spec: RunSpec,
  cache: AutoToleranceCache = new Map(),
): Promise<RunSpec> {
  const auto = spec.toleranceAuto
  if (!auto || auto.measured) return spec
  const { model } = spec
  if (model.kind === 'decoderFile')
    throw new InputError(
      'tolerance: auto is measured on built-in models and .onnx forward files; this model is a decoder from files',
      { hint: 'give generationTolerance: { maxValueDistance: ... } and a tolerance number' },
    )
  const verifier = spec.verifiers.hardware
  const hosts = distinct(spec.hosts.hardware.map(({ profile }) => profile))
  const { maxBatch } = spec.hosts.serving
  const measure = (of: RunSpec) => {
    const key = JSON.stringify([of.model, of.workload, hosts, verifier, ...(maxBatch > 1 ? [maxBatch] : [])])
    let measuring = cache.get(key)
    if (!measuring) {
      measuring = of.model.kind === 'decoder' ? measureDecoder(of, hosts) : measureForward(of, hosts)
      cache.set(key, measuring)
    }
    return measuring
  }
  const { spread, generation } = await measure(spec)
  const floored = spread === 0
  const used = (floored ? AUTO_TOLERANCE_FLOOR : spread) * auto.margin
  // A catalog's decoders each get their own generation tolerance, measured on each as on the
  // first (whose figure is the run's): their sizes and blocks spread differently. A forward
  // catalog keeps the one tolerance measured on its first model.
  let catalog = spec.catalog
  if (catalog && generation) {
    const models = []
    for (const entry of catalog.models) {
      const own = await measure({ ...spec, model: entry.model })
      const ownFloored = own.spread === 0
      const ownUsed = (ownFloored ? AUTO_TOLERANCE_FLOOR : own.spread) * auto.margin
      models.push({
        ...entry,
        generationTolerance: { ...DEFAULT_GENERATION_TOLERANCE, maxValueDistance: ownUsed },
        toleranceMeasured: {
          spread: own.spread,
          floored: ownFloored,
          ...(own.generation ? { generation: own.generation } : {}),
        },
      })
    }
    catalog = { ...catalog, models }
  }
  return {
    ...spec,
    ...(catalog ? { catalog } : {}),
    // A decoder's checks read only the generation tolerance; `tolerance` carries the same figure
    // so runs.csv's tolerance_used and every printout of it name the figure the checks used.
    tolerance: used,
    ...(generation
      ? { generationTolerance: { ...DEFAULT_GENERATION_TOLERANCE, maxValueDistance: used } }
      : {}),
    toleranceAuto: {
      margin: auto.margin,
      measured: { spread, floored, ...(generation ? { generation } : {}) },
    },
  }
}

function measureForward(spec: RunSpec, hosts: HardwareProfile[]): Promise<{ spread: number }> {
  const { model } = spec
  if (model.kind === 'decoder' || model.kind === 'decoderFile') throw new Error('a forward model')
  const verifier = spec.verifiers.hardware
  const honest = (hardware: HardwareProfile): RunRef => ({ variant: 'honest', hardware })
  return Promise.all([
    measureHardwareSpread(model, hosts.map(honest), AUTO_TOLERANCE_SEEDS, honest(verifier)),
    measureHardwareSpread(
      model,
      distinct([...hosts, verifier]).map(honest),
      AUTO_TOLERANCE_SEEDS,
      honest(REFERENCE_HARDWARE),
    ),
  ]).then(async (groups) => ({
    spread: Math.max(0, ...groups.flat().map(worstGap)) + (await batchGap(spec, hosts)),
  }))
}

/**
 * With batched serving (hosts.serving.maxBatch > 1), how far a full batch's final outputs sit from
 * the same jobs run alone on each host profile (lab/measureBatchSpread), added to the hardware
 * spread: a verifier re-runs alone on its own hardware, so the two gaps add up at worst. The
 * absolute gap bounds compareCheckpoint's |Δ| ÷ (1 + |reference|). 0 without batching.
 */
async function batchGap(spec: RunSpec, hosts: HardwareProfile[]): Promise<number> {
  const { model } = spec
  const { maxBatch } = spec.hosts.serving
  if (maxBatch <= 1 || (model.kind !== 'mlp' && model.kind !== 'transformer')) return 0
  let worst = 0
  for (const hardware of hosts) {
    const { gaps } = await measureBatchSpread(model, { hardware, sizes: [maxBatch] })
    for (const gap of gaps) worst = Math.max(worst, gap.maxAbsoluteGap)
  }
  return worst
}

/**
 * A built-in decoder's honest spread: one job per AUTO_TOLERANCE_SEEDS seed at the workload's
 * middle lengths, generated on each host profile and checked by one prefill on the verifiers'
 * hardware (and, with the verifiers', on the reference), as the sampled checks and the referee
 * check it. The spread is the largest |Δ| of any chunk's digest, last block or an earlier
 * checkpoint block; the least overlap and largest token gap are kept beside it.
 */
async function measureDecoder(spec: RunSpec, hosts: HardwareProfile[]): Promise<Omit<Measured, 'floored'>> {
  const { model, workload } = spec
  if (model.kind !== 'decoder' || !workload) throw new Error('a built-in decoder with a workload')
  const order = middleOrder(workload)
  const requests: GenerationRequest[] = AUTO_TOLERANCE_SEEDS.map((seed) =>
    requestFromOrder(order, AUTO_GENERATION_SEED_BASE + seed, model.vocab),
  )
  const decoder = decoderSpecOf(model)
  const verifier = spec.verifiers.hardware
  const honest = (hardware: HardwareProfile) => ({ hardware })
  // One after the other: each opens its graphs in this thread.
  const spreads: GenerationSpread[] = [
    ...(await measureGenerationSpread(decoder, hosts.map(honest), requests, verifier)),
    ...(await measureGenerationSpread(
      decoder,
      distinct([...hosts, verifier]).map(honest),
      requests,
      REFERENCE_HARDWARE,
    )),
  ]
  const hardwareSpread = Math.max(
    0,
    ...spreads.map((s) => Math.max(s.maxValueDistance, s.blockMaxValueDistance)),
  )
  return {
    spread: hardwareSpread + (await decoderBatchGap(spec, hosts)),
    generation: {
      minOverlap: Math.min(1, ...spreads.map((s) => Math.min(s.minOverlap, s.blockMinOverlap))),
      maxTokenGap: Math.max(0, ...spreads.map((s) => s.maxTokenGap)),
    },
  }
}

/**
 * With batched serving, how far a full batch's chunk digests sit from the same jobs generated
 * alone on each host profile (lab/measureDecoderBatchSpread), over the workload's length ranges,
 * added to the hardware spread as batchGap does for forward models. 0 without batching. A gap
 * that is not finite (a batch changed a token, so digests share no index) is left out: no
 * tolerance on values covers it, and the check's token test decides such a job.
 */
async function decoderBatchGap(spec: RunSpec, hosts: HardwareProfile[]): Promise<number> {
  const { model, workload } = spec
  const { maxBatch } = spec.hosts.serving
  if (maxBatch <= 1 || model.kind !== 'decoder' || !workload) return 0
  const range = (count: TokenCount): [number, number] =>
    'fixed' in count ? [count.fixed, count.fixed] : count.uniform
  let worst = 0
  for (const hardware of hosts) {
    const { gaps } = await measureDecoderBatchSpread(decoderSpecOf(model), {
      hardware,
      sizes: [maxBatch],
      prompt: range(workload.prompt),
      output: range(workload.outputTokens),
    })
    for (const gap of gaps)
      if (Number.isFinite(gap.maxDigestValueGap)) worst = Math.max(worst, gap.maxDigestValueGap)
  }
  return worst
}

/** What an honest run needs the tolerance to cover: the full comparison and the referee's. */
function worstGap(spread: HardwareSpread): number {
  return Math.max(spread.maxRel, spread.layerMaxRel)
}

function distinct(profiles: HardwareProfile[]): HardwareProfile[] {
  return [...new Map(profiles.map((p) => [JSON.stringify(p), p])).values()]
}
