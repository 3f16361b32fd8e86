/**
 * Progress of a running search on stderr.
 *
 * On a terminal: one live status line (cli-progress) — experiment, individuals,
 * rate, best and mean fitness of the population, FEC hit rate, elapsed time,
 * time left of the experiment when it has a budget — with the run's
 * milestones (experiment started, candidate fitnesses, ...) printed above it.
 * The line is cut to the terminal's width and not drawn at all on a terminal
 * narrower than MIN_LIVE_COLUMNS (some report a width of 0).
 *
 * Elsewhere (a pipe, a file, CI): plain lines — the original's progress lines,
 * the milestones, and a status line when nothing was printed for a while.
 */
import { MultiBar } from 'cli-progress';
import type { SearchEvent, SearchSnapshot } from '../experiment/search';
import { milestoneLines, progressLine } from './report';

export const MIN_LIVE_COLUMNS = 20;

export interface ProgressStream {
  write(text: string): boolean;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface ProgressDisplay {
  event(event: SearchEvent): void;
  /** The current state of the search (called often; the display decides what to draw). */
  tick(snapshot: SearchSnapshot): void;
  /** A line of its own (e.g. "stopping..."). */
  note(line: string): void;
  stop(): void;
}

export interface ProgressOptions {
  /** 'auto' (default): live on a terminal, lines otherwise. */
  readonly mode?: 'auto' | 'live' | 'lines';
  /** Lines mode: a status line after this many seconds without output (default 30). */
  readonly statusEverySeconds?: number;
}

export function createProgressDisplay(stream: ProgressStream, options: ProgressOptions = {}): ProgressDisplay {
  const mode = options.mode ?? 'auto';
  const live = mode === 'live' || (mode === 'auto' && stream.isTTY === true);
  return live ? new LiveDisplay(stream) : new LineDisplay(stream, options.statusEverySeconds ?? 30);
}

function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : m > 0 ? `${m}m${String(sec).padStart(2, '0')}s` : `${sec}s`;
}

function count(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : n >= 1e4 ? `${(n / 1e3).toFixed(1)}k` : String(n);
}

/** Seconds left of the current experiment, when it has a budget. */
function remainingSeconds(snapshot: SearchSnapshot): number | null {
  const p = snapshot.experimentProgress;
  if (p === null || p <= 0 || snapshot.experimentElapsedSeconds <= 0) return null;
  return snapshot.experimentElapsedSeconds * (1 - p) / p;
}

/** The parts of a status line, most important first. */
export function statusParts(s: SearchSnapshot): string[] {
  const parts = [
    `exp ${s.experiment + 1}${s.maxExperiments > 0 ? `/${s.maxExperiments}` : ''}`,
    `${count(s.totalIndividuals)} indiv`,
    `${count(Math.round(s.individualsPerSecond))}/s`,
  ];
  if (s.population) parts.push(`best ${s.population.best.toFixed(6)}`, `mean ${s.population.mean.toFixed(6)}`);
  if (s.fecHitRate !== null) parts.push(`FEC ${(100 * s.fecHitRate).toFixed(1)}%`);
  parts.push(duration(s.elapsedSeconds));
  const left = remainingSeconds(s);
  if (left !== null) parts.push(`exp left ${duration(left)}`);
  if (s.bestSelect !== null) parts.push(`best select ${s.bestSelect.toFixed(6)}`);
  return parts;
}

/** A status line of at most `width` characters: a progress bar when there is room and a budget, then the parts that fit. */
export function statusLine(s: SearchSnapshot, width: number): string {
  if (!(width >= MIN_LIVE_COLUMNS)) return '';
  const max = Math.floor(width) - 1; // never touch the last column: some terminals wrap there
  const parts = statusParts(s);
  let line = parts[0]!;
  for (const part of parts.slice(1)) {
    if (line.length + 3 + part.length > max) break;
    line += ` | ${part}`;
  }
  const p = s.experimentProgress;
  const barWidth = Math.min(20, max - line.length - 3);
  if (p !== null && barWidth >= 5) {
    const filled = Math.round(Math.min(1, Math.max(0, p)) * barWidth);
    line = `[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}] ${line}`;
  }
  return line.slice(0, max);
}

class LiveDisplay implements ProgressDisplay {
  private readonly bars: MultiBar;
  private readonly bar: ReturnType<MultiBar['create']>;
  private stopped = false;

  constructor(private readonly stream: ProgressStream) {
    this.bars = new MultiBar({
      stream: stream as NodeJS.WritableStream,
      // Our own line, cut to the width read at every redraw.
      format: (_options, _params, payload: { snapshot?: SearchSnapshot }) =>
        (payload.snapshot ? statusLine(payload.snapshot, this.stream.columns ?? 0) : ''),
      linewrap: true,
      hideCursor: false,
      gracefulExit: false,
      clearOnComplete: true,
      forceRedraw: true,
      fps: 5,
    });
    this.bar = this.bars.create(1, 0, {});
  }

  event(event: SearchEvent): void {
    for (const line of milestoneLines(event)) this.note(line);
  }

  tick(snapshot: SearchSnapshot): void {
    if (!this.stopped) this.bar.update(snapshot.experimentProgress ?? 0, { snapshot });
  }

  note(line: string): void {
    if (this.stopped) this.stream.write(`${line}\n`);
    else this.bars.log(`${line}\n`);
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    // Draws the pending notes, then clears the status line.
    this.bars.update();
    this.bars.stop();
  }
}

class LineDisplay implements ProgressDisplay {
  private lastOutput = Date.now();

  constructor(private readonly stream: ProgressStream, private readonly statusEverySeconds: number) {}

  private write(line: string): void {
    this.stream.write(`${line}\n`);
    this.lastOutput = Date.now();
  }

  event(event: SearchEvent): void {
    if (event.type === 'progress') this.write(progressLine(event));
    else for (const line of milestoneLines(event)) this.write(line);
  }

  tick(snapshot: SearchSnapshot): void {
    if (this.statusEverySeconds > 0 && Date.now() - this.lastOutput >= this.statusEverySeconds * 1000) {
      this.write(`status: ${statusParts(snapshot).join(' | ')}`);
    }
  }

  note(line: string): void {
    this.write(line);
  }

  stop(): void {}
}
