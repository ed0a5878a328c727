import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

/**
 * The trace types the inlined bundle can draw. plotly's basic bundle (scatter, bar, pie) is a
 * quarter of the full one (1.2 MB against 4.8 MB) and parsing the full one was most of the time a
 * report took to open; renderReportHtml refuses a figure of any other type, so a new figure that
 * needs one fails its tests instead of drawing an empty box.
 */
export const PLOTLY_TRACE_TYPES: readonly string[] = ['scatter', 'bar', 'pie']

/** The minified plotly.js bundle that gets inlined into every report. */
export function readPlotly(): string {
  return readFileSync(require.resolve('plotly.js-basic-dist-min'), 'utf8')
}
