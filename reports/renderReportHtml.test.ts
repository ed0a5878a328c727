import { describe, expect, it } from 'vitest'
import { renderReportHtml } from './renderReportHtml.ts'

const header = { scenario: 's', description: 'd', seeds: '1', versions: {}, modeled: [], runs: 1 }
const figure = (type?: string) => ({
  id: 'f',
  title: 'F',
  data: [{ ...(type ? { type } : {}), x: [1], y: [1] }],
  layout: {},
})

describe('renderReportHtml', () => {
  it('refuses a trace type the inlined plotly bundle cannot draw, naming the figure', () => {
    expect(() => renderReportHtml(header, [figure('histogram')], '')).toThrow(
      /figure f draws a histogram trace, which the inlined plotly bundle \(scatter, bar, pie, heatmap\) cannot draw/,
    )
    for (const ok of [undefined, 'scatter', 'bar'])
      expect(renderReportHtml(header, [figure(ok)], '')).toMatch(/data-figure="f"/)
  })

  it('sets data-drawn="all" only once every plot has been drawn', () => {
    const html = renderReportHtml(header, [figure('scatter')], '')
    expect(html).toMatch(/Promise\.all\(drawn\)\.then\(\(\) => \{[^}]*dataset\.drawn = 'all'/)
  })
  it('draws a figure’s table in place of a plot, every cell escaped', () => {
    const table = {
      id: 't',
      title: 'T',
      data: [],
      layout: {},
      caption: 'why',
      table: { columns: ['provider', 'total'], rows: [['<b>net</b>', '-1.00']] },
    }
    const html = renderReportHtml(header, [table], '')
    expect(html).toMatch(
      /<table class="terms" data-table="t"><thead><tr><th>provider<\/th><th>total<\/th><\/tr><\/thead><tbody><tr><td>&lt;b&gt;net&lt;\/b&gt;<\/td><td>-1\.00<\/td><\/tr><\/tbody><\/table><p class="caption">why<\/p>/,
    )
    expect(html).not.toMatch(/data-omitted="t"|data-figure="t"/)
  })
})
