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

export type ManifestInput = {
  scenarioPath: string
  spec: RunSpec
  workers: number
  started: number
  finished: number
  traceSha256: string
  modeled: string[]
}

/** manifest.json: how this output was made (versions, seeds, machine, wall time). Not deterministic by design. */
export function buildManifest(input: ManifestInput) {
  return {
    verisim: (require('../package.json') as { version: string }).version,
    scenario: input.scenarioPath,
    seeds: [{ seed: input.spec.seed, replicate: input.spec.replicate }],
    workers: input.workers,
    versions: {
      node: process.versions.node,
      'onnxruntime-node': versionOf('onnxruntime-node'),
      ethers: versionOf('ethers'),
      solc: versionOf('solc'),
      anvil: versionOf('@foundry-rs/anvil'),
      piscina: versionOf('piscina'),
    },
    calibration: { cost_per_flop: input.spec.economics.costPerFlop, source: 'scenario' },
    executed: ['inference (onnxruntime-node)', 'settlement (anvil)'],
    modeled: input.modeled,
    started_at: new Date(input.started).toISOString(),
    wall_seconds: (input.finished - input.started) / 1000,
    trace_sha256: input.traceSha256,
  }
}
