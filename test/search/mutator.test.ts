/**
 * Mutator (SPEC §7.3, §7.4), Randomizer (§2.4, §2.5) and Generator (§7.1).
 */
import { describe, expect, it } from 'vitest';
import type { MutationType } from '../../src/config/types';
import type { Algorithm, ComponentName } from '../../src/ir/algorithm';
import { linearModel, neuralNet } from '../../src/ir/hand-designed';
import { type Instruction, NO_OP_INSTRUCTION, instructionsEqual, instructionsIdentical } from '../../src/ir/instruction';
import { FIRST_OUT, type MemorySizes } from '../../src/ir/memory';
import { OPS } from '../../src/ir/ops';
import { validateAlgorithm } from '../../src/ir/validate';
import { Generator, padAlgorithm } from '../../src/search/generator';
import { type ComponentLimits, Mutator, type MutatorOptions } from '../../src/search/mutator';
import { Randomizer, SIGN_FLIP_PROB } from '../../src/search/randomizer';
import { Rng } from '../../src/util/rng';
import { ALL_OPS, DEMO_OPS, DEMO_SIZES, I, NN_SIZES, opId } from '../eval/helpers';

const COMPONENTS: readonly ComponentName[] = ['setup', 'predict', 'learn'];
const SIZES: MemorySizes = { scalars: 6, vectors: 5, matrices: 3 };

function mutator(
  types: MutationType[], over: Partial<Record<ComponentName, Partial<ComponentLimits>>> = {}, mutateProb = 1, seed = 1, sizes = SIZES,
): Mutator {
  const limits = (c: ComponentName): ComponentLimits => ({ ops: DEMO_OPS, minSize: 0, maxSize: 0, ...over[c] });
  const options: MutatorOptions = { mutationTypes: types, mutateProb, setup: limits('setup'), predict: limits('predict'), learn: limits('learn') };
  const rng = new Rng(seed);
  return new Mutator(options, new Randomizer(sizes, rng), rng);
}

function randomAlg(m: Mutator, sizes: { setup: number; predict: number; learn: number }): Algorithm {
  return {
    setup: Array.from({ length: sizes.setup }, () => m.randomInstruction('setup')),
    predict: Array.from({ length: sizes.predict }, () => m.randomInstruction('predict')),
    learn: Array.from({ length: sizes.learn }, () => m.randomInstruction('learn')),
  };
}

const lengths = (a: Algorithm) => COMPONENTS.map((c) => a[c].length);
const diffCount = (a: readonly Instruction[], b: readonly Instruction[]) => a.filter((x, i) => !instructionsEqual(x, b[i]!)).length;

function deepFreeze(a: Algorithm): Algorithm {
  for (const c of COMPONENTS) {
    for (const ins of a[c]) Object.freeze(ins);
    Object.freeze(a[c]);
  }
  return Object.freeze(a);
}

