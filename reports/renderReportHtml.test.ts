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
})
