import type { TuneResult } from './tuneScenario.ts'

/** Four significant digits: enough to compare settings, short enough for a table. */
export function formatNumber(v: number | null): string {
  return v === null ? 'n/a' : Number(v.toPrecision(4)).toString()
}

/** Every setting a tune evaluated, one line each with its verdict, objective and margin, then the answer. */
export function formatTuneTable(result: TuneResult): string {
  const fmt = formatNumber
  const rows = result.evaluated.map((e) => {
    const best = e === result.best ? ' <- best' : result.pareto.includes(e) ? ' (pareto)' : ''
    return `${JSON.stringify(e.params).padEnd(40)} ${(e.safe ? 'safe' : 'unsafe').padEnd(7)} ${fmt(e.objective).padEnd(12)} ${fmt(e.margin)}${best}`
  })
  const header = `${'params'.padEnd(40)} ${'verdict'.padEnd(7)} ${result.objective.slice(0, 12).padEnd(12)} margin`
  return [header, ...rows, settingsLine(result), bestLine(result)].join('\n')
}

export function settingsLine(result: TuneResult): string {
  const n = result.evaluated.length
  return `${n} setting${n === 1 ? '' : 's'} evaluated by ${result.method}, ${result.runs} run${result.runs === 1 ? '' : 's'} (${result.replicates} per setting)`
}

export function bestLine(result: TuneResult): string {
  const fmt = formatNumber
  return result.best
    ? `best (${result.method}): ${JSON.stringify(result.best.params)}, ${result.objective} ${fmt(result.best.objective)}, safety margin ${fmt(result.best.margin)}`
    : 'no setting in the ranges keeps every invariant'
}