describe('Mutator: mutation types', () => {
  it('INSERT: blocked at size ≥ max − 1, so the largest reachable size is max − 1', () => {
    const m = mutator(['INSERT_INSTRUCTION_MUTATION_TYPE'], { setup: { maxSize: 5 }, predict: { maxSize: 5 }, learn: { maxSize: 5 } });
    let a = randomAlg(m, { setup: 2, predict: 4, learn: 5 });
    for (let i = 0; i < 200; i++) a = m.mutate(a, 1);
    expect(lengths(a)).toEqual([4, 4, 5]); // learn started above the limit and never grows
  });

  it('INSERT: an unset max (0) never blocks; insertion ignores min; the new instruction goes anywhere', () => {
    const m = mutator(['INSERT_INSTRUCTION_MUTATION_TYPE'], { predict: { minSize: 50 } });
    let a = randomAlg(m, { setup: 1, predict: 1, learn: 1 });
    const first = a.predict[0]!;
    const positions = new Set<number>();
    for (let i = 0; i < 300; i++) {
      const before = a;
      a = m.mutate(a, 1);
      expect(lengths(a).reduce((s, x) => s + x, 0)).toBe(lengths(before).reduce((s, x) => s + x, 0) + 1);
      positions.add(a.predict.indexOf(first));
    }
    expect(lengths(a).reduce((s, x) => s + x, 0)).toBe(303);
    expect(Math.min(...lengths(a))).toBeGreaterThan(60);
    expect(positions.size).toBeGreaterThan(5); // the original instruction is pushed around by insertions before it
  });

  it('REMOVE: blocked at size ≤ min; an unset min lets a function become empty; removal ignores max', () => {
    const m = mutator(['REMOVE_INSTRUCTION_MUTATION_TYPE'], { setup: { minSize: 3 }, predict: { minSize: 0 }, learn: { minSize: 2, maxSize: 3 } });
    let a = randomAlg(m, { setup: 8, predict: 4, learn: 9 });
    for (let i = 0; i < 200; i++) a = m.mutate(a, 1);
    expect(lengths(a)).toEqual([3, 0, 2]);
    const b = randomAlg(m, { setup: 2, predict: 0, learn: 1 });
    expect(m.mutate(b, 1)).toEqual(b);
  });

  it('REMOVE keeps the order of the remaining instructions', () => {
    const m = mutator(['REMOVE_INSTRUCTION_MUTATION_TYPE'], { setup: { ops: [] }, learn: { ops: [] } });
    const a = randomAlg(m, { setup: 0, predict: 10, learn: 0 });
    const b = m.mutate(a, 1);
    expect(b.predict).toHaveLength(9);
    const removedAt = b.predict.findIndex((x, i) => x !== a.predict[i]);
    const at = removedAt < 0 ? 9 : removedAt;
    expect(b.predict).toEqual([...a.predict.slice(0, at), ...a.predict.slice(at + 1)]);
  });

  it('TRADE keeps the size and ignores the limits', () => {
    const m = mutator(['TRADE_INSTRUCTION_MUTATION_TYPE'], { setup: { minSize: 4, maxSize: 5 }, predict: { minSize: 3, maxSize: 3 }, learn: { maxSize: 2 } });
    let a = randomAlg(m, { setup: 4, predict: 3, learn: 6 });
    let changed = 0;
    for (let i = 0; i < 200; i++) {
      const b = m.mutate(a, 1);
      expect(lengths(b)).toEqual([4, 3, 6]);
      if (COMPONENTS.some((c) => diffCount(a[c], b[c]) > 0)) changed++;
      a = b;
    }
    expect(changed).toBeGreaterThan(100);
    // On an empty function: insert then remove, still empty.
    const e = m.mutate({ setup: [], predict: [], learn: [] }, 1);
    expect(lengths(e)).toEqual([0, 0, 0]);
  });

  it('RANDOMIZE_COMPONENT_FUNCTION keeps sizes and re-draws every instruction of one component', () => {
    const m = mutator(['RANDOMIZE_COMPONENT_FUNCTION_MUTATION_TYPE'], { setup: { ops: [opId('SCALAR_CONST_SET_OP')] } });
    // A marker algorithm: every instruction is a NO_OP, so re-drawn ones are recognisable.
    const a: Algorithm = { setup: Array(5).fill(NO_OP_INSTRUCTION), predict: Array(3).fill(NO_OP_INSTRUCTION), learn: Array(7).fill(NO_OP_INSTRUCTION) };
    const hits = { setup: 0, predict: 0, learn: 0 };
    for (let i = 0; i < 300; i++) {
      const b = m.mutate(a, 1);
      expect(lengths(b)).toEqual([5, 3, 7]);
      const touched = COMPONENTS.filter((c) => b[c].some((x) => x.op !== 0));
      expect(touched).toHaveLength(1);
      const c = touched[0]!;
      hits[c]++;
      expect(b[c].every((x) => x.op !== 0)).toBe(true);
      const allowed = c === 'setup' ? [opId('SCALAR_CONST_SET_OP')] : DEMO_OPS;
      expect(b[c].every((x) => allowed.includes(x.op))).toBe(true);
    }
    for (const c of COMPONENTS) expect(hits[c]).toBeGreaterThan(70); // uniform among the three
  });

  it('RANDOMIZE_INSTRUCTION replaces at most one instruction, by one from the component list', () => {
    const m = mutator(['RANDOMIZE_INSTRUCTION_MUTATION_TYPE']);
    const a: Algorithm = { setup: Array(4).fill(NO_OP_INSTRUCTION), predict: Array(4).fill(NO_OP_INSTRUCTION), learn: Array(4).fill(NO_OP_INSTRUCTION) };
    const where = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const b = m.mutate(a, 1);
      const changed = COMPONENTS.flatMap((c) => b[c].map((x, k) => [c, k, x] as const).filter(([, , x]) => x.op !== 0));
      expect(changed).toHaveLength(1);
      const [c, k, x] = changed[0]!;
      expect(DEMO_OPS).toContain(x.op);
      where.add(`${c}${k}`);
    }
    expect(where.size).toBe(12);
  });

  it('ALTER_PARAM changes at most one instruction and keeps its op', () => {
    const m = mutator(['ALTER_PARAM_MUTATION_TYPE']);
    let a = randomAlg(m, { setup: 5, predict: 3, learn: 5 });
    let changed = 0;
    for (let i = 0; i < 300; i++) {
      const b = m.mutate(a, 1);
      const d = COMPONENTS.reduce((s, c) => s + diffCount(a[c], b[c]), 0);
      expect(d).toBeLessThanOrEqual(1);
      for (const c of COMPONENTS) expect(b[c].map((x) => x.op)).toEqual(a[c].map((x) => x.op));
      if (d === 1) changed++;
      a = b;
    }
    expect(changed).toBeGreaterThan(150);
  });

  it('IDENTITY leaves the algorithm unchanged', () => {
    const m = mutator(['IDENTITY_MUTATION_TYPE']);
    const a = randomAlg(m, { setup: 3, predict: 3, learn: 3 });
    for (let i = 0; i < 20; i++) expect(m.mutate(a, 1)).toEqual(a);
  });

  it('RANDOMIZE_ALGORITHM re-draws every component with a non-empty op list, keeping sizes', () => {
    const m = mutator(['RANDOMIZE_ALGORITHM_MUTATION_TYPE'], { predict: { ops: [] } });
    const a: Algorithm = { setup: Array(3).fill(NO_OP_INSTRUCTION), predict: Array(2).fill(NO_OP_INSTRUCTION), learn: Array(4).fill(NO_OP_INSTRUCTION) };
    const b = m.mutate(a, 1);
    expect(lengths(b)).toEqual([3, 2, 4]);
    expect(b.setup.every((x) => DEMO_OPS.includes(x.op))).toBe(true);
    expect(b.learn.every((x) => DEMO_OPS.includes(x.op))).toBe(true);
    expect(b.predict).toEqual(a.predict);
  });

  it('only components with non-empty op lists are ever touched, by any mutation type', () => {
    const all: MutationType[] = ['ALTER_PARAM_MUTATION_TYPE', 'RANDOMIZE_INSTRUCTION_MUTATION_TYPE', 'RANDOMIZE_COMPONENT_FUNCTION_MUTATION_TYPE',
      'IDENTITY_MUTATION_TYPE', 'INSERT_INSTRUCTION_MUTATION_TYPE', 'REMOVE_INSTRUCTION_MUTATION_TYPE', 'TRADE_INSTRUCTION_MUTATION_TYPE',
      'RANDOMIZE_ALGORITHM_MUTATION_TYPE'];
    const m = mutator(all, { setup: { ops: [] }, learn: { ops: [] }, predict: { minSize: 1, maxSize: 8 } });
    const lm = linearModel(0.01);
    let a: Algorithm = lm;
    for (let i = 0; i < 500; i++) {
      a = m.mutate(a, 1);
      expect(a.setup).toEqual(lm.setup);
      expect(a.learn).toEqual(lm.learn);
      expect(a.predict.length).toBeGreaterThanOrEqual(1);
      expect(a.predict.length).toBeLessThanOrEqual(7);
    }
    expect(() => mutator(['IDENTITY_MUTATION_TYPE'], { setup: { ops: [] }, predict: { ops: [] }, learn: { ops: [] } }).mutate(lm, 1)).not.toThrow();
    expect(() => mutator(['ALTER_PARAM_MUTATION_TYPE'], { setup: { ops: [] }, predict: { ops: [] }, learn: { ops: [] } }).mutate(lm, 1)).toThrow();
    expect(() => mutator([])).toThrow();
  });

  it('never modifies the parent', () => {
    const all: MutationType[] = ['ALTER_PARAM_MUTATION_TYPE', 'RANDOMIZE_INSTRUCTION_MUTATION_TYPE', 'RANDOMIZE_COMPONENT_FUNCTION_MUTATION_TYPE',
      'INSERT_INSTRUCTION_MUTATION_TYPE', 'REMOVE_INSTRUCTION_MUTATION_TYPE', 'TRADE_INSTRUCTION_MUTATION_TYPE', 'RANDOMIZE_ALGORITHM_MUTATION_TYPE'];
    const m = mutator(all);
    const parent = deepFreeze(randomAlg(m, { setup: 4, predict: 4, learn: 4 }));
    const copy = JSON.parse(JSON.stringify(parent));
    for (let i = 0; i < 200; i++) m.mutate(parent, 3);
    expect(parent).toEqual(copy);
  });
});

