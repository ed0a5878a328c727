import type { RunResult, RunSpec } from '../sim/index.ts'

const num = (value: number | null, digits = 4) =>
  value === null ? 'n/a' : Number(value.toPrecision(digits)).toString()
const pct = (value: number | null) => (value === null ? 'n/a' : `${(value * 100).toFixed(2)}%`)

/** The few lines a person reads after `verisim run`. */
export function formatHumanSummary(
  result: RunResult,
  outDir: string,
  spec?: Pick<RunSpec, 'tolerance' | 'toleranceAuto' | 'generationTolerance'>,
): string {
  const { metrics: m, counts: c } = result
  const lines = [
    `jobs              ${c.jobs} (${c.results === c.jobs ? '' : `${c.results} results, `}${c.bad_results} bad results, ${c.checks} re-executed, ${c.disputes} disputes${c.unserved_jobs ? `, ${c.unserved_jobs} unserved` : ''})`,
    `fraud             ${c.detected} detected, ${c.undetected} undetected (undetected rate ${pct(m.undetected_fraud_rate)}, detection ${pct(m.detection_rate)}), ${c.false_slashes} honest results slashed`,
    `verification      overhead ${pct(m.verification_overhead)} of useful compute`,
    `returns           honest ${num(m.honest_return)} vs cheater ${num(m.cheater_return)} (per token staked per hour)`,
    `gas per job       ${num(m.gas_per_job, 6)}`,
    `finality          p50 ${num(m.finality_latency_p50)} s, p95 ${num(m.finality_latency_p95)} s (virtual)`,
  ]
  // Catalog runs only: the split of the overhead and what cold starts cost (null otherwise).
  if (m.overhead_holding !== null)
    lines.push(
      `hosting           overhead ${pct(m.overhead_reexecution)} re-execution + ${pct(m.overhead_holding)} holding and loading + ${pct(m.overhead_gas)} gas; ${pct(m.cold_starts)} of jobs waited for a cold load (p95 ${num(m.cold_start_latency_p95)} s, virtual)`,
    )
  if (m.block_latency_p50 !== null)
    lines.push(
      `block latency     p50 ${num(m.block_latency_p50)} s, p95 ${num(m.block_latency_p95)} s waited for inferences (virtual)`,
    )
  if (c.games > 0)
    lines.push(
      `games             ${c.games} bisection games, ${c.game_rounds} rounds, ${c.timeouts} timeouts`,
    )
  if (result.market) {
    const w = result.market.weight
    lines.push(
      `market            ${pct(m.market_adoption_share)} of real requests chose the network, ${pct(m.production_adoption_share)} of production's; each simulated requester and request stands for ${w} real one${w === 1 ? '' : 's'}`,
      `retention         production volume retained ${num(m.retained_production_volume)} (R(N) ÷ period 3), repeat share ${pct(m.repeat_share)}, production share of the network ${pct(m.production_share)}`,
      `supply            ${num(m.host_count_final)} active hosts at the end, revenue ÷ emissions ${num(m.revenue_over_emissions)}, network p95 latency ${num(m.network_p95_latency)} s (virtual)`,
    )
  } else if (c.centralized_jobs > 0)
    lines.push(`adoption          ${pct(m.adoption_share)} of requests chose the network`)
  const measured = spec?.toleranceAuto?.measured
  if (spec?.toleranceAuto && measured) {
    const gen = measured.generation && spec.generationTolerance
    lines.push(
      `tolerance         auto: ${gen ? 'generation maxValueDistance ' : ''}${num(spec.tolerance)} = ${measured.floored ? 'floor 1e-6 (every hardware profile bit-identical)' : `measured honest spread ${num(measured.spread)}`} × margin ${num(spec.toleranceAuto.margin)}`,
    )
    if (measured.generation && spec.generationTolerance)
      lines.push(
        `                  honest least overlap ${num(measured.generation.minOverlap)} (minOverlap ${num(spec.generationTolerance.minOverlap)}), largest token gap ${num(measured.generation.maxTokenGap)} (tokenMargin ${num(spec.generationTolerance.tokenMargin)})`,
      )
  }
  for (const note of result.modeled) lines.push(`modeled           ${note}`)
  lines.push(`output            ${outDir}`)
  return lines.join('\n')
}
