/** The bench's verdicts on issue #4's targets, from figures made up around each boundary. */
import { describe, expect, it } from 'vitest';
import type { DemoScaling, SolveTiming, StepTiming } from '../../src/bench/bench';
import { CPP_DEMO_INDIVIDUALS_PER_SECOND, CPP_DEMO_MEDIAN_SECONDS_TO_SOLVE } from '../../src/bench/bench';
import { type BenchFigures, checkTargets, describeCheck } from '../../src/bench/targets';

const solve = (seconds: number, seed: number): SolveTiming => ({ seed, experiments: 1, individuals: 1000, seconds, selectFitness: 1, finalFitness: 1 });
/** Seeds 1-10 taking `seconds` each, in turn. */
const solveAll = (...seconds: number[]): SolveTiming[] => Array.from({ length: 10 }, (_, i) => solve(seconds[i % seconds.length]!, i + 1));
const step = (model: string, F: number, jit: number, hand: number): StepTiming => ({ model, F, examples: 8000, nsPerStep: { jit, 'hand-written JS': hand, wasm: 1 } });
const scaling = (medianRatio: number, rounds = 3): DemoScaling => ({
  workers: 2, individualsPerWorker: 300_000, medianRatio, medianCopiesRatio: 1.9, medianOfCopies: 1,
  rounds: Array.from({ length: rounds }, () => ({ oneWorker: 1, workers: medianRatio, ratio: medianRatio, copies: 1.9, copiesRatio: 1.9, ofCopies: 1 })),
});

function figures(changes: Partial<BenchFigures> = {}): BenchFigures {
  return {
    individualsPerSecond: 2 * CPP_DEMO_INDIVIDUALS_PER_SECOND,
    // A median of half the C++'s: two seeds below it, eight at it.
    solved: solveAll(20, ...new Array<number>(4).fill(0.5 * CPP_DEMO_MEDIAN_SECONDS_TO_SOLVE)),
    steps: [step('linear', 4, 10, 20), step('neural net', 16, 150, 100)],
    rss: [{ individuals: 100_000, rssMiB: 100 }, { individuals: 300_000, rssMiB: 140 }, { individuals: 3_000_000, rssMiB: 154 }],
    scaling: scaling(1.8),
    ...changes,
  };
}

const byFigure = (f: BenchFigures) => new Map(checkTargets(f).map((c) => [c.figure, c]));

describe('bench targets', () => {
  it('meets each target at its boundary and reports the measure', () => {
    const checks = byFigure(figures());
    expect([...checks.keys()]).toEqual([1, 2, 3, 4, 5]);
    expect(checks.get(1)).toMatchObject({ measured: 2, met: true });
    expect(checks.get(2)).toMatchObject({ measured: 0.5, met: true });
    expect(checks.get(3)).toMatchObject({ measured: 1.5, met: true });
    expect(checks.get(3)!.detail).toContain('neural net, F = 16');
    expect(checks.get(4)).toMatchObject({ measured: 1.1, met: true });
    expect(checks.get(4)!.detail).toBe('140 MiB after 300000, 154 MiB after 3000000');
    expect(checks.get(5)).toMatchObject({ measured: 1.8, met: true });
    for (const check of checks.values()) expect(describeCheck(check)).toMatch(/, met$/);
  });

  it('misses each target just past its boundary', () => {
    const missed = byFigure(figures({
      individualsPerSecond: 1.99 * CPP_DEMO_INDIVIDUALS_PER_SECOND,
      solved: solveAll(0.51 * CPP_DEMO_MEDIAN_SECONDS_TO_SOLVE),
      steps: [step('linear', 4, 10, 20), step('neural net', 32, 151, 100)],
      rss: [{ individuals: 300_000, rssMiB: 140 }, { individuals: 3_000_000, rssMiB: 155 }],
      scaling: scaling(1.79),
    }));
    for (const figure of [1, 2, 3, 4, 5]) expect(missed.get(figure)!.met).toBe(false);
    expect(missed.get(3)!.detail).toContain('neural net, F = 32');
    expect(describeCheck(missed.get(5)!)).toBe('5. 2 workers >= 1.8x one worker: 1.79x (median of 3 rounds), NOT met');
  });

  it('leaves out what the run did not measure', () => {
    // Seeds other than 1-10 are not the C++'s measure.
    expect(byFigure(figures({ solved: solveAll(10).slice(0, 9) })).has(2)).toBe(false);
    expect(byFigure(figures({ solved: solveAll(10).map((t) => ({ ...t, seed: t.seed + 1 })) })).has(2)).toBe(false);
    const checks = byFigure(figures({
      solved: [],
      steps: [],
      rss: [{ individuals: 100_000, rssMiB: 100 }, { individuals: 300_000, rssMiB: 140 }],
      scaling: scaling(2, 0),
    }));
    expect([...checks.keys()]).toEqual([1]);
  });

  it('checks figures 1 and 2 against the original run side by side when it was', () => {
    // Our rate alone would miss (1.5x the fixed figure); the pairs' median ratio decides.
    const sideBySide = (throughputRatios: number[], solveSeconds: number[]) => byFigure(figures({
      individualsPerSecond: 1.5 * CPP_DEMO_INDIVIDUALS_PER_SECOND,
      solved: solveAll(10, 20, 30, 40, 50),
      original: { throughputRatios, solveSeconds },
    }));
    const met = sideBySide([1.9, 2, 2.4], [20, 100, 60, 80, 60, 60, 70, 60, 90, 60]);
    expect(met.get(1)).toMatchObject({ measured: 2, met: true, detail: 'median of 3 pairs of runs back to back' });
    expect(met.get(1)!.target).toContain('the original C++ run side by side');
    // Ours: median 30 s; theirs: median 60 s.
    expect(met.get(2)).toMatchObject({ measured: 0.5, met: true, detail: '30.0 s against 60.0 s over seeds 1-10' });
    const missed = sideBySide([1.99, 1.5, 3], new Array<number>(10).fill(59));
    expect(missed.get(1)).toMatchObject({ measured: 1.99, met: false });
    expect(missed.get(2)!.met).toBe(false);
    // Without the original's time to solve for every seed, figure 2 falls back to the C++'s figure measured once.
    const partial = sideBySide([2], [60]);
    expect(partial.get(2)!.measured).toBeCloseTo(30 / CPP_DEMO_MEDIAN_SECONDS_TO_SOLVE, 12);
    expect(partial.get(2)!.target).toContain(`${CPP_DEMO_MEDIAN_SECONDS_TO_SOLVE} s`);
  });
});