describe('Mutator: the edit it reports', () => {
  it('replays into the child: one instruction replaced, inserted or removed; the same code; or another change', () => {
    const all: MutationType[] = ['ALTER_PARAM_MUTATION_TYPE', 'RANDOMIZE_INSTRUCTION_MUTATION_TYPE', 'INSERT_INSTRUCTION_MUTATION_TYPE',
      'REMOVE_INSTRUCTION_MUTATION_TYPE', 'TRADE_INSTRUCTION_MUTATION_TYPE', 'RANDOMIZE_COMPONENT_FUNCTION_MUTATION_TYPE',
      'IDENTITY_MUTATION_TYPE', 'RANDOMIZE_ALGORITHM_MUTATION_TYPE'];
    const m = mutator(all, { setup: { minSize: 1, maxSize: 4 } }, 0.8);
    const seen = new Set<string>();
    for (let k = 0; k < 2000; k++) {
      const parent = randomAlg(m, { setup: k % 4, predict: 2, learn: 3 });
      const child = m.mutate(parent, k % 10 === 0 ? 2 : 1);
      const { kind, component, index, removed, added } = m.edit;
      seen.add(kind);
      if (kind === 'other') continue;
      const replayed = { setup: parent.setup.slice(), predict: parent.predict.slice(), learn: parent.learn.slice() };
      const list = replayed[component];
      if (kind === 'replace') {
        expect(removed).toBe(list[index]);
        list[index] = added!;
      } else if (kind === 'insert') {
        list.splice(index, 0, added!);
      } else if (kind === 'remove') {
        expect(removed).toBe(list[index]);
        list.splice(index, 1);
      }
      for (const c of COMPONENTS) expect(child[c]).toEqual(replayed[c]);
    }
    expect([...seen].sort()).toEqual(['insert', 'other', 'remove', 'replace', 'same']);
  });
});

