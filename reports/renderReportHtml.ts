import type { Figure } from './buildFigures.ts'
import { MODE_COLORS } from './figures/figureContext.ts'
import { PLOTLY_TRACE_TYPES } from './readPlotly.ts'

export type ReportHeader = {
  scenario: string
  description: string
  seeds: string
  versions: Record<string, string>
  modeled: string[]
  runs: number
  /** The folder has timing.json (a run or a sweep): plot each run's wall time from timing.js. */
  wallTime?: boolean
  /** `tolerance: auto`: the honest spread measured before the runs beside the tolerance used. */
  tolerance?: string[]
  /** The answer block (buildAnswer), plain text, one paragraph a line; none for an empty shard. */
  answer?: string[]
  /** Each run's mode and model size by run id ("point-replicate"), to colour the wall-time plot. */
  runInfo?: Record<string, { mode: string; flops: number }>
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  )

/** A figure's own height set in the page, so drawing it does not move what lies below. */
const heightStyle = (f: Figure) => {
  const { height } = f.layout as { height?: unknown }
  return typeof height === 'number' ? ` style="height:${height}px"` : ''
}

/** A figure's table: a header row and text cells, every cell escaped. */
const tableHtml = (id: string, table: NonNullable<Figure['table']>) =>
  `<table class="terms" data-table="${escapeHtml(id)}"><thead><tr>${table.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead><tbody>${table.rows
    .map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`

/** JSON inside a <script> must not be able to close the script element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c')

/**
 * One self-contained page: plotly.js is inlined, so the file opens offline and can be mailed
 * or archived as it is. Each figure's div lists itself in `data-figure` for tests to find.
 */
