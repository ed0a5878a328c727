import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
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
  scenario: string
  scenarioSha256: string
  seeds: { seed: number; replicate: number; point?: number }[]
  /** Cost per FLOP used, and where it came from. */
  calibration: { cost_per_flop: number; source: RunSpec['calibration'] }
  modeled: string[]
  traceSha256: string
}

/**
 * manifest.json: how this output was made (versions, seeds, calibration, digests). It holds no
 * wall time, path of the output or worker count, so an output is byte-identical however and
 * wherever it was produced; timing.json has those.
 */
export function buildManifest(input: ManifestInput) {
  return {
    scenario: input.scenario,
    scenario_sha256: input.scenarioSha256,
    versions: versions(),
    seeds: input.seeds,
    calibration: input.calibration,
    executed: ['inference (onnxruntime-node)', 'settlement (anvil)'],
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
