/**
 * `plot` and `report` on a real (small) run folder: the SVG is well-formed
 * XML, the PNG has a valid signature and header with the expected size, the
 * HTML page is self-contained and shows the algorithm, raw and simplified,
 * and its exported code.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main';
import { runSearch } from '../../src/experiment/search';
import { chartRows, fitnessChartSpec, SERIES } from '../../src/run/chart';
import { RunFolder } from '../../src/run/folder';
import { plotRun } from '../../src/run/plot';
import { RunRecorder } from '../../src/run/recorder';
import { escapeHtml, reportHtml } from '../../src/run/report-page';
import { smallRun } from '../experiment/helpers';

/**
 * Checks that `text` is well-formed XML (one root element, balanced and
 * properly nested tags, quoted and unique attributes, only valid entity and
 * character references); returns the root's name and the element count.
 */
export function checkXml(text: string): { root: string; elements: number } {
  const token = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<\/([A-Za-z_][\w:.-]*)\s*>|<([A-Za-z_][\w:.-]*)((?:\s+[A-Za-z_][\w:.-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>|[^<]+/y;
  const attribute = /([A-Za-z_][\w:.-]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/g;
  const reference = /&(?![A-Za-z][\w.-]*;|#[0-9]+;|#x[0-9A-Fa-f]+;)/;
  const stack: string[] = [];
  let root = '';
  let elements = 0;
  let closedRoot = false;
  let pos = 0;
  while (pos < text.length) {
    token.lastIndex = pos;
    const m = token.exec(text);
    if (!m) throw new Error(`not well-formed at offset ${pos}: ${JSON.stringify(text.slice(pos, pos + 40))}`);
    pos = token.lastIndex;
    const [whole, close, open, attrs, selfClose] = m;
    if (close !== undefined) {
      const top = stack.pop();
      if (top !== close) throw new Error(`</${close}> closes <${top}> at offset ${pos}`);
      if (stack.length === 0) closedRoot = true;
    } else if (open !== undefined) {
      if (closedRoot || (stack.length === 0 && root !== '')) throw new Error(`second root element <${open}>`);
      if (root === '') root = open;
      elements++;
      const names = new Set<string>();
      for (const a of (attrs ?? '').matchAll(attribute)) {
        if (names.has(a[1]!)) throw new Error(`duplicate attribute ${a[1]} on <${open}>`);
        names.add(a[1]!);
        if (reference.test(a[2] ?? a[3] ?? '')) throw new Error(`bad reference in attribute ${a[1]} of <${open}>`);
      }
      if (!selfClose) stack.push(open);
    } else if (!whole.startsWith('<')) {
      if (reference.test(whole)) throw new Error(`bad reference in text at offset ${pos}`);
      if (stack.length === 0 && whole.trim() !== '') throw new Error('text outside the root element');
    }
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.at(-1)}>`);
  if (root === '') throw new Error('no root element');
  return { root, elements };
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function pngHeader(bytes: Buffer): { width: number; height: number } {
  expect([...bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  expect(bytes.readUInt32BE(8)).toBe(13); // IHDR length
  expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
  expect(bytes.subarray(bytes.length - 8, bytes.length - 4).toString('latin1')).toBe('IEND');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

const tmp = mkdtempSync(join(tmpdir(), 'automl-zero-plot-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const dir = join(tmp, 'run');
let algorithmText = '';
let simplifiedText = '';

beforeAll(() => {
  const run = smallRun(2024);
  const folder = RunFolder.create(dir);
  folder.writeConfig(run);
  const recorder = new RunRecorder(folder, run, { toolVersion: 'test' });
  const result = runSearch(run, { onEvent: (e) => recorder.onEvent(e) });
  recorder.finish(result);
  algorithmText = result.algorithmText;
  simplifiedText = result.simplifiedText;
});

describe('checkXml (the test\'s own checker)', () => {
  it('accepts well-formed XML and rejects broken XML', () => {
    expect(checkXml('<?xml version="1.0"?><a x="1 &amp; 2"><b/><!-- c --><c>t &lt; u</c></a>')).toEqual({ root: 'a', elements: 3 });
    for (const bad of ['<a><b></a></b>', '<a>', '<a x=1/>', '<a x="1" x="2"/>', '<a>&</a>', '<a/><b/>', 'text', '<a><</a>']) {
      expect(() => checkXml(bad), bad).toThrow();
    }
  });
});

describe('plot', () => {
  it('chart data: best and mean per progress record, select fitness per experiment', () => {
    const records = RunFolder.open(dir).readProgress();
    const rows = chartRows(records);
    expect(rows.filter((r) => r.series === SERIES.select)).toHaveLength(3);
    expect(rows.filter((r) => r.series === SERIES.mean)).toHaveLength(records.filter((r) => r.type === 'progress').length);
    const spec = fitnessChartSpec(records);
    expect(JSON.stringify(spec)).toContain('vega-lite');
  });

  it('writes a well-formed SVG and a PNG of the expected size', async () => {
    const files = await plotRun(dir, 1.5);
    const svg = readFileSync(files.svg, 'utf8');
    const xml = checkXml(svg);
    expect(xml.root).toBe('svg');
    expect(xml.elements).toBeGreaterThan(50);
    expect(svg).toContain('Fitness over individuals');
    expect(svg).toContain(SERIES.select);
    expect(files.width).toBeGreaterThan(600);
    expect(files.height).toBeGreaterThan(300);
    const png = pngHeader(readFileSync(files.png));
    expect(png).toEqual({ width: Math.round(files.width * 1.5), height: Math.round(files.height * 1.5) });
  });
});

describe('report', () => {
  it('is one self-contained HTML page with chart, settings, experiments, algorithm raw and simplified, exported code', async () => {
    const html = await reportHtml(dir);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain(escapeHtml(algorithmText));
    expect(html).toContain(escapeHtml(simplifiedText));
    expect(html).toContain('export class BestAlgorithm');
    expect(html).toContain('population_size: 30');
    expect(html).toMatch(/<svg[^>]*class="marks"/);
    expect((html.match(/<tr class="best">/g) ?? []).length).toBe(1);
    // Self-contained: no scripts, no external resources.
    expect(html).not.toMatch(/<script|<link|<img|src=|url\(/i);
    const inlineSvg = html.slice(html.indexOf('<svg'), html.indexOf('</svg>') + 6);
    expect(checkXml(inlineSvg).root).toBe('svg');
  });
});

describe('plot and report commands', () => {
  it('write their files into the run folder; a folder that is not a run is a usage error', async () => {
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await main(['plot', dir])).toBe(0);
      expect(await main(['report', dir])).toBe(0);
      expect(await main(['report', tmp])).toBe(2);
      expect(String(err.mock.calls.at(-1)?.[0])).toMatch(/not a run folder/);
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain(escapeHtml(algorithmText));
    pngHeader(readFileSync(join(dir, 'fitness.png')));
  });
});
