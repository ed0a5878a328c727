import { axisSuffix, panelTitle } from './panelTitle.ts'

/**
 * The layout of small multiples: one panel per label, up to three a row, sharing both axes (a
 * reader compares heights across panels at a glance), each titled above, axis titles on the
 * outer panels only. `axes(i)` is what a trace of panel i carries; `xref`/`yref` name its axes
 * for shapes.
 */
export function panelGrid(
  labels: readonly string[],
  x: { title: string; log: boolean },
  y: { title: string; range?: [number, number] },
) {
  const columns = Math.max(1, Math.min(labels.length, 3))
  const rows = Math.max(1, Math.ceil(labels.length / columns))
  const axes = Object.fromEntries(
    labels.flatMap((_, i) => {
      const bottom = i >= labels.length - columns
      const left = i % columns === 0
      return [
        [
          `xaxis${axisSuffix(i)}`,
          {
            ...(x.log ? { type: 'log' } : {}),
            ...(i > 0 ? { matches: 'x' } : {}),
            ...(bottom ? { title: { text: x.title } } : {}),
          },
        ],
        [
          `yaxis${axisSuffix(i)}`,
          {
            ...(i > 0 ? { matches: 'y' } : y.range ? { range: y.range } : {}),
            ...(left ? { title: { text: y.title } } : {}),
          },
        ],
      ]
    }),
  )
  const titles = labels.map((text, i) => panelTitle(text, i))
  return {
    axes: (i: number) => ({ xaxis: `x${axisSuffix(i)}`, yaxis: `y${axisSuffix(i)}` }),
    xref: (i: number) => `x${axisSuffix(i)}`,
    yref: (i: number) => `y${axisSuffix(i)}`,
    layout: {
      grid: { rows, columns, pattern: 'independent', ygap: 0.3 },
      ...axes,
      annotations: titles,
      height: 120 + rows * 260,
      margin: { t: 40 },
    },
  }
}
