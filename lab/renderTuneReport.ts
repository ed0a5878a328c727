import { readPlotly, renderReportHtml } from '../reports/index.ts'
import { versions } from './buildManifest.ts'
import { formatParetoTable } from './formatParetoTable.ts'
import { bestLine, settingsLine } from './formatTuneTable.ts'
import type { Evaluation } from './searchTunables.ts'
import type { TuneResult } from './tuneScenario.ts'

/** The tune's report.html: safety margin against the objective for every setting, the Pareto front highlighted. */
export function renderTuneReport(name: string, result: TuneResult): string {
  const point = (e: Evaluation) => ({ x: e.objective, y: e.margin, text: JSON.stringify(e.params) })
  const all = result.evaluated.map(point)
  const front = result.pareto.map(point)
  const figures = [
    {
      id: 'pareto',
      title: `Safety margin against ${result.objective} (Pareto front highlighted)`,
      caption: `Each dot is one setting tried; up is safer (the smallest margin by which the invariants hold, below 0 when one fails), left is cheaper. The line joins the settings no other beats on both.${result.modeled.length ? ` Modeled, not executed: ${result.modeled.join('; ')}.` : ''}`,
      data: [
        {
          type: 'scatter',
          mode: 'markers',
          name: 'evaluated',
          x: all.map((p) => p.x),
          y: all.map((p) => p.y),
          text: all.map((p) => p.text),
        },
        {
          type: 'scatter',
          mode: 'lines+markers',
          name: 'Pareto front',
          x: front.map((p) => p.x),
          y: front.map((p) => p.y),
          text: front.map((p) => p.text),
        },
      ],
      layout: {
        xaxis: { title: { text: result.objective } },
        yaxis: { title: { text: 'smallest invariant margin' } },
      },
    },
  ]
  return renderReportHtml(
    {
      scenario: `${name} (tune)`,
      description: `${settingsLine(result)}. ${bestLine(result)}`,
      seeds: `${result.seeds.join(', ')} (${result.replicates} replicate${result.replicates === 1 ? '' : 's'} per setting)`,
      versions: versions(),
      modeled: result.modeled,
      // The header counts runs; the description counts settings.
      runs: result.runs,
    },
    figures,
    readPlotly(),
    [formatParetoTable(result)],
  )
}