describe('Mutator: a parameter drawn again as it was', () => {
  it('is reported as the same code, not as a replacement', () => {
    const m = mutator(['ALTER_PARAM_MUTATION_TYPE'], {}, 1, 1, DEMO_SIZES);
    let unchanged = 0;
    for (let k = 0; k < 1000; k++) {
      const parent = randomAlg(m, { setup: 2, predict: 2, learn: 2 });
      const child = m.mutate(parent);
      const sameCode = COMPONENTS.every((c) => child[c].length === parent[c].length
        && child[c].every((ins, i) => instructionsIdentical(ins, parent[c][i]!)));
      // Every other alteration is a replacement by a different instruction.
      expect(m.edit.kind).toBe(sameCode ? 'same' : 'replace');
      if (sameCode) unchanged++;
    }
    // The demo's sizes: one matrix address, three vectors, four scalars to draw from again.
    expect(unchanged).toBeGreaterThan(100);
  });
});

describe('Mutator: probability and draws', () => {
  it('mutate_prob 0 leaves the parent unchanged (and still draws once)', () => {
    const m = mutator(['RANDOMIZE_ALGORITHM_MUTATION_TYPE'], {}, 0, 7);
    const a = randomAlg(m, { setup: 3, predict: 3, learn: 3 });
    const probe = m.rng.clone();
    expect(m.mutate(a, 1)).toEqual(a);
    probe.uniformProbability();
    expect(m.rng.nextUint32()).toBe(probe.nextUint32());
  });

  it('mutate(·, 0) changes nothing; it draws once only when mutate_prob < 1', () => {
    for (const prob of [0.5, 1]) {
      const m = mutator(['RANDOMIZE_ALGORITHM_MUTATION_TYPE'], {}, prob, 9);
      const a = randomAlg(m, { setup: 3, predict: 3, learn: 3 });
      const probe = m.rng.clone();
      expect(m.mutate(a, 0)).toEqual(a);
      if (prob < 1) probe.uniformProbability();
      expect(m.rng.nextUint32()).toBe(probe.nextUint32());
    }
  });

  it('mutate_prob 0.5 mutates about half the time; 1 always', () => {
    const half = mutator(['RANDOMIZE_ALGORITHM_MUTATION_TYPE'], {}, 0.5, 3);
    const a = randomAlg(half, { setup: 3, predict: 3, learn: 3 });
    let changed = 0;
    for (let i = 0; i < 2000; i++) {
      const b = half.mutate(a, 1);
      if (COMPONENTS.some((c) => diffCount(a[c], b[c]) > 0)) changed++;
    }
    expect(changed).toBeGreaterThan(900);
    expect(changed).toBeLessThan(1100);
    const always = mutator(['RANDOMIZE_ALGORITHM_MUTATION_TYPE'], {}, 1, 3);
    for (let i = 0; i < 100; i++) expect(always.mutate(a, 1)).not.toEqual(a);
  });

  it('ops are drawn uniformly from the list (duplicates weight the draw); actions likewise', () => {
    const s = opId('SCALAR_SUM_OP');
    const d = opId('SCALAR_DIFF_OP');
    const m = mutator(['RANDOMIZE_INSTRUCTION_MUTATION_TYPE'], { setup: { ops: [s, s, s, d] } });
    let sums = 0;
    for (let i = 0; i < 4000; i++) if (m.randomInstruction('setup').op === s) sums++;
    expect(sums / 4000).toBeGreaterThan(0.72);
    expect(sums / 4000).toBeLessThan(0.78);
    // Actions: IDENTITY listed 3×, INSERT once (unlimited): about a quarter of mutations insert.
    const m2 = mutator(['IDENTITY_MUTATION_TYPE', 'IDENTITY_MUTATION_TYPE', 'IDENTITY_MUTATION_TYPE', 'INSERT_INSTRUCTION_MUTATION_TYPE']);
    let a = randomAlg(m2, { setup: 0, predict: 0, learn: 0 });
    for (let i = 0; i < 4000; i++) a = m2.mutate(a, 1);
    const inserted = lengths(a).reduce((x, y) => x + y, 0);
    expect(inserted).toBeGreaterThan(900);
    expect(inserted).toBeLessThan(1100);
  });

  it('k mutations apply k actions', () => {
    const m = mutator(['INSERT_INSTRUCTION_MUTATION_TYPE']);
    const a = randomAlg(m, { setup: 1, predict: 1, learn: 1 });
    expect(lengths(m.mutate(a, 5)).reduce((x, y) => x + y, 0)).toBe(8);
  });
});

