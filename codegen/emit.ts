/**
 * Instantiates op templates into straight-line JavaScript statements.
 *
 * Two storage modes:
 * - `locals`: every memory cell the program touches becomes a local variable
 *   (`s3`, `v1_2`, `m0_5`); all element loops are unrolled. V8 keeps these in
 *   registers, about 3x faster than typed-array traffic. Used for small F.
 * - `array`: cells are read and written in the memory array `m` at constant
 *   offsets, element loops stay loops. Used for large F, where unrolling would
 *   make the code (and the number of locals) explode.
 * Either way there is no dispatch on the op at run time.
 */
import type { Instruction } from '../src/ir/instruction';
import { COMPONENTS, type Algorithm } from '../src/ir/algorithm';
import { FEATURES_VECTOR, type Kind, LABEL_SCALAR, type MemoryLayout, PREDICTION_SCALAR } from '../src/ir/memory';
import { type Emitter, type Idx, type Operand, OPS, constIndex, pairwiseExpression } from '../src/ir/ops';
import { jsIndex, jsNumber } from './literal';

export type StorageMode = 'locals' | 'array';

/** Names used by generated code for its parameters. */
export const MEMORY = 'm';
export const RANDOM = 'R';
export const SCRATCH = 'T';
export const CONSTANTS = 'C';

// Pieces shared by the Emitter implementations (here and in dispatch.ts).

export function flatIndex(F: number, i: Idx, j: Idx): Idx {
  if (typeof i === 'number' && typeof j === 'number') return i * F + j;
  return `(${i} * ${jsIndex(F)} + ${j})`;
}

/** `each` as loops (nested loops get their own variables); a single iteration is inlined. */
export function loopEmitter(): Emitter['each'] {
  let depth = 0;
  return (n, body) => {
    if (n === 1) return body(0);
    const v = `i${depth++}`;
    const inner = body(v);
    depth--;
    return [`for (let ${v} = 0; ${v} < ${jsIndex(n)}; ${v}++) {`, ...inner.map((l) => `  ${l}`), '}'];
  };
}

/** `each` fully unrolled. */
export const unrolled: Emitter['each'] = (n, body) => {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(...body(i));
  return out;
};

export const pairwiseSum: Emitter['sum'] = (n, term) => {
  const terms: string[] = [];
  for (let k = 0; k < n; k++) terms.push(term(k));
  return pairwiseExpression(terms);
};

export const scratchCell = (idx: Idx): string => `${SCRATCH}[${typeof idx === 'number' ? jsIndex(idx) : idx}]`;

/** Constant-pool layout: one [activation, f0, f1, f2] record per instruction. */
export const POOL_STRIDE = 4;
export const POOL_SLOT = { activation: 0, f0: 1, f1: 2, f2: 3 } as const;

/**
 * Most memory cells a program may touch for `locals` mode to be chosen
 * automatically. Measured with the bench's long evaluations: locals run the
 * linear regressor 3x faster than array reads at F = 16 and 32 (52 and 100
 * cells), but the neural net at F = 16 (about 370 cells) becomes erratic and
 * at F = 32 (about 1,200) several times slower, as V8 no longer optimises it.
 */
export const MAX_LOCAL_CELLS = 128;

/** `locals` for programs touching few enough cells, `array` otherwise. */
export function defaultMode(alg: Algorithm, layout: MemoryLayout): StorageMode {
  const seen = new Set<number>();
  let cells = 0;
  const touch = (kind: Kind, addr: number) => {
    const offset = layout.offset(kind, addr);
    if (seen.has(offset)) return;
    seen.add(offset);
    cells += layout.width(kind);
  };
  touch('s', LABEL_SCALAR);
  touch('s', PREDICTION_SCALAR);
  touch('v', FEATURES_VECTOR);
  for (const c of COMPONENTS) {
    for (const ins of alg[c]) {
      const op = OPS[ins.op]!;
      if (op.in1) touch(op.in1, ins.in1);
      if (op.in2) touch(op.in2, ins.in2);
      if (op.out) touch(op.out, ins.out);
    }
  }
  return cells <= MAX_LOCAL_CELLS ? 'locals' : 'array';
}

/** A memory cell held in a local: its name and its offset in the memory array. */
export interface LocalCell {
  readonly name: string;
  readonly offset: number;
}

