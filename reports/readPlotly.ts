import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

/** The minified plotly.js bundle that gets inlined into every report. */
export function readPlotly(): string {
  return readFileSync(require.resolve('plotly.js-dist-min'), 'utf8')
}
