import { describe, expect, it } from 'vitest'
import { noteConstantSeries } from './noteConstantSeries.ts'

const figure = (data: object[], note?: string) => ({ id: 'f', title: 'f', data, layout: {}, note })

describe('noteConstantSeries', () => {
  it('names each flat line and its value after the figure’s own note, once per name', () => {
    const f = noteConstantSeries(
      figure(
        [
          { type: 'bar', name: 'fees', y: [1, 2, 3] },
          { type: 'bar', name: 'tokens emitted', y: [0, 0, 0] },
          { name: 'active hosts', y: [6, null, 6], yaxis: 'y2' },
          { name: 'active hosts', y: [6, 6], xaxis: 'x2' },
        ],
        'Bars per period.',
      ),
    )
    expect(f.note).toBe(
      'Bars per period. Flat lines: tokens emitted is 0; active hosts is 6 at every value drawn, which is what these runs gave, not a drawing fault.',
    )
  })

  it('says a flat modeled curve is flat by its formula, apart from what runs gave', () => {
    const f = noteConstantSeries(
      figure([
        { name: 'sampling', y: [2, 2] },
        { name: 'sampling (modeled curve)', legendgroup: 'modeled', y: [0.1, 0.1, 0.1] },
        { name: 'tee (modeled curve)', legendgroup: 'modeled', y: [5, 0.1] },
      ]),
    )
    expect(f.note).toBe(
      "Flat line: sampling is 2 at every value drawn, which is what these runs gave, not a drawing fault. Flat modeled curve: sampling (modeled curve) is 0.1 at every size, a constant multiple of compute by the model's formula.",
    )
  })

  it('leaves bands, single points, moving lines, heatmaps and rows of cells alone', () => {
    const data = [
      { name: 'rate low', y: [0, 0], hoverinfo: 'skip' },
      { name: 'rate', y: [0, 0.1] },
      { name: 'one run', y: [3] },
      { type: 'heatmap', z: [[1, 1]] },
      { type: 'bar', orientation: 'h', y: [0, 0], x: [1, 1] },
    ]
    const f = figure(data)
    expect(noteConstantSeries(f)).toBe(f)
    expect(noteConstantSeries(figure([{ y: [0.25, 0.25] }])).note).toMatch(/^Flat line: the line is 0\.25 /)
  })
})
