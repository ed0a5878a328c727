import { availableParallelism } from 'node:os'
import { createInferencePool } from '../engine/index.ts'
import { formatError, InputError } from '../errors/index.ts'
import { measureHonestSpread, nameHardwareProfile, planScenario } from '../lab/index.ts'

/**
 * `node --import tsx bench/generationSpread.ts [SCENARIO] [JOBS]`: the honest spread of a decoder
 * scenario's honest hardware profiles (issue 15), as a Markdown table. Not a timing: it prints
 * what the verifier's one prefill sees from honest hosts, and the null the sequential test
 * calibrates from it, for the scenario's first run.
 */
const file = process.argv[2] ?? 'scenarios/library/llm-detection.yaml'
const jobs = Number(process.argv[3] ?? 16)
let pool: ReturnType<typeof createInferencePool> | undefined
try {
  const spec = (await planScenario(file)).runs[0]?.spec
  if (!spec) throw new InputError(`${file} plans no run`)
  pool = createInferencePool({ workers: Math.min(2, availableParallelism()), tolerance: spec.tolerance })
  const spread = await measureHonestSpread(pool, spec, { jobs })
  const { honestNull: n } = spread
  const out = process.stdout
  const e = (x: number) => x.toExponential(2)
  const share = (part: number, all: number) => `${part} (${((100 * part) / Math.max(all, 1)).toFixed(2)}%)`
  out.write(
    `${file}: decoder w${spec.model.kind === 'decoder' ? spec.model.width : '?'}, ${jobs} jobs per profile, verifier ${nameHardwareProfile(spread.verifier)}\n\n`,
  )
  out.write(
    '| honest profile | chunks | mean \\|Δ\\| per chunk | max \\|Δ\\| | chunks failed | tokens | tokens not re-derived | tokens differing from the verifier’s generation |\n',
  )
  out.write('|---|---|---|---|---|---|---|---|\n')
  for (const p of spread.profiles)
    out.write(
      `| ${p.profile} | ${p.chunks} | ${e(p.meanValueDistance)} | ${e(p.maxValueDistance)} | ${p.failedChunks} | ${p.tokens} | ${share(p.tokenMismatches, p.tokens)} | ${share(p.tokensDiffering, p.tokens)} |\n`,
    )
  out.write(
    `\nnull of the sequential test: mean ${e(n.mean)}, sd ${e(n.sd)} over ${n.chunks} chunks (worst profile ${n.worstProfile})\n`,
  )
} catch (error) {
  process.stderr.write(`${formatError(error)}\n`)
  process.exitCode = 1
} finally {
  await pool?.close()
}
