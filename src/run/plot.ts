/**
 * `plot`: the fitness chart of a run folder as SVG and PNG.
 */
import { basename, resolve } from 'node:path';
import { type ChartOptions, fitnessChartSpec, renderSvg, svgSize, svgToPng } from './chart';
import { RunFolder } from './folder';

export interface Chart {
  readonly svg: string;
  readonly width: number;
  readonly height: number;
}

export async function chartFromFolder(folder: RunFolder, options: ChartOptions = {}): Promise<Chart> {
  const records = folder.readProgress();
  let subtitle = options.subtitle;
  if (subtitle === undefined) {
    const seed = folder.has('seed') ? folder.read('seed').trim() : '?';
    subtitle = `${basename(resolve(folder.dir))}, seed ${seed}`;
  }
  const svg = await renderSvg(fitnessChartSpec(records, { ...options, subtitle }));
  return { svg, ...svgSize(svg) };
}

export interface PlotFiles {
  readonly svg: string;
  readonly png: string;
  readonly width: number;
  readonly height: number;
  readonly pngWidth: number;
  readonly pngHeight: number;
}

/** Writes fitness.svg and fitness.png into the run folder. */
export async function plotRun(dir: string, scale = 2): Promise<PlotFiles> {
  const folder = RunFolder.open(dir);
  const chart = await chartFromFolder(folder);
  folder.write('svg', chart.svg);
  const png = await svgToPng(chart.svg, scale);
  folder.write('png', png);
  return {
    svg: folder.path('svg'), png: folder.path('png'), width: chart.width, height: chart.height,
    pngWidth: Math.round(chart.width * scale), pngHeight: Math.round(chart.height * scale),
  };
}
