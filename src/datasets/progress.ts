/**
 * Progress display for long dataset builds: a cli-progress bar on a terminal,
 * plain lines (every 10%, and at the end) otherwise, nothing when disabled.
 */
import { SingleBar } from 'cli-progress';

export interface Progress {
  update(value: number): void;
  increment(delta?: number): void;
  stop(): void;
}

export interface ProgressOptions {
  readonly title: string;
  readonly total: number;
  /** 'bytes' values are shown in MB. */
  readonly unit: 'bytes' | 'files' | 'items';
  readonly stream?: NodeJS.WriteStream;
  /** false: no output at all. */
  readonly enabled?: boolean;
  /** Force the plain-lines mode even on a terminal. */
  readonly plain?: boolean;
}

const NO_PROGRESS: Progress = { update: () => {}, increment: () => {}, stop: () => {} };

function show(value: number, unit: ProgressOptions['unit']): string {
  return unit === 'bytes' ? `${(value / 1e6).toFixed(1)} MB` : `${value} ${unit}`;
}

export function createProgress(options: ProgressOptions): Progress {
  if (options.enabled === false) return NO_PROGRESS;
  const stream = options.stream ?? process.stderr;
  const total = Math.max(options.total, 1);
  const started = Date.now();
  if (stream.isTTY && !options.plain) {
    const mb = options.unit === 'bytes';
    const bar = new SingleBar({
      stream,
      format: `${options.title} [{bar}] {percentage}% | {shown} | ETA {eta_formatted}`,
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 50,
    });
    let value = 0;
    const payload = () => ({ shown: mb ? `${show(value, 'bytes')} / ${show(total, 'bytes')}` : `${value}/${total} ${options.unit}` });
    bar.start(total, 0, payload());
    return {
      update(v) { value = v; bar.update(Math.min(v, total), payload()); },
      increment(d = 1) { value += d; bar.update(Math.min(value, total), payload()); },
      stop() { bar.update(Math.min(value, total), payload()); bar.stop(); },
    };
  }
  let value = 0;
  let lastDecile = 0;
  let stopped = false;
  const line = () => {
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    const pct = Math.min(100, Math.floor((100 * value) / total));
    stream.write(`${options.title}: ${show(value, options.unit)} of ${show(total, options.unit)} (${pct}%), ${secs} s\n`);
  };
  const check = () => {
    const decile = Math.floor((10 * value) / total);
    if (decile > lastDecile && decile < 10) {
      lastDecile = decile;
      line();
    }
  };
  return {
    update(v) { value = v; check(); },
    increment(d = 1) { value += d; check(); },
    stop() { if (!stopped) { stopped = true; line(); } },
  };
}
