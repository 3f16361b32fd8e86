/**
 * Step 2 of the dataset generator (SPEC §5.4): stratified splits as
 * sklearn's `train_test_split(..., stratify=labels, random_state=seed)`: each
 * class contributes to the second part in proportion to its size (largest
 * remainders get the leftover slots), members are drawn at random within each
 * class, and both parts come out shuffled. First N+V vs T (test), then N
 * (train) vs V (valid), with one generator seeded from the dataset seed.
 */
import { shuffleInPlace } from '../tasks/epochs';
import { UserError } from '../util/errors';
import { hashMix, Rng } from '../util/rng';

export const SPLIT_SALT = 1732584193;

/** How many of each class go to a part of size n (proportional, largest remainders first, ties to the smaller class id). */
export function allocate(classCounts: ReadonlyMap<number, number>, n: number): Map<number, number> {
  let total = 0;
  for (const c of classCounts.values()) total += c;
  if (n > total) throw new Error(`allocate: ${n} > ${total}`);
  const out = new Map<number, number>();
  const rest: Array<{ label: number; frac: number; room: number }> = [];
  let given = 0;
  for (const [label, count] of [...classCounts].sort((a, b) => a[0] - b[0])) {
    const exact = (count * n) / total;
    const k = Math.floor(exact);
    out.set(label, k);
    given += k;
    rest.push({ label, frac: exact - k, room: count - k });
  }
  rest.sort((a, b) => b.frac - a.frac || a.label - b.label);
  for (let i = 0; given < n; i = (i + 1) % rest.length) {
    const r = rest[i]!;
    if (r.room > 0) {
      out.set(r.label, out.get(r.label)! + 1);
      r.room--;
      given++;
    }
  }
  return out;
}

/** Splits `indices` (into `labels`) into a first part and a second part of `nSecond`, stratified by label; both shuffled. */
export function stratifiedSplit(labels: ArrayLike<number>, indices: Int32Array, nSecond: number, rng: Rng): [Int32Array, Int32Array] {
  const byClass = new Map<number, number[]>();
  for (const i of indices) {
    const l = labels[i]!;
    let list = byClass.get(l);
    if (list === undefined) byClass.set(l, (list = []));
    list.push(i);
  }
  const counts = new Map([...byClass].map(([l, list]) => [l, list.length] as [number, number]));
  const take = allocate(counts, nSecond);
  const first: number[] = [];
  const second: number[] = [];
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    const members = Int32Array.from(byClass.get(label)!);
    shuffleInPlace(members, rng);
    const k = take.get(label)!;
    for (let j = 0; j < members.length; j++) (j < k ? second : first).push(members[j]!);
  }
  const a = Int32Array.from(first);
  const b = Int32Array.from(second);
  shuffleInPlace(a, rng);
  shuffleInPlace(b, rng);
  return [a, b];
}

export interface SplitIndices {
  readonly train: Int32Array;
  readonly valid: Int32Array;
  readonly test: Int32Array;
}

/** train / valid / test index lists over labels.length examples (train + valid + test of them). */
export function splitTrainValidTest(labels: ArrayLike<number>, numTrain: number, numValid: number, numTest: number, seed: number): SplitIndices {
  const n = labels.length;
  if (numTrain + numValid + numTest !== n) {
    throw new UserError(`split: train ${numTrain} + valid ${numValid} + test ${numTest} != ${n} examples`);
  }
  const rng = new Rng(hashMix(SPLIT_SALT, seed));
  const all = new Int32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  const [trainValid, test] = stratifiedSplit(labels, all, numTest, rng);
  const [train, valid] = stratifiedSplit(labels, trainValid, numValid, rng);
  return { train, valid, test };
}
