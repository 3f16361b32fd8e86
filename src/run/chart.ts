/**
 * The fitness chart of a run: population best and mean over individuals
 * (one line segment per experiment), each experiment's candidate's select
 * fitness as a point, experiment ends as faint rules. Described in
 * Vega-Lite, compiled to Vega, rendered to SVG headless (no browser, no
 * canvas), and rasterized to PNG by resvg.
 */
import type { ProgressRecord } from './folder';

export interface ChartOptions {
  readonly title?: string;
  readonly subtitle?: string;
  readonly width?: number;
  readonly height?: number;
}

interface Row {
  readonly individuals: number;
  readonly fitness: number;
  readonly series: string;
  readonly experiment: number;
}

export const SERIES = {
  best: 'population best',
  mean: 'population mean',
  select: 'candidate select fitness',
} as const;

export function chartRows(records: readonly ProgressRecord[]): Row[] {
  const rows: Row[] = [];
  for (const r of records) {
    const experiment = r.experiment + 1;
    if (r.type === 'progress') {
      rows.push({ individuals: r.total_individuals, fitness: r.best, series: SERIES.best, experiment });
      rows.push({ individuals: r.total_individuals, fitness: r.mean, series: SERIES.mean, experiment });
    } else {
      // The experiment's last population best is its candidate's search fitness.
      rows.push({ individuals: r.total_individuals, fitness: r.search_fitness, series: SERIES.best, experiment });
      rows.push({ individuals: r.total_individuals, fitness: r.select_fitness, series: SERIES.select, experiment });
    }
  }
  return rows;
}

/** The Vega-Lite specification of the chart (plain JSON). */
export function fitnessChartSpec(records: readonly ProgressRecord[], options: ChartOptions = {}): Record<string, unknown> {
  const rows = chartRows(records);
  const ends = records.filter((r) => r.type === 'experiment').map((r) => ({ individuals: r.total_individuals }));
  const x = { field: 'individuals', type: 'quantitative', title: 'individuals (all experiments)', axis: { format: '~s', labelExpr: "datum.value === 0 ? '0' : datum.label" } };
  const y = { field: 'fitness', type: 'quantitative', title: 'fitness', scale: { domain: [0, 1] } };
  const color = {
    field: 'series', type: 'nominal', title: null,
    scale: { domain: [SERIES.best, SERIES.mean, SERIES.select], range: ['#1f5fa8', '#8fb8e0', '#d62728'] },
    legend: { orient: 'bottom', direction: 'horizontal', labelLimit: 400 },
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: options.title ?? 'Fitness over individuals', ...(options.subtitle ? { subtitle: options.subtitle } : {}) },
    width: options.width ?? 720,
    height: options.height ?? 340,
    background: 'white',
    config: { font: 'sans-serif', view: { stroke: '#ddd' } },
    layer: [
      {
        data: { values: ends },
        mark: { type: 'rule', color: '#ccc', strokeDash: [3, 3] },
        encoding: { x: { field: 'individuals', type: 'quantitative' } },
      },
      {
        data: { values: rows.filter((r) => r.series !== SERIES.select) },
        mark: { type: 'line', strokeWidth: 1.5, interpolate: 'linear' },
        encoding: { x, y, color, detail: { field: 'experiment', type: 'nominal' } },
      },
      {
        data: { values: rows.filter((r) => r.series === SERIES.select) },
        mark: { type: 'point', filled: true, size: 45 },
        encoding: {
          x, y, color,
          tooltip: [{ field: 'experiment', type: 'ordinal' }, { field: 'fitness', type: 'quantitative', format: '.6f' }],
        },
      },
    ],
  };
}

/** Renders a Vega-Lite specification to SVG text (headless). */
export async function renderSvg(vegaLiteSpec: Record<string, unknown>): Promise<string> {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const compiled = vegaLite.compile(vegaLiteSpec as unknown as Parameters<typeof vegaLite.compile>[0]).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Rasterizes SVG text to PNG bytes, `scale` pixels per SVG unit. */
export async function svgToPng(svg: string, scale = 2): Promise<Uint8Array> {
  const { Resvg } = await import('@resvg/resvg-js');
  const rendered = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  }).render();
  return rendered.asPng();
}

/** Width and height of an SVG's root element. */
export function svgSize(svg: string): { width: number; height: number } {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  const attr = (name: string) => Number(new RegExp(`\\b${name}="([0-9.]+)"`).exec(root)?.[1] ?? NaN);
  return { width: attr('width'), height: attr('height') };
}
