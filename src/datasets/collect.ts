/**
 * Step 1 of the dataset generator (SPEC §5.4): from the source (the training
 * split), keep the first `perClass` examples of each wanted class, in file
 * order. Only those are kept in memory; the rest of the stream is checked and
 * dropped.
 */
import { UserError } from '../util/errors';
import type { ExampleSource, FeatureRow } from './source';

export interface ClassExamples {
  /** Features per example. */
  readonly dim: number;
  /** Examples kept per class. */
  readonly perClass: number;
  /** class → perClass × dim values, example-major (bytes for byte images, doubles otherwise). */
  readonly data: ReadonlyMap<number, Uint8Array | Float64Array>;
  /** Examples read from the source. */
  readonly total: number;
}

export async function collectClasses(
  source: ExampleSource, classes: readonly number[], perClass: number, onBytes?: (n: number) => void,
): Promise<ClassExamples> {
  const wanted = new Set(classes);
  const data = new Map<number, Uint8Array | Float64Array>();
  const counts = new Map<number, number>();
  const seen = new Map<number, number>();
  let dim = -1;
  const summary = await source.forEach((label: number, row: FeatureRow) => {
    seen.set(label, (seen.get(label) ?? 0) + 1);
    if (!wanted.has(label)) return;
    const n = counts.get(label) ?? 0;
    if (n >= perClass) return;
    if (dim < 0) dim = row.length;
    let store = data.get(label);
    if (store === undefined) {
      store = row instanceof Uint8Array ? new Uint8Array(perClass * dim) : new Float64Array(perClass * dim);
      data.set(label, store);
    }
    store.set(row, n * dim);
    counts.set(label, n + 1);
  }, onBytes);
  const short = classes.filter((c) => (counts.get(c) ?? 0) < perClass);
  if (short.length > 0) {
    const have = short.map((c) => `class ${c}: ${counts.get(c) ?? 0}`).join(', ');
    const labels = [...seen.keys()].sort((a, b) => a - b).join(',');
    throw new UserError(`${source.description}: too few examples (${have}); each class needs ${perClass} = `
      + `(train + valid + test) / 2. Labels present: ${labels || 'none'}`);
  }
  return { dim: summary.dim, perClass, data, total: summary.count };
}
