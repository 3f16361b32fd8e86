/**
 * The report of a run folder: one self-contained HTML page (no scripts, no
 * external resources) with the fitness chart inline, the run's settings,
 * each experiment's outcome, the best algorithm raw and simplified, and its
 * exported TypeScript module.
 */
import { basename, resolve } from 'node:path';
import { chartFromFolder } from './plot';
import { RunFolder } from './folder';

interface ExperimentRow {
  experiment: number;
  search_fitness: number;
  select_fitness: number;
  individuals: number;
  elapsed_seconds: number;
  fec_hit_rate: number | null;
}

interface Summary {
  seed?: number;
  complete?: boolean;
  interrupted?: boolean;
  individuals?: number;
  elapsed_seconds?: number;
  individuals_per_second?: number;
  fec_hit_rate?: number | null;
  select_fitness?: number | null;
  final_fitness?: number | null;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const num = (x: number | null | undefined, digits = 6) => (x === null || x === undefined ? '—' : x.toFixed(digits));
const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(100 * x).toFixed(1)}%`);

const STYLE = `
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; max-width: 1100px; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { font-size: 1.2em; margin-top: 1.8em; border-bottom: 1px solid #ddd; }
.sub { color: #666; margin-top: 0; }
table { border-collapse: collapse; } td, th { padding: 0.25em 0.8em; text-align: right; border-bottom: 1px solid #eee; }
th { background: #f6f6f6; } td:first-child, th:first-child { text-align: left; }
tr.best td { background: #fff6d6; font-weight: 600; }
pre { background: #f7f7f9; border: 1px solid #e4e4e8; padding: 0.8em; overflow-x: auto; font-size: 13px; }
.cols { display: flex; gap: 1.2em; flex-wrap: wrap; } .cols > div { flex: 1 1 320px; min-width: 0; }
.chart svg { max-width: 100%; height: auto; }
.status { display: inline-block; padding: 0.1em 0.6em; border-radius: 0.8em; font-size: 0.85em; background: #e6f4ea; color: #1e6b34; }
.status.partial { background: #fdecea; color: #8a1c12; }
`;

/** The HTML page for the run in `dir`. */
export async function reportHtml(dir: string): Promise<string> {
  const folder = RunFolder.open(dir);
  const summary: Summary | null = folder.has('summary') ? folder.readJson<Summary>('summary') : null;
  const experiments: ExperimentRow[] = folder.has('experiments') ? folder.readJson<ExperimentRow[]>('experiments') : [];
  const run = folder.readConfig();
  const chart = await chartFromFolder(folder, { title: 'Fitness over individuals', subtitle: basename(resolve(dir)) });
  const text = (file: Parameters<RunFolder['has']>[0]) => (folder.has(file) ? folder.read(file) : null);
  const best = text('bestText');
  const simplified = text('bestSimplified');
  const module = text('bestModule');

  const status = summary === null
    ? '<span class="status partial">in progress or killed (no summary yet)</span>'
    : summary.complete
      ? '<span class="status">complete</span>'
      : '<span class="status partial">stopped before the end (summary so far)</span>';
  const records = folder.readProgress();
  const lastRecord = records.at(-1);
  const individuals = summary?.individuals ?? lastRecord?.total_individuals;
  const bestSelect = experiments.reduce((b, e) => (e.select_fitness >= b ? e.select_fitness : b), -Infinity);
  const bestIndex = experiments.reduce((bi, e, i) => (e.select_fitness >= (experiments[bi]?.select_fitness ?? -Infinity) ? i : bi), 0);
  const spec = run.searchExperimentSpec;

  const facts: Array<[string, string]> = [
    ['seed', String(run.randomSeed)],
    ['experiments', `${experiments.length}${run.maxExperiments > 0 ? ` of at most ${run.maxExperiments}` : ' (until sufficient fitness)'}`],
    ['individuals', individuals === undefined ? '—' : String(individuals)],
    ['elapsed', summary?.elapsed_seconds !== undefined ? `${summary.elapsed_seconds.toFixed(1)} s` : '—'],
    ['individuals per second', summary?.individuals_per_second !== undefined ? summary.individuals_per_second.toFixed(0) : '—'],
    ['FEC hit rate', pct(summary?.fec_hit_rate)],
    ['best select fitness', experiments.length > 0 ? num(bestSelect) : '—'],
    ['final fitness (unseen tasks)', num(summary?.final_fitness)],
    ['population / tournament', `${spec.populationSize} / ${spec.tournamentSize}`],
    ['memory (scalars, vectors, matrices)', spec.memorySizes ? `${spec.memorySizes.scalars}, ${spec.memorySizes.vectors}, ${spec.memorySizes.matrices}` : 'default'],
  ];

  const experimentRows = experiments.map((e, i) => `<tr${i === bestIndex ? ' class="best"' : ''}><td>${e.experiment + 1}</td>`
    + `<td>${e.individuals}</td><td>${num(e.search_fitness)}</td><td>${num(e.select_fitness)}</td>`
    + `<td>${e.elapsed_seconds.toFixed(1)} s</td><td>${pct(e.fec_hit_rate)}</td></tr>`).join('\n');

  const pre = (content: string | null, missing: string) => (content === null ? `<p><em>${escapeHtml(missing)}</em></p>` : `<pre>${escapeHtml(content)}</pre>`);

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>automl-zero run ${escapeHtml(basename(resolve(dir)))}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>automl-zero run <code>${escapeHtml(basename(resolve(dir)))}</code></h1>
<p class="sub">${status} &nbsp; generated ${escapeHtml(new Date().toISOString())}</p>

<h2>Fitness</h2>
<div class="chart">${records.length > 0 ? chart.svg : '<p><em>no progress recorded yet</em></p>'}</div>

<h2>Run</h2>
<table>
${facts.map(([k, v]) => `<tr><td>${escapeHtml(k)}</td><td>${escapeHtml(v)}</td></tr>`).join('\n')}
</table>

<h2>Experiments</h2>
${experiments.length === 0 ? '<p><em>no experiment finished yet</em></p>' : `<table>
<tr><th>experiment</th><th>individuals</th><th>search fitness</th><th>select fitness</th><th>time</th><th>FEC hit rate</th></tr>
${experimentRows}
</table>`}

<h2>Best algorithm</h2>
<div class="cols">
<div><h3>As evolved</h3>${pre(best, 'no algorithm yet')}</div>
<div><h3>Simplified</h3><p class="sub">instructions that cannot affect a prediction removed</p>${pre(simplified, 'no algorithm yet')}</div>
</div>

<h2>Exported TypeScript module</h2>
${pre(module, 'not exported (no best.ts in the run folder)')}

<h2>Settings</h2>
<details><summary>config.textproto (the resolved run)</summary>
${pre(folder.read('configText'), '')}
</details>
</body>
</html>
`;
}
