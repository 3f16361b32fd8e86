/** `npm run bench` parts that can be checked quickly: seed lists, medians, a short throughput run with memory points. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoScaling, demoThroughput, demoTimeShares, median } from '../../src/bench/bench';
import { demoRunSpec } from '../../src/cli/commands/demo';
import { parseSeedList } from '../../src/cli/commands/bench';
import { UserError } from '../../src/util/errors';

describe('bench helpers', () => {
  it('parses seed lists and ranges, and rejects the rest as a user error', () => {
    expect(parseSeedList('1-3,8')).toEqual([1, 2, 3, 8]);
    expect(parseSeedList('5')).toEqual([5]);
    expect(parseSeedList(' 2 - 4 ')).toEqual([2, 3, 4]);
    for (const bad of ['3-1', 'x', '1,,2', '-1', '1.5']) expect(() => parseSeedList(bad)).toThrow(UserError);
  });

  it('refuses a throughput run count below 1 before measuring anything (exit code 2)', () => {
    const root = join(import.meta.dirname, '..', '..');
    for (const bad of ['0', 'x']) {
      const r = spawnSync(process.execPath, ['bin/automl-zero.mjs', 'bench', '--throughput-runs', bad], { cwd: root, encoding: 'utf8' });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('--throughput-runs');
      expect(r.stdout).toBe('');
    }
  });

  it('median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('demo throughput', () => {
  it('takes the rate at the requested count and goes on for the memory points', () => {
    const r = demoThroughput(demoRunSpec(), 3000, 1, 'auto', 1, 5000);
    expect(r.individuals).toBe(3000);
    expect(r.individualsPerSecond).toBeGreaterThan(0);
    expect(r.fecHitRate).toBeGreaterThan(0);
    expect(r.inheritedKeyRate).toBeGreaterThan(0);
    expect(r.inheritedKeyRate).toBeLessThan(1);
    expect(r.rss.at(-1)!.individuals).toBe(5000);
    expect(r.rss.at(-1)!.rssMiB).toBeGreaterThan(0);
  });

  it("times each tenth of the run, and the whole run's rate lies within theirs", () => {
    const r = demoThroughput(demoRunSpec(), 12_000, 1, 'auto', 1);
    // 11 generations of 1,000 after the initial population: ten parts (the first of two generations).
    expect(r.tenths).toHaveLength(10);
    expect(Math.min(...r.tenths)).toBeLessThanOrEqual(r.individualsPerSecond * (1 + 1e-9));
    expect(Math.max(...r.tenths)).toBeGreaterThanOrEqual(r.individualsPerSecond * (1 - 1e-9));
  });
});

describe('demo time shares', () => {
  it('splits a run into parts that are all there and add up to the whole', () => {
    const shares = demoTimeShares(demoRunSpec(), 3000, 1, 'auto');
    expect(shares.individuals).toBe(3000);
    for (const part of [shares.execute, shares.canonical, shares.mutate, shares.other]) expect(part).toBeGreaterThan(0);
    expect(shares.compile).toBeGreaterThanOrEqual(0);
    expect(shares.execute + shares.canonical + shares.compile + shares.mutate + shares.other).toBeCloseTo(1, 9);
  });
});

describe('demo scaling', () => {
  it('runs 1 worker, N, and N copies of the 1-worker search per round, and takes the median ratios', () => {
    const scaling = demoScaling(demoRunSpec(), 2000, 1, 'auto', 2, 3);
    expect(scaling.rounds).toHaveLength(3);
    for (const r of scaling.rounds) {
      expect(r.oneWorker).toBeGreaterThan(0);
      expect(r.workers).toBeGreaterThan(0);
      expect(r.copies).toBeGreaterThan(0);
      expect(r.ratio).toBeCloseTo(r.workers / r.oneWorker, 12);
      expect(r.copiesRatio).toBeCloseTo(r.copies / r.oneWorker, 12);
      expect(r.ofCopies).toBeCloseTo(r.workers / r.copies, 12);
    }
    expect(scaling.medianRatio).toBe(median(scaling.rounds.map((r) => r.ratio)));
    expect(scaling.medianCopiesRatio).toBe(median(scaling.rounds.map((r) => r.copiesRatio)));
    expect(scaling.medianOfCopies).toBe(median(scaling.rounds.map((r) => r.ofCopies)));
  }, 90_000);
});
