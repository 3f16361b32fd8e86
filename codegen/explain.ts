/**
 * Simplification with explanations, for people: which instructions can affect
 * a prediction, which were dropped and why, which were folded into constants,
 * the canonical form, and what memory each component function reads and writes.
 *
 * The steps are those the engines use (codegen/analysis.ts: whole-life
 * liveness, canonical renaming) plus exact constant folding (codegen/fold.ts).
 * The simplified program gives bit-identical predictions: same memory at every
 * point for every cell that can reach a prediction, same random stream.
 *
 * Reasons for dropping an instruction (whole life: Setup, then Predict/Learn
 * over training examples, Predict over validation examples, more epochs):
 * - `no-op`: NoOp() does nothing;
 * - `never-read`: nothing that can run after it reads the cell it writes
 *   (the executor reads s1, the prediction, after every Predict);
 * - `overwritten`: something later reads the cell, but on every path the value
 *   is overwritten first, by an instruction or by the executor (v0 = features,
 *   s0 = 0 or the label, before every Predict and Learn);
 * - `no-path`: the value is read, but only by instructions that are themselves
 *   dropped or folded into constants: it has no path to the prediction.
 */
import { canonicalize, liveness } from './analysis';
import { foldConstants } from './fold';
import type { Algorithm, ComponentName } from '../src/ir/algorithm';
import { COMPONENTS } from '../src/ir/algorithm';
import type { Instruction } from '../src/ir/instruction';
import { FEATURES_VECTOR, type Kind, LABEL_SCALAR, PREDICTION_SCALAR } from '../src/ir/memory';
import { OPS } from '../src/ir/ops';
import { HEADERS, printInstruction } from '../src/text/print';

export type DropReason = 'no-op' | 'never-read' | 'overwritten' | 'no-path';
export type Fate = 'kept' | 'folded' | 'dropped';

/** Where an instruction is: component function and 0-based position. */
export interface Site {
  readonly component: ComponentName;
  readonly index: number;
}

export interface InstructionReport extends Site {
  readonly instruction: Instruction;
  /** Readable form, e.g. `s3 = s0 - s1`. */
  readonly text: string;
  readonly fate: Fate;
  /** For dropped instructions. */
  readonly reason?: DropReason;
  /** A sentence saying why (dropped) or what it became (folded). */
  readonly detail?: string;
  /** For folded instructions: the `so = c` that replaces it. */
  readonly replacement?: Instruction;
}

export interface SimplificationReport {
  readonly original: Algorithm;
  /** Folded and without dead code; original addresses (what `export` emits). */
  readonly simplified: Algorithm;
  /** `simplified` with addresses renamed in order of first use (codegen/analysis.ts `canonicalize`). */
  readonly canonical: Algorithm;
  /** Per component, one entry per original instruction, in order. */
  readonly instructions: Record<ComponentName, readonly InstructionReport[]>;
  readonly counts: { readonly total: number; readonly kept: number; readonly folded: number; readonly dropped: number };
}

const TITLE: Record<ComponentName, string> = { setup: 'Setup', predict: 'Predict', learn: 'Learn' };

/** `Learn 3` (1-based, as in the readable file). */
export function siteName(site: Site): string {
  return `${TITLE[site.component]} ${site.index + 1}`;
}

/** A memory cell: kind and address. */
export interface Cell {
  readonly kind: Kind;
  readonly addr: number;
}

export function cellName(cell: Cell): string {
  return `${cell.kind}${cell.addr}`;
}

const sameCell = (a: Cell, b: Cell): boolean => a.kind === b.kind && a.addr === b.addr;

function inputsOf(ins: Instruction): Cell[] {
  const op = OPS[ins.op]!;
  const cells: Cell[] = [];
  if (op.in1) cells.push({ kind: op.in1, addr: ins.in1 });
  if (op.in2) cells.push({ kind: op.in2, addr: ins.in2 });
  return cells;
}

function outputOf(ins: Instruction): Cell | null {
  const op = OPS[ins.op]!;
  return op.out ? { kind: op.out, addr: ins.out } : null;
}

/** Ops 57/58 write one element: the rest of the old value survives. */
function writesPartially(ins: Instruction): boolean {
  const data = OPS[ins.op]!.data;
  return data === 'vectorConst' || data === 'matrixConst';
}

const isFeatures = (c: Cell) => c.kind === 'v' && c.addr === FEATURES_VECTOR;
const isLabel = (c: Cell) => c.kind === 's' && c.addr === LABEL_SCALAR;
const isPrediction = (c: Cell) => c.kind === 's' && c.addr === PREDICTION_SCALAR;

