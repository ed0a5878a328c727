import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { basename, dirname, join } from 'node:path'
import type { RunSpec } from '../sim/runSpec.ts'

const require = createRequire(import.meta.url)

/** Read from the installed package's folder: some packages' `exports` hide their package.json. */
function versionOf(pkg: string): string {
  try {
    const root = dirname(require.resolve('../package.json'))
    const text = readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')
    return (JSON.parse(text) as { version: string }).version
  } catch {
    return 'unknown'
  }
}

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
}

/**
 * manifest.json: how this output was made (versions, seeds, calibration, digests). It holds no
 * wall time, path of the output or worker count, so an output is byte-identical however and
 * wherever it was produced; timing.json has those. The scenario is its file's base name and
 * the sha256 of its bytes: `zip.yaml`, `./zip.yaml` and `/abs/zip.yaml` are the same file to it,
 * and so is a calibration file wherever the checkout is.
 */
export function buildManifest(input: ManifestInput) {
  return {
    scenario: basename(input.scenario),
    scenario_sha256: input.scenarioSha256,
    versions: versions(),
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
    executed: ['inference (onnxruntime-node)', 'settlement (anvil)'],
    // Deterministic results reused, not run again: said here so no one counts them as executed.
    inference_cache: {
      cached_inferences: input.cachedInferences,
      rule: 'identical requests (model, variant, hardware, input) within a run run once; per run in counts.cached_inferences',
    },
    modeled: input.modeled,
    trace_sha256: input.traceSha256,
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
