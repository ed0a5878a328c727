import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

/**
 * The plotly bundles a page may inline, smallest first, with the trace types each can draw.
 * plotly's basic bundle (scatter, bar, pie; 1.19 MB) is a quarter of the full one, and parsing
 * the full one was most of the time a report took to open. The cartesian bundle (1.50 MB) adds
 * the heatmap, but a page inlining it took 0.7–1.2 s longer to open in Chromium than one inlining
 * the basic bundle, with an empty plot in each (load 6–8), so no report figure draws a heatmap
 * now (the cohort map is bars, figures/cohortHeatmap); a page would pay for it only if one did.
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
