import { writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { benchChain } from './chain.ts'
import { benchGasPerJob } from './gasPerJob.ts'
import { benchInferencePool } from './inferencePool.ts'
import type { BenchResult } from './measure.ts'
import { realClock } from './measure.ts'
import { benchScale } from './scale.ts'
import { benchSimCore } from './simCore.ts'

/**
 * `npm run bench`: each benchmark prints one line with its ratio against a baseline measured in
 * the same process run, and bench/results.json keeps the figures with the machine and date.
 * `npm run bench -- NAME...` runs only the named ones.
 */
const all: Record<string, () => Promise<BenchResult | BenchResult[]>> = {
  'sim-core': () => benchSimCore(realClock),
  'inference-pool': () => benchInferencePool(realClock),
  chain: () => benchChain(realClock),
  'gas-per-job': () => benchGasPerJob(),
  scale: () => benchScale(realClock),
}

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'))
const names = wanted.length ? wanted : Object.keys(all)
const results: BenchResult[] = []
for (const name of names) {
  const run = all[name]
  if (!run) {
    process.stderr.write(`bench: unknown benchmark '${name}' (have ${Object.keys(all).join(', ')})\n`)
    process.exit(2)
  }
  for (const r of [await run()].flat()) {
    results.push(r)
    const fmt = (o: Record<string, number>) =>
      Object.entries(o)
        .map(([k, v]) => `${k} ${Number(v.toPrecision(4))}`)
        .join(', ')
    process.stdout.write(
      `${r.met ? 'MET ' : 'MISS'} ${r.name}: ratio ${r.ratio.toFixed(3)} (goal ${r.goal}); ${fmt(r.measured)} vs ${fmt(r.baseline)}${r.note ? `; ${r.note}` : ''}\n`,
    )
  }
}
const machine = `${cpus()[0]?.model ?? 'unknown'} x${cpus().length}, node ${process.versions.node}`
writeFileSync(
  new URL('./results.json', import.meta.url),
  `${JSON.stringify({ date: new Date().toISOString(), machine, results }, null, 2)}\n`,
)