/** Who overwrote a value: an instruction, or the executor loading the inputs. */
type Killer = Site | 'executor';

/**
 * Follows the value written by the instruction at `from` through the whole
 * life of the program: the instructions that can read it before it is fully
 * overwritten, and what overwrites it.
 */
function followValue(alg: Algorithm, from: Site, cell: Cell): { readers: Site[]; killers: Killer[]; reachesPrediction: boolean } {
  const readers: Site[] = [];
  const killers: Killer[] = [];
  let reachesPrediction = false;
  const entered = new Set<ComponentName>();
  const successors: Record<ComponentName, ComponentName[]> = { setup: ['predict'], predict: ['learn', 'predict'], learn: ['predict'] };
  const walk = (component: ComponentName, start: number): void => {
    const list = alg[component];
    for (let i = start; i < list.length; i++) {
      const ins = list[i]!;
      if (inputsOf(ins).some((c) => sameCell(c, cell))) readers.push({ component, index: i });
      const out = outputOf(ins);
      if (out && sameCell(out, cell) && !writesPartially(ins)) {
        killers.push({ component, index: i });
        return;
      }
    }
    if (component === 'predict' && isPrediction(cell)) reachesPrediction = true;
    for (const next of successors[component]) {
      if (entered.has(next)) continue;
      entered.add(next);
      if (isFeatures(cell) || isLabel(cell)) {
        killers.push('executor');
        continue;
      }
      walk(next, 0);
    }
  };
  walk(from.component, from.index + 1);
  return { readers, killers, reachesPrediction };
}

/**
 * True if anything that can run after the instruction at `from` reads `cell`,
 * overwrites or not: the rest of Setup, then Predict and Learn (which repeat),
 * and the executor, which reads s1 (the prediction) after every Predict.
 */
function readLater(alg: Algorithm, from: Site, cell: Cell): boolean {
  if (isPrediction(cell)) return true;
  const reads = (ins: Instruction) => inputsOf(ins).some((x) => sameCell(x, cell));
  if (from.component === 'setup' && alg.setup.slice(from.index + 1).some(reads)) return true;
  return alg.predict.some(reads) || alg.learn.some(reads);
}

const ORDER: Record<ComponentName, number> = { setup: 0, predict: 1, learn: 2 };

function list(sites: readonly Site[]): string {
  const sorted = [...sites].sort((a, b) => ORDER[a.component] - ORDER[b.component] || a.index - b.index);
  const names = [...new Set(sorted.map(siteName))];
  return names.length <= 4 ? names.join(', ') : `${names.slice(0, 4).join(', ')} and ${names.length - 4} more`;
}

function killerText(killers: readonly Killer[], cell: Cell): string {
  const sites = killers.filter((k): k is Site => k !== 'executor');
  const parts: string[] = [];
  if (sites.length > 0) parts.push(list(sites));
  if (killers.includes('executor')) {
    parts.push(isFeatures(cell) ? 'the executor (v0 = features before every Predict and Learn)'
      : 'the executor (s0 = 0 before every Predict, the label before every Learn)');
  }
  return parts.join(' and ');
}

/** Why the instruction at `site` (dead in `folded`) cannot affect a prediction. */
function dropReason(original: Algorithm, site: Site, foldedAt: (s: Site) => boolean): { reason: DropReason; detail: string } {
  const ins = original[site.component][site.index]!;
  const out = outputOf(ins);
  if (out === null) return { reason: 'no-op', detail: 'NoOp() does nothing' };
  const name = cellName(out);
  const { readers, killers } = followValue(original, site, out);
  if (readers.length === 0) {
    if (!readLater(original, site, out)) return { reason: 'never-read', detail: `nothing reads ${name} after it` };
    return { reason: 'overwritten', detail: `${name} is overwritten by ${killerText(killers, out)} before any read` };
  }
  const folded = readers.filter(foldedAt);
  const dropped = readers.filter((r) => !foldedAt(r));
  const parts: string[] = [];
  if (dropped.length > 0) parts.push(`dropped instructions (${list(dropped)})`);
  if (folded.length > 0) parts.push(`instructions folded into constants (${list(folded)})`);
  return { reason: 'no-path', detail: `${name} is read only by ${parts.join(' and ')}: no path to the prediction` };
}

/**
 * Folds constants, drops what cannot affect a prediction (with the reason),
 * and renames addresses canonically. `original` must be valid for its memory.
 */
