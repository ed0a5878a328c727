import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { fileURLToPath } from 'node:url'
import { benchBatchedGeneration } from './batchedGeneration.ts'
import { benchBatchedPool } from './batchedPool.ts'
import { benchCatalog } from './catalog.ts'
import { benchChain } from './chain.ts'
import { benchFlopRate } from './flopRate.ts'
import { benchGasPerJob } from './gasPerJob.ts'
import { benchGeneration } from './generation.ts'
import { benchGenerationMemory } from './generationMemory.ts'
import { benchInferencePool } from './inferencePool.ts'
import { benchLedgerModel } from './ledgerModel.ts'
import { benchMarket } from './market.ts'
import type { BenchResult } from './measure.ts'
import { realClock } from './measure.ts'
import { benchReportOpen } from './reportOpen.ts'
import { benchScale } from './scale.ts'
import { benchSimCore } from './simCore.ts'
import { benchWholeRun } from './wholeRun.ts'

/**
 * `npm run bench`: each benchmark prints one line with its ratio against a baseline measured in
 * the same process run, and bench/results.json keeps the figures with the machine and date.
 * `npm run bench -- NAME...` runs only the named ones.
 */
const all: Record<string, () => Promise<BenchResult | BenchResult[]>> = {
  'sim-core': () => benchSimCore(realClock),
  'inference-pool': () => benchInferencePool(realClock),
  'batched-pool': () => benchBatchedPool(realClock),
  'batched-generation': () => benchBatchedGeneration(realClock),
  chain: () => benchChain(realClock),
  'gas-per-job': () => benchGasPerJob(),
  'ledger-model': () => benchLedgerModel(realClock),
  scale: () => benchScale(realClock),
  market: () => benchMarket(realClock),
  generation: () => benchGeneration(realClock),
  'generation-memory': () => benchGenerationMemory(),
  'report-open': () => benchReportOpen(),
  'whole-run': () => benchWholeRun(realClock),
  'whole-run-anvil': () => benchWholeRun(realClock, 2, 'anvil'),
  'flop-rate': () => benchFlopRate(realClock),
  catalog: () => benchCatalog(realClock),
}

type Dated = BenchResult & { bench: string; date: string; machine: string }

const args = process.argv.slice(2)
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(
    `Usage: npm run bench [-- NAME...]\n\nEach benchmark prints its ratio against a baseline measured in the same run\nand records it in bench/results.json. Benchmarks: ${Object.keys(all).join(', ')}\n`,
  )
  process.exit(0)
}
const unknownFlag = args.find((a) => a.startsWith('-'))
if (unknownFlag) {
  process.stderr.write(`bench: unknown option '${unknownFlag}' (see npm run bench -- --help)\n`)
  process.exit(2)
}
const wanted = args
const names = wanted.length ? wanted : Object.keys(all)
const unknown = names.find((name) => !all[name])
if (unknown) {
  process.stderr.write(`bench: unknown benchmark '${unknown}' (have ${Object.keys(all).join(', ')})\n`)
  process.exit(2)
}
// Each benchmark runs in a process of its own: run after the inference pool's in one process,
// the chain's ratio measured 0.44-0.48 three times out of three, and 0.55-0.66 on its own.
if (names.length > 1) {
  for (const name of names) {
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), name], {
      stdio: 'inherit',
    })
    if (child.status !== 0) process.exit(child.status ?? 1)
  }
  process.exit(0)
}
// One benchmark from here on: more than one name was sent to a process each above.
const name = names[0] as string
const run = all[name] as (typeof all)[string]
const results: (BenchResult & { bench: string })[] = []
const fmt = (o: Record<string, number>) =>
  Object.entries(o)
    .map(([k, v]) => `${k} ${Number(v.toPrecision(4))}`)
    .join(', ')
for (const r of [await run()].flat()) {
  results.push({ bench: name, ...r })
  process.stdout.write(
    `${r.met ? 'MET ' : 'MISS'} ${r.name}: ratio ${r.ratio.toFixed(3)} (goal ${r.goal}); ${fmt(r.measured)} vs ${fmt(r.baseline)}${r.note ? `; ${r.note}` : ''}\n`,
  )
}
const machine = `${cpus()[0]?.model ?? 'unknown'} x${cpus().length}, node ${process.versions.node}`
// A partial run (`npm run bench -- NAME`) replaces the entries of the benchmarks it ran and
// keeps the others, each with the date and machine it was measured on.
const file = new URL('./results.json', import.meta.url)
const kept: Dated[] = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')).results ?? []) : []
const date = new Date().toISOString()
const fresh: Dated[] = results.map((r) => ({ ...r, date, machine }))
const merged = [...kept.filter((k) => k.bench !== undefined && k.bench !== name), ...fresh]
writeFileSync(file, `${JSON.stringify({ results: merged }, null, 2)}\n`)
