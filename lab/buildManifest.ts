import { createRequire } from 'node:module'
import { basename } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { LedgerChoice } from '../contracts/index.ts'
import { type ManifestTolerance, measuredTolerance } from '../reports/index.ts'
import type { Overrides } from '../scenarios/index.ts'
import type { RunSpec } from '../sim/index.ts'
import { installedVersion } from './installedVersion.ts'

const require = createRequire(import.meta.url)
const here = fileURLToPath(import.meta.url)
const versionOf = (pkg: string) => installedVersion(pkg, here)

/** The versions that decide an output's numbers; merging outputs of different versions is refused. */
export function versions() {
  return {
    verisim: (require('../package.json') as { version: string }).version,
    node: process.versions.node,
    'onnxruntime-node': versionOf('onnxruntime-node'),
    ethers: versionOf('ethers'),
    solc: versionOf('solc'),
    anvil: versionOf('@foundry-rs/anvil'),
    piscina: versionOf('piscina'),
  }
}

export type ManifestInput = {
  /** The scenario file's path as given; only its base name is recorded. */
  scenario: string
  scenarioSha256: string
  seeds: { seed: number; replicate: number; point?: number }[]
  /** Cost per FLOP used, and where it came from. */
  calibration: { cost_per_flop: number; source: RunSpec['calibration'] }
  modeled: string[]
  /** Inference requests of all the runs answered from an identical request's result. */
  cachedInferences: number
  traceSha256: string
  /** Where the runs settled (a merge of shards can name two: embedded anvil and an rpc node). */
  ledgers: LedgerLabel[]
  /** `--set` values the runs used, by dotted path (also applied in scenario.resolved.yaml). */
  overrides: Overrides
  /** Demand-market runs: their super-individual weights and periods (reports' superIndividuals). */
  demand?: { weight: number; period: number }[]
  /**
   * The tolerances `tolerance: auto` measured, by point (measuredTolerance of each run's spec;
   * a merge passes on its shards' entries). Runs with a tolerance the scenario gave have none.
   */
  tolerance?: MeasuredAt[]
}

/** One point's measured tolerance. */
export type MeasuredAt = { point: number; measured: Omit<ManifestTolerance, 'points' | 'rule'> }

/** The measured tolerances of `runs` (each spec with its point), for ManifestInput.tolerance. */
export function measuredAt(
  runs: { point: number; spec: Parameters<typeof measuredTolerance>[0] }[],
): MeasuredAt[] {
  return runs.flatMap(({ point, spec }) => {
    const measured = measuredTolerance(spec)
    return measured ? [{ point, measured }] : []
  })
}

/** What settled the runs, as manifest.json and merge name it. */
export type LedgerLabel = 'memory' | 'anvil (embedded)' | 'rpc'

export function ledgerLabel(ledger: LedgerChoice): LedgerLabel {
  if (ledger.kind === 'memory') return 'memory'
  return ledger.rpcUrl ? 'rpc' : 'anvil (embedded)'
}

const SETTLEMENT: Record<LedgerLabel, string> = {
  memory: 'settlement (in-process model of the contracts; gas modeled from anvil measurements)',
  'anvil (embedded)': 'settlement (anvil, embedded)',
  rpc: 'settlement (anvil at --rpc-url)',
}

/**
 * manifest.json: how this output was made (versions, seeds, calibration, digests). It holds no
 * wall time, path of the output or worker count, so an output is byte-identical however and
 * wherever it was produced; timing.json has those. The scenario is its file's base name and
 * the sha256 of its bytes: `zip.yaml`, `./zip.yaml` and `/abs/zip.yaml` are the same file to it,
 * and so is a calibration file wherever the checkout is.
 */
export function buildManifest(input: ManifestInput) {
  const ledgers = [...new Set(input.ledgers)].sort()
  return {
    scenario: basename(input.scenario),
    scenario_sha256: input.scenarioSha256,
    versions: versions(),
    overrides: input.overrides,
    seeds: input.seeds,
    // A calibration file is named by its base name too: where the checkout lives is not how
    // the output was made (its seconds per FLOP, recorded beside it, is).
    calibration:
      typeof input.calibration.source === 'object'
        ? {
            ...input.calibration,
            source: { ...input.calibration.source, file: basename(input.calibration.source.file) },
          }
        : input.calibration,
    ledger: ledgers.join(' + '),
    executed: ['inference (onnxruntime-node)', ...ledgers.map((l) => SETTLEMENT[l])],
    // Deterministic results reused, not run again: said here so no one counts them as executed.
    inference_cache: {
      cached_inferences: input.cachedInferences,
      rule: 'identical requests (model, variant, hardware, input) within a run run once; per run in counts.cached_inferences',
    },
    modeled: input.modeled,
    // Every market figure counts real requesters and requests, each simulated one standing for
    // `weight` of them: stated here so the output never hides it.
    ...(input.demand && input.demand.length > 0
      ? {
          demand: {
            super_individuals: input.demand,
            rule: 'each simulated requester stands for weight real requesters, and each simulated request for weight real requests in every market volume, fee and cost; inference runs once per simulated request',
          },
        }
      : {}),
    ...autoTolerance(input.tolerance ?? []),
    trace_sha256: input.traceSha256,
  }
}

/**
 * A measured tolerance depends on the CPU that measured it: recorded, with the spread and margin
 * it came from, so a run can be repeated from its manifest (`tolerance: <used>`) anywhere.
 */
function autoTolerance(runs: readonly MeasuredAt[]): { tolerance?: ManifestTolerance[] } {
  const chosen = new Map<string, { points: number[]; entry: MeasuredAt['measured'] }>()
  for (const { point, measured: entry } of runs) {
    const key = JSON.stringify(entry)
    const seen = chosen.get(key) ?? { points: [] as number[], entry }
    if (!seen.points.includes(point)) seen.points.push(point)
    chosen.set(key, seen)
  }
  if (chosen.size === 0) return {}
  return {
    // Ordered by point, so a merge of shards records them as one sweep does.
    tolerance: [...chosen.values()]
      .map(({ points, entry }) => ({ points: points.sort((a, b) => a - b), entry }))
      .sort((a, b) => (a.points[0] ?? 0) - (b.points[0] ?? 0))
      .map(({ points, entry }) => ({
        ...entry,
        points,
        rule: `used = measured_spread × margin (1e-6 × margin when floored: every profile bit-identical)${entry.generation ? ', the generation check’s maxValueDistance' : ''}; the spread was measured on this machine’s CPU and can differ on another`,
      })),
  }
}

export type TimingInput = {
  workers: number
  started: number
  finished: number
  runs: { run: string; wall_seconds: number | null; virtual_seconds: number }[]
}

/** timing.json: real wall time, beside the virtual time each run simulated. Not deterministic by nature. */
export function buildTiming(input: TimingInput) {
  return {
    workers: input.workers,
    started_at: new Date(input.started).toISOString(),
    wall_seconds: (input.finished - input.started) / 1000,
    runs: input.runs,
  }
}