export function explainSimplification(original: Algorithm): SimplificationReport {
  const fold = foldConstants(original);
  const live = liveness(fold.program);
  const foldedAt = (s: Site) => fold.folded[s.component][s.index] !== null && live[s.component][s.index] === true;
  const instructions = {} as Record<ComponentName, InstructionReport[]>;
  const simplified = {} as Record<ComponentName, Instruction[]>;
  let kept = 0;
  let folded = 0;
  let dropped = 0;
  for (const component of COMPONENTS) {
    instructions[component] = [];
    simplified[component] = [];
    original[component].forEach((instruction, index) => {
      const site = { component, index };
      const text = printInstruction(instruction);
      const replacement = fold.folded[component][index] ?? null;
      if (live[component][index]) {
        simplified[component].push(replacement ?? instruction);
        if (replacement) {
          folded++;
          instructions[component].push({
            ...site, instruction, text, fate: 'folded', replacement,
            detail: `its inputs are the same constants on every run; it always computes ${printInstruction(replacement)}`,
          });
        } else {
          kept++;
          instructions[component].push({ ...site, instruction, text, fate: 'kept' });
        }
        return;
      }
      dropped++;
      instructions[component].push({ ...site, instruction, text, fate: 'dropped', ...dropReason(original, site, foldedAt) });
    });
  }
  return {
    original,
    simplified,
    canonical: canonicalize(simplified).program,
    instructions,
    counts: { total: kept + folded + dropped, kept, folded, dropped },
  };
}

/** The simplified program alone (folded, no dead code, original addresses). */
export function simplifyFully(alg: Algorithm): Algorithm {
  return explainSimplification(alg).simplified;
}

export interface MemoryAccess {
  /** Every cell an instruction of the function reads. */
  readonly reads: readonly Cell[];
  /** Every cell an instruction of the function writes (in whole or in part). */
  readonly writes: readonly Cell[];
  /** Cells read before the function itself writes them: the state it takes from memory. */
  readonly inputs: readonly Cell[];
}

const KIND_ORDER: Record<Kind, number> = { s: 0, v: 1, m: 2 };
const byCell = (a: Cell, b: Cell) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.addr - b.addr;

/** Per component function: the memory it reads and writes. */
export function memoryAccess(alg: Algorithm): Record<ComponentName, MemoryAccess> {
  const result = {} as Record<ComponentName, MemoryAccess>;
  for (const component of COMPONENTS) {
    const reads = new Map<string, Cell>();
    const writes = new Map<string, Cell>();
    const fullyWritten = new Set<string>();
    const inputs = new Map<string, Cell>();
    for (const ins of alg[component]) {
      for (const cell of inputsOf(ins)) {
        const key = cellName(cell);
        reads.set(key, cell);
        if (!fullyWritten.has(key)) inputs.set(key, cell);
      }
      const out = outputOf(ins);
      if (out) {
        writes.set(cellName(out), out);
        if (!writesPartially(ins)) fullyWritten.add(cellName(out));
      }
    }
    result[component] = {
      reads: [...reads.values()].sort(byCell),
      writes: [...writes.values()].sort(byCell),
      inputs: [...inputs.values()].sort(byCell),
    };
  }
  return result;
}

/** `v0 (features)`, `s0 (label)`, `s1 (prediction)`, or just the name. */
export function describeCell(cell: Cell): string {
  const name = cellName(cell);
  if (isFeatures(cell)) return `${name} (features)`;
  if (isLabel(cell)) return `${name} (label)`;
  if (isPrediction(cell)) return `${name} (prediction)`;
  return name;
}

export const COMPONENT_TITLE = TITLE;

const MARK: Record<Fate, string> = { kept: '  ', folded: '~ ', dropped: '- ' };

/**
 * The original program in readable form with every instruction marked: `- `
 * dropped (with the reason), `~ ` folded (with the constant), two spaces kept.
 */
export function printAnnotated(report: SimplificationReport): string {
  const all = COMPONENTS.flatMap((c) => report.instructions[c]);
  const width = Math.max(0, ...all.map((r) => r.text.length));
  const note = (r: InstructionReport): string => {
    if (r.fate === 'dropped') return `  # dropped (${r.reason}): ${r.detail}`;
    if (r.fate === 'folded') return `  # folded: ${r.detail}`;
    return '';
  };
  let text = '';
  for (const c of COMPONENTS) {
    text += `${HEADERS[c]}\n`;
    for (const r of report.instructions[c]) text += `${MARK[r.fate]}  ${r.fate === 'kept' ? r.text : `${r.text.padEnd(width)}${note(r)}`}\n`;
  }
  return text;
}