describe('Randomizer: random instructions (SPEC §2.4)', () => {
  const sizes: MemorySizes = { scalars: 5, vectors: 4, matrices: 3 };
  const rng = new Rng(2024);
  const r = new Randomizer(sizes, rng);
  const count = (k: 's' | 'v' | 'm') => (k === 's' ? sizes.scalars : k === 'v' ? sizes.vectors : sizes.matrices);
  const f32 = (x: number) => Object.is(Math.fround(x), x);

  it('respects first-out addresses and address ranges, for every op; every address is reachable', () => {
    const bad: string[] = [];
    for (const op of OPS) {
      const seen = { in1: new Set<number>(), in2: new Set<number>(), out: new Set<number>() };
      for (let i = 0; i < 300; i++) {
        const ins = r.instruction(op.id);
        if (ins.op !== op.id) bad.push(`${op.name}: op ${ins.op}`);
        for (const field of ['in1', 'in2', 'out'] as const) {
          const kind = op[field];
          if (!kind) {
            if (ins[field] !== 0) bad.push(`${op.name}: unused ${field} = ${ins[field]}`);
            continue;
          }
          const lo = field === 'out' ? FIRST_OUT[kind] : 0;
          if (!(Number.isInteger(ins[field]) && ins[field] >= lo && ins[field] < count(kind))) bad.push(`${op.name}: ${field} = ${ins[field]}`);
          seen[field].add(ins[field]);
        }
        // never writes the label s0 or the features v0
        if ((op.out === 's' || op.out === 'v') && ins.out === 0) bad.push(`${op.name}: writes ${op.out}0`);
      }
      for (const field of ['in1', 'in2', 'out'] as const) {
        const kind = op[field];
        if (kind && seen[field].size !== count(kind) - (field === 'out' ? FIRST_OUT[kind] : 0)) bad.push(`${op.name}: ${field} covers ${[...seen[field]]}`);
      }
    }
    expect(bad).toEqual([]);
    expect(FIRST_OUT).toEqual({ s: 1, v: 1, m: 0 });
  });

  it('draws constants in the SPEC ranges (float32 fields), and only for data ops', () => {
    let unsorted = 0;
    const bad: string[] = [];
    const check = (ok: boolean, what: string, ins: Instruction) => { if (!ok) bad.push(`${what}: ${JSON.stringify(ins)}`); };
    for (const op of OPS) {
      for (let i = 0; i < 300; i++) {
        const ins = r.instruction(op.id);
        check(f32(ins.f0) && f32(ins.f1) && f32(ins.f2), 'float32', ins);
        switch (op.data) {
          case 'none':
            check(ins.activation === 0 && ins.f0 === 0 && ins.f1 === 0 && ins.f2 === 0, 'no data', ins);
            break;
          case 'scalarConst':
            check(ins.activation > -1 && ins.activation < 1 && ins.f0 === 0 && ins.f1 === 0 && ins.f2 === 0, 'c in (-1, 1)', ins);
            break;
          case 'vectorConst':
            check(ins.f0 >= 0 && ins.f0 < 1 && ins.f1 >= -1 && ins.f1 < 1 && ins.activation === 0 && ins.f2 === 0, 'vector const', ins);
            break;
          case 'matrixConst':
            check(ins.f0 >= 0 && ins.f0 < 1 && ins.f1 >= 0 && ins.f1 < 1 && ins.f2 >= -1 && ins.f2 < 1 && ins.activation === 0, 'matrix const', ins);
            break;
          case 'gaussian':
            check(ins.f0 >= -1 && ins.f0 < 1 && ins.f1 >= 0 && ins.f1 < 1 && ins.activation === 0 && ins.f2 === 0, 'gaussian', ins);
            break;
          case 'uniform':
            check(ins.f0 >= -1 && ins.f0 < 1 && ins.f1 >= -1 && ins.f1 < 1 && ins.activation === 0 && ins.f2 === 0, 'uniform', ins);
            if (ins.f0 > ins.f1) unsorted++;
            break;
        }
        if (op.cls === 'D') check(ins.in1 === 0 && ins.in2 === 0, 'data op inputs', ins);
      }
    }
    expect(bad).toEqual([]);
    // Uniform-set bounds are independent draws, not sorted: about half are inverted (3 ops × 300).
    expect(unsorted).toBeGreaterThan(350);
    expect(unsorted).toBeLessThan(550);
  });

  it('random programs validate against the memory sizes', () => {
    const m = mutator(['IDENTITY_MUTATION_TYPE'], { setup: { ops: ALL_OPS }, predict: { ops: ALL_OPS }, learn: { ops: ALL_OPS } }, 1, 5, sizes);
    for (let i = 0; i < 50; i++) expect(() => validateAlgorithm(randomAlg(m, { setup: 10, predict: 10, learn: 10 }), sizes)).not.toThrow();
  });
});

