/**
 * The terminal progress display: the status line fits any width (nothing at
 * all on a terminal narrower than MIN_LIVE_COLUMNS, such as width 0), the live
 * display never throws or leaves a timer behind, and the plain mode prints
 * the original's lines.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MIN_LIVE_COLUMNS, createProgressDisplay, statusLine, statusParts } from '../../src/cli/progress';
import type { SearchEvent, SearchSnapshot } from '../../src/experiment/search';

const SNAPSHOT: SearchSnapshot = {
  experiment: 2,
  totalIndividuals: 1_234_567,
  experimentIndividuals: 234_567,
  experimentElapsedSeconds: 5.2,
  elapsedSeconds: 3725,
  individualsPerSecond: 45_110,
  population: { mean: 0.412345, stdev: 0.1, best: 0.987654, bestIndex: 3 },
  fecHitRate: 0.873,
  bestSelect: 0.95,
  experimentProgress: 0.4,
  maxExperiments: 10,
};

const PROGRESS: SearchEvent = {
  type: 'progress', experiment: 0, fecHitRate: 0.5, totalIndividuals: 100, runElapsedSeconds: 1,
  individuals: 100, elapsedSeconds: 1, mean: 0.25, stdev: 0.125, best: 0.5, bestIndex: 0,
};

function fakeStream(columns: number | undefined, isTTY = true) {
  const chunks: string[] = [];
  return {
    chunks,
    isTTY,
    columns,
    write(text: string) {
      chunks.push(text);
      return true;
    },
  };
}

const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** What a terminal shows, roughly: a cursor move to column 1 starts a new line, other control sequences vanish. */
// eslint-disable-next-line no-control-regex
const visible = (text: string) => text.replace(/\x1b\[1G/g, '\n').replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b[78]/g, '');

describe('statusLine', () => {
  it('shows experiment, individuals, rate, best and mean, FEC, elapsed and time left', () => {
    const line = statusLine(SNAPSHOT, 200);
    for (const part of ['exp 3/10', '1.23M indiv', '45.1k/s', 'best 0.987654', 'mean 0.412345', 'FEC 87.3%', '1h02m', 'exp left 8s', '[']) {
      expect(line).toContain(part);
    }
  });

  it('never exceeds width − 1 and is empty below the minimum width (0 included)', () => {
    for (const width of [0, 1, 5, MIN_LIVE_COLUMNS - 1, NaN, -3]) expect(statusLine(SNAPSHOT, width), `width ${width}`).toBe('');
    for (let width = MIN_LIVE_COLUMNS; width <= 240; width++) {
      const line = statusLine(SNAPSHOT, width);
      expect(line.length, `width ${width}`).toBeLessThanOrEqual(width - 1);
      expect(line.length).toBeGreaterThan(0);
    }
  });

  it('copes with a search that has not begun (no population, no budget, no rate)', () => {
    const empty: SearchSnapshot = {
      experiment: 0, totalIndividuals: 0, experimentIndividuals: 0, experimentElapsedSeconds: 0, elapsedSeconds: 0, individualsPerSecond: 0,
      population: null, fecHitRate: null, bestSelect: null, experimentProgress: null, maxExperiments: 0,
    };
    expect(statusParts(empty)).toEqual(['exp 1', '0 indiv', '0/s', '0s']);
    expect(statusLine(empty, 80)).toBe('exp 1 | 0 indiv | 0/s | 0s');
  });
});

describe('live display', () => {
  const saved = { columns: process.stderr.columns, isTTY: process.stderr.isTTY };
  afterEach(() => {
    Object.defineProperty(process.stderr, 'columns', { value: saved.columns, configurable: true, writable: true });
    Object.defineProperty(process.stderr, 'isTTY', { value: saved.isTTY, configurable: true, writable: true });
  });

  it.each([0, 1, 19, undefined])('on a terminal of width %s: draws no status line, still prints milestones, stops cleanly', async (columns) => {
    const before = timers();
    const stream = fakeStream(columns);
    const display = createProgressDisplay(stream);
    for (let i = 0; i < 50; i++) display.tick(SNAPSHOT);
    display.event({ type: 'experiment-start', experiment: 0 });
    display.event(PROGRESS);
    await sleep(450);
    display.stop();
    display.stop();
    const out = visible(stream.chunks.join(''));
    expect(out).toContain('Running evolution experiment 1');
    expect(out).not.toContain('indiv |');
    expect(out).not.toContain('indivs=');
    expect(stream.chunks.join('').length).toBeLessThan(5000);
    expect(timers()).toBeLessThanOrEqual(before);
  });

  it('process.stderr with columns = 0 (a TTY of zero width)', async () => {
    Object.defineProperty(process.stderr, 'isTTY', { value: true, configurable: true, writable: true });
    Object.defineProperty(process.stderr, 'columns', { value: 0, configurable: true, writable: true });
    const written: string[] = [];
    const original = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => {
      written.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    try {
      const before = timers();
      const display = createProgressDisplay(process.stderr);
      for (let i = 0; i < 20; i++) display.tick(SNAPSHOT);
      await sleep(300);
      display.note('a note');
      display.stop();
      expect(timers()).toBeLessThanOrEqual(before);
    } finally {
      process.stderr.write = original;
    }
    const out = visible(written.join(''));
    expect(out).toContain('a note');
    expect(out).not.toContain('indiv');
  });

  it('on a wide terminal: one status line that fits, redrawn in place, milestones above it', async () => {
    const stream = fakeStream(60);
    const display = createProgressDisplay(stream);
    display.tick(SNAPSHOT);
    display.event({ type: 'seed', seed: 7 });
    await sleep(450);
    display.stop();
    const out = stream.chunks.join('');
    expect(visible(out)).toContain('Random seed = 7');
    expect(visible(out)).toContain('exp 3/10');
    const drawn = visible(out).split(/\r|\n/).filter((l) => l.includes('indiv'));
    expect(drawn.length).toBeGreaterThan(0);
    for (const line of drawn) expect(line.length).toBeLessThanOrEqual(59);
  });
});

describe('plain display (not a terminal)', () => {
  it('prints the original progress lines and milestones, and a status line after a quiet spell', async () => {
    const stream = fakeStream(undefined, false);
    const display = createProgressDisplay(stream, { statusEverySeconds: 0.05 });
    display.event({ type: 'experiment-start', experiment: 1 });
    display.event(PROGRESS);
    display.tick(SNAPSHOT); // just printed: no status yet
    await sleep(80);
    display.tick(SNAPSHOT);
    display.stop();
    expect(stream.chunks).toEqual([
      'Running evolution experiment 2 (on the T_search tasks)...\n',
      'indivs=100, elapsed_secs=1, mean=0.250000, stdev=0.125000, best fit=0.500000, rate=100/s, fec_hit_rate=50.0%,\n',
      `status: ${statusParts(SNAPSHOT).join(' | ')}\n`,
    ]);
  });
});
