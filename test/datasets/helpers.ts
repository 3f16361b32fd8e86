import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { encodeIdx } from '../../src/datasets/idx';
import { Rng } from '../../src/util/rng';

export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `automl-zero-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface SyntheticImages {
  readonly labels: number[];
  /** count × rows × cols bytes. */
  readonly pixels: Uint8Array;
  readonly rows: number;
  readonly cols: number;
}

/**
 * `perClass` images of each class in `classes`, interleaved (c0, c1, c2, c0, ...):
 * class c lights up pixels k with k % 10 == c, plus noise, so classes are
 * linearly separable.
 */
export function syntheticImages(classes: readonly number[], perClass: number, rows = 6, cols = 6, seed = 7): SyntheticImages {
  const rng = new Rng(seed);
  const dim = rows * cols;
  const labels: number[] = [];
  const pixels = new Uint8Array(classes.length * perClass * dim);
  let n = 0;
  for (let k = 0; k < perClass; k++) {
    for (const c of classes) {
      labels.push(c);
      for (let p = 0; p < dim; p++) {
        pixels[n * dim + p] = (p % 10 === c ? 150 : 0) + rng.uniformInt(0, 100);
      }
      n++;
    }
  }
  return { labels, pixels, rows, cols };
}

/** Writes IDX images + labels files (gzipped or not) and returns their paths. */
export function writeIdxPair(dir: string, data: SyntheticImages, gz: boolean, prefix = 'train'): { images: string; labels: string } {
  const ext = gz ? '.gz' : '';
  const images = join(dir, `${prefix}-images-idx3-ubyte${ext}`);
  const labels = join(dir, `${prefix}-labels-idx1-ubyte${ext}`);
  const img = encodeIdx([data.labels.length, data.rows, data.cols], data.pixels);
  const lab = encodeIdx([data.labels.length], data.labels);
  writeFileSync(images, gz ? gzipSync(img) : img);
  writeFileSync(labels, gz ? gzipSync(lab) : lab);
  return { images, labels };
}

/** Collects a source's examples as plain arrays. */
export async function readAll(source: { forEach: (v: (l: number, f: ArrayLike<number>) => void) => Promise<{ count: number; dim: number }> }) {
  const labels: number[] = [];
  const rows: number[][] = [];
  const summary = await source.forEach((l, f) => { labels.push(l); rows.push(Array.from(f)); });
  return { labels, rows, summary };
}
