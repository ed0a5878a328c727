import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

/**
 * The plotly bundles a page may inline, smallest first, with the trace types each can draw.
 * plotly's basic bundle (scatter, bar, pie) is a quarter of the full one and parsing the full one
 * was most of the time a report took to open; the cartesian bundle adds the heatmap the market's
 * cohort figure needs, at 1.5 MB against 0.43 MB, so only a page that draws one pays for it.
 */
const BUNDLES = [
  { module: 'plotly.js-basic-dist-min', types: ['scatter', 'bar', 'pie'] },
  { module: 'plotly.js-cartesian-dist-min', types: ['scatter', 'bar', 'pie', 'heatmap'] },
] as const

/** Every trace type some bundle can draw; renderReportHtml refuses a figure of any other type. */
export const PLOTLY_TRACE_TYPES: readonly string[] = BUNDLES[BUNDLES.length - 1]?.types ?? []

/** The minified plotly.js bundle to inline: the smallest one that draws every type in `types`. */
export function readPlotly(types: readonly string[] = []): string {
  const bundle = BUNDLES.find((b) => types.every((t) => (b.types as readonly string[]).includes(t)))
  if (!bundle)
    throw new Error(`no plotly bundle draws ${types.join(', ')} (known: ${PLOTLY_TRACE_TYPES.join(', ')})`)
  return readFileSync(require.resolve(bundle.module), 'utf8')
}
