import { bandTraces } from './bandTraces.ts'
import type { Figure, FigureContext } from './figureContext.ts'
import { panelGrid } from './panelGrid.ts'
import { samplingThresholds, type Threshold } from './samplingThresholds.ts'

const HONEST = '#1f77b4'
const CHEATER = '#d62728'

/**
 * Honest and cheater return against the swept value as small multiples: one panel per mode (and
 * per value of any other field swept across x), the two lines and their intervals in each, on
 * shared axes, with the zero-return line and Proof-of-Sampling's p* when p is swept. Twelve
 * translucent bands on one plot cannot be told apart; two per panel can.
 */
export function returnsVsSweep(ctx: FigureContext): Figure[] {
  const { groups, axis, points } = ctx
  if (points.length < 2) return []
  const grid = panelGrid(
    groups.map((g) => g.label || 'all points'),
    axis,
    { title: 'return / token staked / h' },
  )
  // A class no host belongs to (every host learns, say) has no return: its legend entry would
  // name an empty line, so it is left out and the note says why.
  const classes = (['honest', 'cheater'] as const).filter((c) =>
    points.some(
      (p) =>
        typeof p.metrics[`${c}_return`]?.mean === 'number' && Number.isFinite(p.metrics[`${c}_return`]?.mean),
    ),
  )
  const data = groups.flatMap((g, i) => {
    const where = g.label ? `, ${g.label}` : ''
    const line = (name: 'honest' | 'cheater') => ({
      ...grid.axes(i),
      legendgroup: name,
      showlegend: i === 0,
      hovertemplate: `%{y:.3g}<extra>${name}${where}</extra>`,
    })
    const x = g.points.map(axis.x)
    return [
      ...(classes.includes('honest')
        ? bandTraces(g.points, 'honest_return', 'honest', HONEST, x, 'solid', line('honest'))
        : []),
      ...(classes.includes('cheater')
        ? bandTraces(g.points, 'cheater_return', 'cheater', CHEATER, x, 'dash', line('cheater'))
        : []),
    ]
  })
  // A p* far outside the swept values would stretch the axis until the lines are unreadable:
  // only the note gives it then.
  const xs = points.map(axis.x)
  const inRange = (v: number) => v >= Math.min(...xs) && v <= Math.max(...xs)
  const { thresholds, notes } = samplingThresholds(ctx, inRange)
  const drawn = thresholds.filter(
    (t): t is Threshold & { value: number } => t.value !== null && inRange(t.value),
  )
  const shapes = [
    ...groups.map((_, i) => ({
      type: 'line',
      xref: `${grid.xref(i)} domain`,
      x0: 0,
      x1: 1,
      yref: grid.yref(i),
      y0: 0,
      y1: 0,
      line: { color: '#444', width: 1 },
    })),
    ...drawn.map((t) => {
      const i = groups.indexOf(t.group)
      return {
        type: 'line',
        xref: grid.xref(i),
        x0: t.value,
        x1: t.value,
        yref: `${grid.yref(i)} domain`,
        y0: 0,
        y1: 1,
        line: { dash: 'dot', color: '#444' },
      }
    }),
  ]
  return [
    {
      id: 'returns',
      title: `Honest and cheater return vs ${axis.title}${groups.length > 1 ? `, one panel per ${groups.every((g) => g.label === g.mode) ? 'mode' : 'setting'}` : ''}`,
      data,
      layout: { ...grid.layout, shapes },
      caption: `Does cheating pay? In each panel, the red dashed line (cheaters) below the blue one (honest hosts) means a lazy host earns less than an honest one at that ${axis.title}; below the grey zero line it loses stake.${ctx.modeled}`,
      note: [
        'solid blue: honest hosts; dashed red: cheaters; bands: 95% confidence intervals over replicates; grey line: zero return, where hosting breaks even; panels share both axes',
        ...(['honest', 'cheater'] as const)
          .filter((c) => !classes.includes(c))
          .map(
            (c) =>
              `no ${c === 'honest' ? 'host is honest' : 'host cheats by behaviour'} in these runs, so there is no ${c} line`,
          ),
        ...notes,
      ].join('. '),
    },
  ]
}