describe('Randomizer: AlterParam (SPEC §2.5)', () => {
  const sizes: MemorySizes = { scalars: 8, vectors: 8, matrices: 8 };

  it('Z: no change; U: in1 or out re-drawn (about half each); B: one of in1/in2/out', () => {
    const r = new Randomizer(sizes, new Rng(8));
    expect(r.alterParam(NO_OP_INSTRUCTION)).toEqual(NO_OP_INSTRUCTION);
    const u = I('SCALAR_ABS_OP', { in1: 3, out: 3 });
    const changedU = { in1: 0, out: 0 };
    for (let i = 0; i < 2000; i++) {
      const x = r.alterParam(u);
      expect(x.op).toBe(u.op);
      expect(x.in1 !== u.in1 && x.out !== u.out).toBe(false);
      if (x.in1 !== u.in1) changedU.in1++;
      if (x.out !== u.out) changedU.out++;
      expect([x.in2, x.activation, x.f0, x.f1, x.f2]).toEqual([0, 0, 0, 0, 0]);
    }
    // Re-drawing gives the same value 1/8 (in1) or 1/7 (out) of the time.
    expect(changedU.in1 / 2000).toBeCloseTo(0.5 * 7 / 8, 1);
    expect(changedU.out / 2000).toBeCloseTo(0.5 * 6 / 7, 1);
    const b = I('VECTOR_SUM_OP', { in1: 2, in2: 2, out: 2 });
    const changedB = { in1: 0, in2: 0, out: 0 };
    for (let i = 0; i < 3000; i++) {
      const x = r.alterParam(b);
      const which = (['in1', 'in2', 'out'] as const).filter((f) => x[f] !== b[f]);
      expect(which.length).toBeLessThanOrEqual(1);
      for (const f of which) changedB[f]++;
      expect(x.out).not.toBe(0);
    }
    for (const f of ['in1', 'in2', 'out'] as const) expect(changedB[f] / 3000).toBeGreaterThan(0.25);
  });

  it('D: either the out address or the data changes, never both', () => {
    const r = new Randomizer(sizes, new Rng(9));
    const c = I('SCALAR_CONST_SET_OP', { out: 4, activation: 0.5 });
    let out = 0;
    let data = 0;
    for (let i = 0; i < 2000; i++) {
      const x = r.alterParam(c);
      const o = x.out !== c.out;
      const d = x.activation !== c.activation;
      expect(o && d).toBe(false);
      if (o) out++;
      if (d) data++;
    }
    expect(out / 2000).toBeCloseTo(0.5 * 6 / 7, 1);
    expect(data / 2000).toBeCloseTo(0.5, 1);
  });

  it('uniform-set bounds are sorted after AlterData', () => {
    const r = new Randomizer(sizes, new Rng(10));
    for (const name of ['SCALAR_UNIFORM_SET_OP', 'VECTOR_UNIFORM_SET_OP', 'MATRIX_UNIFORM_SET_OP']) {
      let altered = 0;
      for (let i = 0; i < 500; i++) {
        const ins = r.instruction(opId(name));
        const x = r.alterParam(ins);
        if (x.f0 !== ins.f0 || x.f1 !== ins.f1) {
          altered++;
          expect(x.out).toBe(ins.out);
          expect(x.f0).toBeLessThanOrEqual(x.f1);
          expect(Object.is(Math.fround(x.f0), x.f0) && Object.is(Math.fround(x.f1), x.f1)).toBe(true);
          // One bound kept (as the min or the max), the other log-scaled or flipped.
          expect([ins.f0, ins.f1].some((v) => v === x.f0 || v === x.f1)).toBe(true);
        }
      }
      expect(altered).toBeGreaterThan(200);
    }
  });

  it('index fractions stay in [0, 1); gaussian sd stays non-negative; values stay float32', () => {
    const r = new Randomizer(sizes, new Rng(11));
    let v = r.instruction(opId('VECTOR_CONST_SET_OP'));
    let m = r.instruction(opId('MATRIX_CONST_SET_OP'));
    let g = r.instruction(opId('MATRIX_GAUSSIAN_SET_OP'));
    for (let i = 0; i < 2000; i++) {
      v = r.alterParam(v);
      m = r.alterParam(m);
      g = r.alterParam(g);
      expect(v.f0 >= 0 && v.f0 < 1 && m.f0 >= 0 && m.f0 < 1 && m.f1 >= 0 && m.f1 < 1).toBe(true);
      expect(g.f1 >= 0).toBe(true);
      for (const x of [v, m, g]) for (const f of ['f0', 'f1', 'f2'] as const) expect(Object.is(Math.fround(x[f]), x[f])).toBe(true);
    }
  });

  it('LogScale keeps the sign and multiplies |x| by a log-normal factor; zero stays zero', () => {
    const r = new Randomizer(sizes, new Rng(12));
    const logs: number[] = [];
    for (let i = 0; i < 4000; i++) {
      const x = r.logScale(0.3);
      expect(x).toBeGreaterThan(0);
      logs.push(Math.log(x / 0.3));
      expect(r.logScale(-2)).toBeLessThan(0);
    }
    const mean = logs.reduce((s, x) => s + x, 0) / logs.length;
    const sd = Math.sqrt(logs.reduce((s, x) => s + (x - mean) ** 2, 0) / logs.length);
    expect(Math.abs(mean)).toBeLessThan(0.06);
    expect(sd).toBeGreaterThan(0.94);
    expect(sd).toBeLessThan(1.06);
    expect(Math.abs(r.logScale(0))).toBe(0);
    expect(Math.abs(r.logScale(-0))).toBe(0);
  });

  it('LogScaleOrFlip flips the sign about 10% of the time', () => {
    const r = new Randomizer(sizes, new Rng(13));
    let flips = 0;
    for (let i = 0; i < 5000; i++) {
      const x = r.logScaleOrFlip(0.5);
      if (x === -0.5) flips++;
      else expect(x).toBeGreaterThan(0);
    }
    expect(SIGN_FLIP_PROB).toBe(0.1);
    expect(flips / 5000).toBeGreaterThan(0.085);
    expect(flips / 5000).toBeLessThan(0.115);
  });

  it('a zero constant stays zero under repeated alteration (only its sign may flip)', () => {
    const r = new Randomizer(sizes, new Rng(14));
    let c = I('SCALAR_CONST_SET_OP', { out: 2, activation: 0 });
    let v = I('VECTOR_CONST_SET_OP', { out: 2, f0: 0.5, f1: 0 });
    let g = I('VECTOR_GAUSSIAN_SET_OP', { out: 2, f0: 0, f1: 0 });
    for (let i = 0; i < 1000; i++) {
      c = r.alterParam(c);
      v = r.alterParam(v);
      g = r.alterParam(g);
      // (signed zero: LogScale(+0) is −0, as in the original)
      expect(Math.abs(c.activation)).toBe(0);
      expect(Math.abs(v.f1)).toBe(0);
      expect(Math.abs(g.f0)).toBe(0);
      expect(Math.abs(g.f1)).toBe(0);
    }
  });

  it('a non-zero constant changes under alteration and keeps its sign unless flipped', () => {
    const r = new Randomizer(sizes, new Rng(15));
    const c = I('SCALAR_CONST_SET_OP', { out: 2, activation: 0.25 });
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) {
      const x = r.alterParam(c);
      if (x.out === c.out) {
        expect(x.activation === -0.25 || x.activation > 0).toBe(true);
        seen.add(x.activation);
      }
    }
    expect(seen.size).toBeGreaterThan(150);
  });
});