/**
 * Emits the bodies of component functions for one layout. One instance can
 * emit several bodies; it remembers every cell and staging local they use,
 * so the caller can declare, load and store them once.
 */
export class BodyEmitter {
  readonly cells = new Map<number, LocalCell>();
  readonly written = new Set<number>();
  /**
   * Cells (locals mode) whose first use in the emitted instructions is a read.
   * Every op reads all its inputs before writing, and writes each cell of its
   * output unconditionally, so in straight-line code the other cells need no
   * load from memory. (Not true for cells the caller touches itself, nor
   * across the iterations of a loop: see `loadLines` in jit.ts.)
   */
  readonly readFirst = new Set<number>();
  private readonly touched = new Set<number>();
  private reads: number[] = [];
  private writes: number[] = [];
  readonly tempNames: string[] = [];
  private tempCount = 0;
  private poolIndex = 0;

  /**
   * With `constantPool`, instruction constants are read from the parameter
   * `C` ([activation, f0, f1, f2] per instruction, numbered from `firstIndex`
   * in `emit`) instead of being written as literals, so that one compiled
   * function serves every program of the same shape.
   */
  constructor(readonly layout: MemoryLayout, readonly mode: StorageMode, readonly constantPool = false) {}

  /** The local for the cell at `offset` (locals mode), registering it. */
  local(kind: Kind, addr: number, element: number): LocalCell {
    const offset = this.layout.offset(kind, addr) + element;
    let cell = this.cells.get(offset);
    if (!cell) {
      const name = kind === 's' ? `s${addr}` : `${kind}${addr}_${element}`;
      cell = { name, offset };
      this.cells.set(offset, cell);
    }
    return cell;
  }

  emit(instructions: readonly Instruction[], firstIndex = 0): string[] {
    const lines: string[] = [];
    for (const [i, ins] of instructions.entries()) {
      this.poolIndex = (firstIndex + i) * POOL_STRIDE;
      const op = OPS[ins.op]!;
      this.reads = [];
      this.writes = [];
      const body = op.emit(this.emitterFor(ins));
      if (body.length > 0) lines.push(...body);
      for (const offset of this.reads) if (!this.touched.has(offset)) this.readFirst.add(offset);
      for (const offset of this.reads) this.touched.add(offset);
      for (const offset of this.writes) this.touched.add(offset);
    }
    return lines;
  }

  private emitterFor(ins: Instruction): Emitter {
    const layout = this.layout;
    const F = layout.F;
    const op = OPS[ins.op]!;
    const locals = this.mode === 'locals';
    const loops = loopEmitter();
    const self = this;
    const kindOf = (which: Operand): Kind => {
      const kind = op[which];
      if (!kind) throw new Error(`${op.name} has no ${which} operand`);
      return kind;
    };
    return {
      F,
      rng: RANDOM,
      data: this.constantPool
        ? ((base) => (field: keyof typeof POOL_SLOT) => `${CONSTANTS}[${jsIndex(base + POOL_SLOT[field])}]`)(this.poolIndex)
        : (field) => jsNumber(ins[field]),
      index: (field) => constIndex(F, ins[field]),
      cell(which, idx) {
        const kind = kindOf(which);
        const addr = ins[which];
        if (locals) {
          if (typeof idx !== 'number') throw new Error('locals mode needs numeric indices');
          const cell = self.local(kind, addr, idx);
          if (which === 'out') {
            self.written.add(cell.offset);
            self.writes.push(cell.offset);
          } else self.reads.push(cell.offset);
          return cell.name;
        }
        const base = layout.offset(kind, addr);
        return typeof idx === 'number' ? `${MEMORY}[${jsIndex(base + idx)}]` : `${MEMORY}[${jsIndex(base)} + ${idx}]`;
      },
      flat: (i, j) => flatIndex(F, i, j),
      each: locals ? unrolled : loops,
      sum: pairwiseSum,
      temp() {
        const id = self.tempCount++;
        if (!locals) return scratchCell;
        return (idx) => {
          if (typeof idx !== 'number') throw new Error('locals mode needs numeric indices');
          const name = `t${id}_${idx}`;
          if (!self.tempNames.includes(name)) self.tempNames.push(name);
          return name;
        };
      },
    };
  }
}
