import type { Figure } from './figureContext.ts'

type Trace = {
  name?: unknown
  y?: unknown
  hoverinfo?: unknown
  orientation?: unknown
  legendgroup?: unknown
}

const formatValue = (v: number) => (Number.isInteger(v) ? String(v) : Number(v.toPrecision(3)).toString())

/**
 * A line that never moves reads as a drawing fault or as a finding; the figure's note says which
 * series are flat and at what value, so a reader is told rather than left to guess. Interval
 * bands (drawn with hover skipped) are their line's, and a series of one value is a point, not a
 * line. A horizontal bar's y is the row it sits in (a cohort), not a value. A modeled curve
 * (legend group `modeled`) is flat by its formula, not by what runs gave: said apart.
 */
export function noteConstantSeries(figure: Figure): Figure {
  const flat = new Map<string, number>()
  const modeled = new Map<string, number>()
  for (const trace of figure.data as Trace[]) {
    if (trace.hoverinfo === 'skip' || trace.orientation === 'h' || !Array.isArray(trace.y)) continue
    const ys = (trace.y as unknown[]).filter((y): y is number => typeof y === 'number')
    if (ys.length < 2 || ys.some((y) => y !== ys[0])) continue
    const name = typeof trace.name === 'string' && trace.name ? trace.name : 'the line'
    const into = trace.legendgroup === 'modeled' ? modeled : flat
    if (!into.has(name)) into.set(name, ys[0] as number)
  }
  if (flat.size === 0 && modeled.size === 0) return figure
  const list = (lines: Map<string, number>) =>
    [...lines].map(([name, v]) => `${name} is ${formatValue(v)}`).join('; ')
  const lines = [
    ...(flat.size > 0
      ? [
          `Flat ${flat.size === 1 ? 'line' : 'lines'}: ${list(flat)} at every value drawn, which is what these runs gave, not a drawing fault.`,
        ]
      : []),
    ...(modeled.size > 0
      ? [
          `Flat modeled ${modeled.size === 1 ? 'curve' : 'curves'}: ${list(modeled)} at every size, a constant multiple of compute by the model's formula.`,
        ]
      : []),
  ]
  const line = lines.join(' ')
  return { ...figure, note: figure.note ? `${figure.note} ${line}` : line }
}
