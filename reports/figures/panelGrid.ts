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
  const suffix = (i: number) => (i === 0 ? '' : String(i + 1))
  const axes = Object.fromEntries(
    labels.flatMap((_, i) => {
      const bottom = i >= labels.length - columns
      const left = i % columns === 0
      return [
        [
          `xaxis${suffix(i)}`,
          {
            ...(x.log ? { type: 'log' } : {}),
            ...(i > 0 ? { matches: 'x' } : {}),
            ...(bottom ? { title: { text: x.title } } : {}),
          },
        ],
        [
          `yaxis${suffix(i)}`,
          {
            ...(i > 0 ? { matches: 'y' } : y.range ? { range: y.range } : {}),
            ...(left ? { title: { text: y.title } } : {}),
          },
        ],
      ]
    }),
  )
  const titles = labels.map((text, i) => ({
    text,
    showarrow: false,
    xref: `x${suffix(i)} domain`,
    yref: `y${suffix(i)} domain`,
    x: 0.5,
    y: 1,
    yanchor: 'bottom',
    font: { size: 13 },
  }))
  return {
    axes: (i: number) => ({ xaxis: `x${suffix(i)}`, yaxis: `y${suffix(i)}` }),
    xref: (i: number) => `x${suffix(i)}`,
    yref: (i: number) => `y${suffix(i)}`,
    layout: {
      grid: { rows, columns, pattern: 'independent', ygap: 0.3 },
      ...axes,
      annotations: titles,
      height: 120 + rows * 260,
      margin: { t: 40 },
    },
  }
}