describe('Generator (SPEC §7.1)', () => {
  const m = mutator(['IDENTITY_MUTATION_TYPE'], { setup: { ops: [opId('SCALAR_CONST_SET_OP')] } }, 1, 1, NN_SIZES);

  it('NO_OP: NO_OP instructions of the init sizes', () => {
    const a = new Generator('NO_OP_ALGORITHM', { setup: 2, predict: 0, learn: 3 }, m).initModel();
    expect(a).toEqual({ setup: [NO_OP_INSTRUCTION, NO_OP_INSTRUCTION], predict: [], learn: Array(3).fill(NO_OP_INSTRUCTION) });
  });

  it('LINEAR / NEURAL_NET: the hand-designed model padded with trailing NO_OPs; longer ones kept', () => {
    const lin = new Generator('LINEAR_ALGORITHM', { setup: 10, predict: 2, learn: 8 }, m).initModel();
    const lm = linearModel(0.01);
    expect(lin.setup).toEqual([...lm.setup, ...Array(9).fill(NO_OP_INSTRUCTION)]);
    expect(lin.predict).toEqual([...lm.predict, NO_OP_INSTRUCTION]);
    expect(lin.learn).toEqual([...lm.learn, ...Array(4).fill(NO_OP_INSTRUCTION)]);
    const nn = new Generator('NEURAL_NET_ALGORITHM', { setup: 4, predict: 1, learn: 12 }, m).initModel();
    const ref = neuralNet(0.01, 0.1, 0.1);
    expect(nn).toEqual({ setup: [...ref.setup, NO_OP_INSTRUCTION], predict: ref.predict, learn: [...ref.learn, NO_OP_INSTRUCTION] });
    expect(padAlgorithm(ref, { setup: 0, predict: 0, learn: 0 })).toEqual(ref);
  });

  it('the hand-designed models match SPEC §10', () => {
    const lm = linearModel(0.01);
    const shape = (a: Algorithm) => COMPONENTS.map((c) => a[c].map((x) => [OPS[x.op]!.name, x.in1, x.in2, x.out]));
    expect(lm.setup[0]).toMatchObject({ op: opId('SCALAR_CONST_SET_OP'), out: 2, activation: 0.01 });
    expect(shape(lm)).toEqual([
      [['SCALAR_CONST_SET_OP', 0, 0, 2]],
      [['VECTOR_INNER_PRODUCT_OP', 1, 0, 1]],
      [['SCALAR_DIFF_OP', 0, 1, 3], ['SCALAR_PRODUCT_OP', 2, 3, 3], ['SCALAR_VECTOR_PRODUCT_OP', 3, 0, 2], ['VECTOR_SUM_OP', 1, 2, 1]],
    ]);
    const nn = neuralNet(0.01, 0.1, 0.2);
    expect(nn.setup[0]).toMatchObject({ op: opId('VECTOR_GAUSSIAN_SET_OP'), out: 2, f0: 0, f1: Math.fround(0.2) });
    expect(nn.setup[1]).toMatchObject({ op: opId('MATRIX_GAUSSIAN_SET_OP'), out: 0, f0: 0, f1: Math.fround(0.1) });
    expect(nn.setup[2]).toMatchObject({ op: opId('SCALAR_CONST_SET_OP'), out: 3, activation: 0.01 });
    expect(shape(nn).slice(1)).toEqual([
      [['MATRIX_VECTOR_PRODUCT_OP', 0, 0, 3], ['VECTOR_SUM_OP', 3, 1, 3], ['VECTOR_MAX_OP', 3, 5, 4], ['VECTOR_INNER_PRODUCT_OP', 4, 2, 1],
        ['SCALAR_SUM_OP', 1, 2, 1]],
      [['SCALAR_DIFF_OP', 0, 1, 4], ['SCALAR_PRODUCT_OP', 3, 4, 4], ['SCALAR_SUM_OP', 2, 4, 2], ['SCALAR_VECTOR_PRODUCT_OP', 4, 4, 6],
        ['VECTOR_SUM_OP', 2, 6, 2], ['SCALAR_VECTOR_PRODUCT_OP', 4, 2, 7], ['VECTOR_HEAVYSIDE_OP', 3, 0, 8], ['VECTOR_PRODUCT_OP', 8, 7, 7],
        ['VECTOR_SUM_OP', 1, 7, 1], ['VECTOR_OUTER_PRODUCT_OP', 7, 0, 1], ['MATRIX_SUM_OP', 0, 1, 0]],
    ]);
  });

  it('DAMAGED neural net: the padded net without its two Gaussian setup lines', () => {
    const small = new Generator('INTEGRATION_TEST_DAMAGED_NEURAL_NET_ALGORITHM', { setup: 2, predict: 1, learn: 4 }, m).initModel();
    expect(small.setup).toEqual([I('SCALAR_CONST_SET_OP', { out: 3, activation: 0.01 })]);
    const ref = neuralNet(0.01, 0.1, 0.1);
    expect(small.predict).toEqual(ref.predict);
    expect(small.learn).toEqual(ref.learn);
    const padded = new Generator('INTEGRATION_TEST_DAMAGED_NEURAL_NET_ALGORITHM', { setup: 6, predict: 1, learn: 4 }, m).initModel();
    expect(padded.setup).toEqual([ref.setup[2], ...Array(3).fill(NO_OP_INSTRUCTION)]);
    for (const a of [small, padded]) expect(a.setup.some((x) => OPS[x.op]!.random)).toBe(false);
  });

  it('RANDOM: init sizes, ops from each list; empty lists stay empty (size 0) or are an error', () => {
    const mm = mutator(['IDENTITY_MUTATION_TYPE'], { setup: { ops: [opId('SCALAR_CONST_SET_OP')] }, predict: { ops: [] } }, 1, 3, DEMO_SIZES);
    const a = new Generator('RANDOM_ALGORITHM', { setup: 5, predict: 0, learn: 7 }, mm).initModel();
    expect(lengths(a)).toEqual([5, 0, 7]);
    expect(a.setup.every((x) => x.op === opId('SCALAR_CONST_SET_OP'))).toBe(true);
    expect(a.learn.every((x) => DEMO_OPS.includes(x.op))).toBe(true);
    expect(new Set(a.learn.map((x) => JSON.stringify(x))).size).toBeGreaterThan(3);
    expect(() => new Generator('RANDOM_ALGORITHM', { setup: 1, predict: 1, learn: 1 }, mm).initModel()).toThrow();
    // Two draws differ (the generator consumes the shared random stream).
    const g = new Generator('RANDOM_ALGORITHM', { setup: 5, predict: 0, learn: 7 }, mm);
    expect(g.initModel()).not.toEqual(g.initModel());
  });
});
