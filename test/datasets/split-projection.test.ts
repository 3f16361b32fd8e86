/** Stratified splits, the Gaussian projection and standardisation (SPEC §5.4 steps 2-4). */
import { describe, expect, it } from 'vitest';
import { makePairDataset } from '../../src/datasets/builder';
import { fitStandardizer, gaussianProjection, project, standardizeRows } from '../../src/datasets/projection';
import { allocate, splitTrainValidTest, stratifiedSplit } from '../../src/datasets/split';
import { Rng } from '../../src/util/rng';

const count = (labels: ArrayLike<number>, rows: Int32Array, label: number) => Array.from(rows).filter((r) => labels[r] === label).length;

describe('stratified split', () => {
  it('allocate: proportional, largest remainders, exact total', () => {
    expect(allocate(new Map([[0, 50], [1, 50]]), 10)).toEqual(new Map([[0, 5], [1, 5]]));
    expect(allocate(new Map([[0, 50], [1, 50]]), 11)).toEqual(new Map([[0, 6], [1, 5]]));
    expect(allocate(new Map([[0, 10], [1, 30]]), 8)).toEqual(new Map([[0, 2], [1, 6]]));
    const a = allocate(new Map([[3, 7], [5, 11], [9, 2]]), 13);
    expect([...a.values()].reduce((x, y) => x + y)).toBe(13);
    expect(allocate(new Map([[0, 3], [1, 3]]), 6)).toEqual(new Map([[0, 3], [1, 3]]));
  });

  it('train/valid/test: sizes, per-class halves, disjoint and complete, shuffled', () => {
    const K = 700;
    const labels = new Float64Array(2 * K);
    labels.fill(1, 0, K);
    const { train, valid, test } = splitTrainValidTest(labels, 1000, 200, 200, 3);
    expect([train.length, valid.length, test.length]).toEqual([1000, 200, 200]);
    expect([count(labels, train, 1), count(labels, valid, 1), count(labels, test, 1)]).toEqual([500, 100, 100]);
    const all = [...train, ...valid, ...test].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 2 * K }, (_, i) => i));
    // Shuffled: the first 100 train examples are not all of one class (the tasks read the first N only).
    const head = train.subarray(0, 100);
    expect(count(labels, head, 1)).toBeGreaterThan(25);
    expect(count(labels, head, 1)).toBeLessThan(75);
  });

  it('is deterministic per seed and differs between seeds', () => {
    const labels = Array.from({ length: 100 }, (_, i) => i % 2);
    const a = splitTrainValidTest(labels, 60, 20, 20, 5);
    const b = splitTrainValidTest(labels, 60, 20, 20, 5);
    const c = splitTrainValidTest(labels, 60, 20, 20, 6);
    expect(a).toEqual(b);
    expect(Array.from(a.train)).not.toEqual(Array.from(c.train));
  });

  it('stratifies unequal classes', () => {
    const labels = [...Array(30).fill(0), ...Array(90).fill(1)];
    const idx = Int32Array.from(labels.keys());
    const [first, second] = stratifiedSplit(labels, idx, 40, new Rng(1));
    expect([count(labels, second, 0), count(labels, second, 1)]).toEqual([10, 30]);
    expect(first.length).toBe(80);
  });
});

describe('projection and standardisation', () => {
  it('the projection matrix depends on the seed only; project = x · R', () => {
    const r = gaussianProjection(5, 3, 42);
    expect(r).toEqual(gaussianProjection(5, 3, 42));
    expect(r).not.toEqual(gaussianProjection(5, 3, 43));
    const x = Uint8Array.from([1, 0, 2, 0, 3, 4, 5, 0, 6, 7]);
    const out = project(x, 2, 5, r, 3);
    for (let i = 0; i < 2; i++) {
      for (let f = 0; f < 3; f++) {
        let s = 0;
        for (let d = 0; d < 5; d++) s += x[i * 5 + d]! * r[d * 3 + f]!;
        expect(out[i * 3 + f]).toBeCloseTo(s, 12);
      }
    }
  });

  it('draws N(0,1) entries', () => {
    const r = gaussianProjection(784, 16, 0);
    const mean = r.reduce((a, b) => a + b) / r.length;
    const variance = r.reduce((a, b) => a + (b - mean) ** 2, 0) / r.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });

  it('standardisation fitted on some rows: those rows get mean 0 and std 1; constant features are only centred', () => {
    const rng = new Rng(3);
    const rows = 50;
    const x = new Float64Array(rows * 3);
    for (let i = 0; i < rows; i++) {
      x[i * 3] = 100 + 20 * rng.gaussian(0, 1);
      x[i * 3 + 1] = -5 + 0.01 * rng.gaussian(0, 1);
      x[i * 3 + 2] = 7;
    }
    const fitRows = Int32Array.from({ length: 30 }, (_, i) => i);
    const s = fitStandardizer(x, 3, fitRows);
    const z = standardizeRows(x, 3, fitRows, s);
    for (let f = 0; f < 2; f++) {
      const col = z.map((v) => v[f]!);
      const m = col.reduce((a, b) => a + b) / col.length;
      const sd = Math.sqrt(col.reduce((a, b) => a + (b - m) ** 2, 0) / col.length);
      expect(Math.abs(m)).toBeLessThan(1e-12);
      expect(sd).toBeCloseTo(1, 12);
    }
    expect(z.every((v) => v[2] === 0)).toBe(true);
  });

  it('a pair dataset: counts, labels, train mean 0 / std 1 per feature, determinism', () => {
    const rng = new Rng(9);
    const K = 150;
    const dim = 4;
    const pos = Float64Array.from({ length: K * dim }, () => 3 + rng.gaussian(0, 2));
    const neg = Float64Array.from({ length: K * dim }, () => -1 + rng.gaussian(0, 5));
    const d = makePairDataset(pos, neg, K, dim, 11, 200, 50, 50);
    expect([d.trainFeatures!.length, d.validFeatures!.length, d.testFeatures!.length]).toEqual([200, 50, 50]);
    const ones = (l: ArrayLike<number>) => Array.from(l).filter((v) => v === 1).length;
    expect([ones(d.trainLabels!), ones(d.validLabels!), ones(d.testLabels!)]).toEqual([100, 25, 25]);
    expect(Array.from(d.trainLabels!).every((v) => v === 0 || v === 1)).toBe(true);
    for (let f = 0; f < dim; f++) {
      const col = d.trainFeatures!.map((v) => v[f]!);
      const m = col.reduce((a, b) => a + b) / col.length;
      const sd = Math.sqrt(col.reduce((a, b) => a + (b - m) ** 2, 0) / col.length);
      expect(Math.abs(m)).toBeLessThan(1e-9);
      expect(sd).toBeCloseTo(1, 9);
    }
    expect(makePairDataset(pos, neg, K, dim, 11, 200, 50, 50)).toEqual(d);
    expect(makePairDataset(pos, neg, K, dim, 12, 200, 50, 50)).not.toEqual(d);
  });
});