export function renderReportHtml(
  header: ReportHeader,
  figures: Figure[],
  plotlySource: string,
  /** Trusted HTML placed after the figures (e.g. a table); the caller escapes what it holds. */
  extra: readonly string[] = [],
): string {
  for (const f of figures) {
    for (const trace of f.data as { type?: string }[]) {
      // plotly draws a trace with no type as a scatter.
      const type = trace.type ?? 'scatter'
      if (!PLOTLY_TRACE_TYPES.includes(type))
        throw new Error(
          `figure ${f.id} draws a ${type} trace, which the inlined plotly bundle (${PLOTLY_TRACE_TYPES.join(', ')}) cannot draw`,
        )
    }
  }
  const versions = Object.entries(header.versions)
    .map(([k, v]) => `${escapeHtml(k)} ${escapeHtml(v)}`)
    .join(', ')
  const modeled = header.modeled.length
    ? `<p class="modeled"><strong>Modeled, not executed:</strong> ${header.modeled.map(escapeHtml).join('; ')}</p>`
    : '<p>Everything in this report was executed: real inference, real settlement.</p>'
  const sections = figures.length
    ? figures
        .map((f) =>
          // A table is drawn by the page itself; a figure with nothing worth drawing (constant by
          // construction) is its note alone.
          f.data.length === 0 && f.table
            ? `<section><h2>${escapeHtml(f.title)}</h2>${tableHtml(f.id, f.table)}${f.caption ? `<p class="caption">${escapeHtml(f.caption)}</p>` : ''}${
                f.note ? `<p class="note">${escapeHtml(f.note)}</p>` : ''
              }</section>`
            : f.data.length === 0
              ? `<section><h2>${escapeHtml(f.title)}</h2><p class="note omitted" data-omitted="${f.id}">${escapeHtml(f.note ?? 'nothing to plot')}</p></section>`
              : `<section><h2>${escapeHtml(f.title)}</h2><div id="${f.id}" class="plot" data-figure="${f.id}"${heightStyle(f)}></div>${f.caption ? `<p class="caption">${escapeHtml(f.caption)}</p>` : ''}${
                  f.note ? `<p class="note">${escapeHtml(f.note)}</p>` : ''
                }</section>`,
        )
        .join('\n')
    : '<p class="empty">This folder holds no runs: it is a shard that got none of the sweep\'s points. ' +
      '<code>verisim merge</code> joins it with the other shards, and the merged folder has the plots.</p>'
  // Wall time is the one thing a page cannot hold and stay byte-identical between identical runs:
  // it is read at view time from timing.js beside the page, written with timing.json.
  const wallTime =
    figures.length && header.wallTime
      ? `<section><h2>Real wall time per run beside its virtual time</h2><div id="wall-time" class="plot" data-figure="wall-time"></div><p class="caption">What each run cost to simulate in real seconds, coloured by mode, against model size when the sizes differ (else against the virtual time simulated): the expensive corners of the sweep stand highest.</p><p class="note">Read from timing.js next to this page (wall time is not part of the deterministic outputs); each marker is one run.</p></section>
<script src="timing.js"></script>`
      : ''
  // Without figures there is nothing to draw, and no reason to inline a megabyte of plotly.
  const plotly = figures.length ? `<script>${plotlySource.replace(/<\/script/gi, '<\\/script')}</script>` : ''
  const draw = figures.length
    ? `<script>
const figures = ${scriptJson(figures.filter((f) => f.data.length > 0).map(({ id, data, layout }) => ({ id, data, layout })))};
// The camera button saves a PNG; a second button saves the same figure as SVG for papers.
const config = (name) => ({
  responsive: true,
  displaylogo: false,
  toImageButtonOptions: { format: 'png', filename: name, scale: 2 },
  modeBarButtonsToAdd: [{
    name: 'Download plot as SVG',
    icon: Plotly.Icons.disk,
    click: (gd) => Plotly.downloadImage(gd, { format: 'svg', filename: name }),
  }],
});
const plots = figures.map((f) => () =>
  Plotly.newPlot(document.getElementById(f.id), f.data, Object.assign({ margin: { t: 20 } }, f.layout), config(f.id)));
const timing = window.verisimTiming;
const wall = document.getElementById('wall-time');
if (timing && wall) {
  // One colour per mode; model size on x when the runs' sizes differ (what grows the cost of
  // simulating), else the virtual time each run simulated.
  const info = ${scriptJson(header.runInfo ?? {})};
  const colors = ${scriptJson(MODE_COLORS)};
  const runs = timing.runs.filter((r) => r.wall_seconds !== null);
  const of = (r) => info[r.run] || { mode: 'unknown', flops: 0 };
  // One run is one dot on an axis of nothing: its figures read better as a sentence.
  const single = runs.length === 1 ? runs[0] : null;
  if (single) {
    const pace = single.virtual_seconds / single.wall_seconds;
    wall.outerHTML = '<p class="note" data-omitted="wall-time">This run simulated ' + single.virtual_seconds.toLocaleString('en') +
      ' virtual seconds in ' + single.wall_seconds.toFixed(2) + ' wall seconds (' + (pace >= 10 ? Math.round(pace).toLocaleString('en') : pace.toPrecision(2)) +
      ' virtual seconds per wall second).</p>';
  }
  const bySize = new Set(runs.map((r) => of(r).flops)).size > 1;
  const modes = [...new Set(runs.map((r) => of(r).mode))];
  const traces = modes.map((mode) => {
    const rs = runs.filter((r) => of(r).mode === mode);
    return { type: 'scatter', mode: 'markers', name: mode, marker: { color: colors[mode], size: 8, opacity: 0.8 },
      x: rs.map((r) => (bySize ? of(r).flops : r.virtual_seconds)), y: rs.map((r) => r.wall_seconds),
      text: rs.map((r) => 'run ' + r.run + ', ' + of(r).flops.toExponential(1) + ' FLOPs'),
      hovertemplate: '%{y:.2f} s<extra>%{text}</extra>' };
  });
  if (!single) plots.push(() => Plotly.newPlot(wall, traces,
    { margin: { t: 20 }, xaxis: bySize ? { title: { text: 'model FLOPs per inference' }, type: 'log' } : { title: { text: 'virtual seconds simulated' } },
      yaxis: { title: { text: 'wall seconds' }, rangemode: 'tozero' } },
    config('wall-time')));
} else if (wall) {
  wall.outerHTML = '<p class="note">timing.js is not next to this page, so wall times cannot be shown.</p>';
}
// One plot per frame, in page order: the browser shows the answer and the first figure while
// the rest are still being laid out, instead of a blank page until the last one is. data-drawn
// is set once every plot has resolved, for tests and the report-open benchmark to wait on.
const drawn = [];
const drawFrom = (i) => {
  if (i === plots.length) {
    Promise.all(drawn).then(() => {
      window.verisimDrawnMs = performance.now();
      document.documentElement.dataset.drawn = 'all';
    });
    return;
  }
  drawn.push(plots[i]());
  requestAnimationFrame(() => setTimeout(() => drawFrom(i + 1), 0));
};
drawFrom(0);
</script>
`
    : ''
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>verisim report: ${escapeHtml(header.scenario)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; color: #222; }
header { border-bottom: 1px solid #ddd; margin-bottom: 1rem; }
.plot { width: 100%; height: 420px; }
.modeled { background: #fff4e5; padding: 0.5rem; border-left: 4px solid #f0a020; }
.note, .meta { color: #555; font-size: 0.9rem; }
.caption { font-size: 0.95rem; }
.answer { background: #eef5fb; padding: 0.5rem 1rem; border-left: 4px solid #1f77b4; }
table.pareto, table.terms { border-collapse: collapse; }
table.pareto th, table.pareto td, table.terms th, table.terms td { padding: 0.2rem 0.6rem; border-bottom: 1px solid #ddd; text-align: right; }
tr.best { font-weight: bold; }
</style>
${plotly}
</head>
<body>
<header>
<h1>verisim: ${escapeHtml(header.scenario)}</h1>
<p>${escapeHtml(header.description)}</p>
<p class="meta">${header.runs} runs; seeds ${escapeHtml(header.seeds)}; ${versions}</p>
${(header.tolerance ?? []).map((line) => `<p class="meta" data-tolerance>${escapeHtml(line)}</p>`).join('\n')}
${modeled}
</header>
${
  header.answer?.length
    ? `<section class="answer" data-answer><h2>The answer from these runs</h2>${header.answer.map((line) => `<p>${escapeHtml(line)}</p>`).join('')}</section>`
    : ''
}
${sections}
${wallTime}
${extra.join('\n')}
${draw}</body>
</html>
`
}
