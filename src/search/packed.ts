/**
 * Algorithms packed into one Float64Array, for moving migrants between
 * threads: a transferred buffer instead of a structured clone of thousands of
 * small objects (which took a tenth of a two-island search's time). Layout:
 * the count, then per algorithm its three lengths and 8 numbers per
 * instruction (op, in1, in2, out, activation, f0, f1, f2), all exact in a double.
 */
import { COMPONENTS, type Algorithm } from '../ir/algorithm';
import { type Instruction, newInstruction } from '../ir/instruction';

const FIELDS = 8;

function packedLength(alg: Algorithm): number {
  return 3 + FIELDS * (alg.setup.length + alg.predict.length + alg.learn.length);
}

export function packAlgorithms(algs: readonly Algorithm[]): Float64Array {
  let length = 1;
  for (const alg of algs) length += packedLength(alg);
  const out = new Float64Array(length);
  out[0] = algs.length;
  let at = 1;
  for (const alg of algs) {
    for (const c of COMPONENTS) out[at++] = alg[c].length;
    for (const c of COMPONENTS) {
      for (const ins of alg[c]) {
        out[at++] = ins.op; out[at++] = ins.in1; out[at++] = ins.in2; out[at++] = ins.out;
        out[at++] = ins.activation; out[at++] = ins.f0; out[at++] = ins.f1; out[at++] = ins.f2;
      }
    }
  }
  return out;
}

/** Where each packed algorithm starts and ends (so they can be regrouped without unpacking). */
export function packedRanges(packed: Float64Array): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let at = 1;
  for (let k = 0; k < packed[0]!; k++) {
    const end = at + 3 + FIELDS * (packed[at]! + packed[at + 1]! + packed[at + 2]!);
    ranges.push([at, end]);
    at = end;
  }
  return ranges;
}

/** Packed algorithms from slices of other packed buffers, in the order given. */
export function repack(slices: ReadonlyArray<readonly [Float64Array, number, number]>): Float64Array {
  let length = 1;
  for (const [, from, to] of slices) length += to - from;
  const out = new Float64Array(length);
  out[0] = slices.length;
  let at = 1;
  for (const [buffer, from, to] of slices) {
    out.set(buffer.subarray(from, to), at);
    at += to - from;
  }
  return out;
}

export function unpackAlgorithms(packed: Float64Array): Algorithm[] {
  const count = packed[0]!;
  const algs: Algorithm[] = new Array(count);
  let at = 1;
  for (let k = 0; k < count; k++) {
    const lengths = [packed[at]!, packed[at + 1]!, packed[at + 2]!];
    at += 3;
    const [setup, predict, learn] = lengths.map((n) => {
      const list: Instruction[] = new Array(n);
      for (let i = 0; i < n; i++, at += FIELDS) {
        list[i] = newInstruction(packed[at]!, packed[at + 1]!, packed[at + 2]!, packed[at + 3]!,
          packed[at + 4]!, packed[at + 5]!, packed[at + 6]!, packed[at + 7]!);
      }
      return list;
    }) as [Instruction[], Instruction[], Instruction[]];
    algs[k] = { setup, predict, learn };
  }
  return algs;
}
