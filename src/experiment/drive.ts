/**
 * Runs a SearchSession without blocking the event loop for long: between
 * steps it lets timers and signal handlers run (progress display, Ctrl-C),
 * takes checkpoints on a wall-clock cadence, and stops when asked. None of
 * this changes what the search computes.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { SearchSession, SearchState } from './search';

export interface DriveOptions {
  /** Seconds between checkpoints; 0 or undefined: none (except on a stop). */
  readonly checkpointEverySeconds?: number;
  /** Called with the state at a boundary between steps; must save it. */
  readonly onCheckpoint?: (state: SearchState) => void;
  /** Polled between steps; once true, the driver checkpoints and returns 'stopped'. */
  readonly shouldStop?: () => boolean;
  /** Called between steps, at most every `tickMillis`. */
  readonly onTick?: () => void;
  readonly tickMillis?: number;
  /** Longest time between yields to the event loop (default 25 ms). */
  readonly yieldMillis?: number;
}

export type DriveOutcome = 'done' | 'stopped';

export async function driveSearch(session: SearchSession, options: DriveOptions = {}): Promise<DriveOutcome> {
  const every = options.checkpointEverySeconds ?? 0;
  const yieldMillis = options.yieldMillis ?? 25;
  const tickMillis = options.tickMillis ?? 100;
  let lastCheckpoint = Date.now();
  let lastYield = Date.now();
  let lastTick = 0;
  for (;;) {
    const now = Date.now();
    if (options.onTick && now - lastTick >= tickMillis) {
      options.onTick();
      lastTick = now;
    }
    if (session.atBoundary) {
      if (options.shouldStop?.()) {
        if (session.checkpointable) options.onCheckpoint?.(session.state());
        return 'stopped';
      }
      if (every > 0 && session.checkpointable && now - lastCheckpoint >= every * 1000) {
        options.onCheckpoint?.(session.state());
        lastCheckpoint = Date.now();
      }
    }
    if (!session.step()) break;
    if (Date.now() - lastYield >= yieldMillis) {
      await yieldToEventLoop();
      lastYield = Date.now();
    }
  }
  options.onTick?.();
  return 'done';
}
