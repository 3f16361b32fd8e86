/**
 * The JIT: turns an algorithm, for one feature size and memory layout, into
 * straight-line JavaScript and then into functions with `new Function`.
 *
 * Two units of compilation:
 * - `compileAlgorithm`: Setup, Predict and Learn as three functions over the
 *   memory array (each loads the cells it uses into locals and stores back).
 * - `compileTaskKernel`: Setup, a whole training pass (feature loading,
 *   Predict, the error check, Learn, for a range of examples) and a whole
 *   validation pass, so that the memory stays in locals across examples.
 *
 * The source is built only from op templates, validated addresses and
 * numbers printed by `jsNumber`; nothing from an input file is spliced in.
 */
import type { Algorithm } from '../src/ir/algorithm';
import type { Instruction } from '../src/ir/instruction';
import { FEATURES_VECTOR, LABEL_SCALAR, type MemoryLayout, PREDICTION_SCALAR } from '../src/ir/memory';
import { OPS } from '../src/ir/ops';
import { validateAlgorithm } from '../src/ir/validate';
import type { RandomSource } from '../src/util/rng';
import { BodyEmitter, CONSTANTS, MEMORY, RANDOM, SCRATCH, type StorageMode, defaultMode } from './emit';
import { jsIndex } from './literal';

export interface CompileOptions {
  /** Read instruction constants from the trailing parameter `C` (see BodyEmitter). */
  readonly constantPool?: boolean;
  readonly mode?: StorageMode;
}

export type ComponentFn = (m: Float64Array, rng: RandomSource, constants?: Float64Array) => void;

export interface CompiledAlgorithm {
  readonly source: string;
  readonly setup: ComponentFn;
  readonly predict: ComponentFn;
  readonly learn: ComponentFn;
}

/**
 * Runs training examples `order[begin..end)` of a task (features row-major in
 * `X`, labels in `Y`). Returns the number of steps done; negative (-steps) if
 * training stopped early on a NaN or too large error (SPEC §4.2 `Train`).
 * With `errors`, the absolute error of step t goes to errors[t - begin]: as
 * many as the steps done, less the failing one.
 */
export type TrainFn = (
  m: Float64Array, rng: RandomSource, X: Float64Array, Y: Float64Array, order: Int32Array,
  begin: number, end: number, maxAbsError: number, accuracy: boolean, errors: Float64Array | null,
  constants?: Float64Array,
) => number;

/**
 * Runs Predict over the first `n` validation examples and returns the summed
 * loss (squared errors, or 0/1 errors for accuracy), or -1 - t if it stopped
 * early at example t. With `errors`, example t's absolute error goes to errors[t].
 */
export type ValidateFn = (
  m: Float64Array, rng: RandomSource, X: Float64Array, Y: Float64Array, n: number,
  maxAbsError: number, accuracy: boolean, errors: Float64Array | null, constants?: Float64Array,
) => number;

export interface TaskKernel {
  readonly source: string;
  readonly setup: ComponentFn;
  readonly train: TrainFn;
  readonly validate: ValidateFn;
}

// The trailing constant pool `C` is only read by kernels compiled with `constantPool`.
const COMPONENT_PARAMS = `${MEMORY}, ${RANDOM}, ${CONSTANTS}`;
export const TRAIN_PARAMS = `${MEMORY}, ${RANDOM}, X, Y, order, begin, end, maxAbsError, accuracy, errors, ${CONSTANTS}`;
export const VALIDATE_PARAMS = `${MEMORY}, ${RANDOM}, X, Y, n, maxAbsError, accuracy, errors, ${CONSTANTS}`;

/** Functions made so far: each gets its own number (see `instantiate`). */
let instantiated = 0;

/**
 * Evaluates generated source. V8 caches `new Function` by source text, and
 * functions from one cached source share their type feedback and optimised
 * code: from the third compile of the same program on, a kernel entered code
 * optimised for another closure and deoptimised on entry in every call (the
 * bench's linear regressor at F = 32: 125 ns per step, then 816). A numbered
 * comment makes every source text unique; the source callers see is unchanged.
 */
function instantiate<T>(source: string): T {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function(`${source}\n// function set ${++instantiated}`)() as T;
}

function scratchDeclaration(layout: MemoryLayout): string {
  return `const ${SCRATCH} = new Float64Array(${jsIndex(layout.matrixSize)});`;
}

export function generateAlgorithmSource(alg: Algorithm, layout: MemoryLayout, options: CompileOptions = {}): string {
  validateAlgorithm(alg, layout.sizes);
  const mode = options.mode ?? defaultMode(alg, layout);
  const fn = (name: string, instructions: readonly Instruction[]) => {
    const e = new BodyEmitter(layout, mode);
    return functionSource(name, COMPONENT_PARAMS, e, e.emit(instructions));
  };
  return [
    '"use strict";',
    scratchDeclaration(layout),
    fn('setup', alg.setup),
    fn('predict', alg.predict),
    fn('learn', alg.learn),
    'return { setup, predict, learn };',
  ].join('\n');
}

export function compileAlgorithm(alg: Algorithm, layout: MemoryLayout, options: CompileOptions = {}): CompiledAlgorithm {
  const source = generateAlgorithmSource(alg, layout, options);
  return { source, ...instantiate<Omit<CompiledAlgorithm, 'source'>>(source) };
}

export function generateTaskKernelSource(alg: Algorithm, layout: MemoryLayout, options: CompileOptions = {}): string {
  validateAlgorithm(alg, layout.sizes);
  const mode = options.mode ?? defaultMode(alg, layout);

  const pool = options.constantPool ?? false;
  const predictFirst = alg.setup.length;
  const learnFirst = predictFirst + alg.predict.length;
  const setup = new BodyEmitter(layout, mode, pool);
  const setupSource = functionSource('setup', COMPONENT_PARAMS, setup, setup.emit(alg.setup, 0));

  const train = new BodyEmitter(layout, mode, pool);
  const trainPredict = train.emit(alg.predict, predictFirst);
  const trainLearn = train.emit(alg.learn, learnFirst);
  const trainBody = trainLoop({
    io: ioCells(train), predict: trainPredict, learn: trainLearn, store: storeLines(train),
    // The features are written again before Learn, unless Predict cannot have changed them.
    reloadFeatures: writesFeatures(alg.predict),
  });
  const trainSource = functionSource('train', TRAIN_PARAMS, train, trainBody, false);

  const valid = new BodyEmitter(layout, mode, pool);
  const validPredict = valid.emit(alg.predict, predictFirst);
  const validBody = validateLoop({ io: ioCells(valid), predict: validPredict, store: storeLines(valid) });
  const validSource = functionSource('validate', VALIDATE_PARAMS, valid, validBody, false);

  return [
    '"use strict";',
    scratchDeclaration(layout),
    setupSource,
    trainSource,
    validSource,
    'return { setup, train, validate };',
  ].join('\n');
}

export function compileTaskKernel(alg: Algorithm, layout: MemoryLayout, options: CompileOptions = {}): TaskKernel {
  const source = generateTaskKernelSource(alg, layout, options);
  return { source, ...instantiate<Omit<TaskKernel, 'source'>>(source) };
}

/** True if some instruction may write (part of) the features vector v0. */
function writesFeatures(instructions: readonly Instruction[]): boolean {
  return instructions.some((ins) => OPS[ins.op]!.out === 'v' && ins.out === FEATURES_VECTOR);
}

export interface LoopParts {
  readonly io: IoCells;
  readonly predict: readonly string[];
  readonly learn?: readonly string[];
  /** Statements that write locals back to memory before returning. */
  readonly store: readonly string[];
  readonly reloadFeatures?: boolean;
}

/**
 * SPEC §4.2 `Train` over examples order[begin..end) as statements (the body
 * of a TrainFn); the reference is `loopRunner` in src/eval/runner.ts.
 */
export function trainLoop(parts: LoopParts): string[] {
  const { io } = parts;
  return [
    'for (let t = begin; t < end; t++) {',
    '  const row = order[t];',
    ...indent(io.loadFeatures('row'), 1),
    `  ${io.label} = 0;`,
    ...indent(parts.predict, 1),
    `  if (accuracy) ${io.prediction} = 1 / (1 + Math.exp(-${io.prediction}));`,
    '  const y = Y[row];',
    `  const e = Math.abs(y - ${io.prediction});`,
    '  if (e !== e || e > maxAbsError) {',
    ...indent(parts.store, 2),
    '    return begin - t - 1;',
    '  }',
    '  if (errors !== null) errors[t - begin] = e;',
    ...(parts.reloadFeatures ?? true ? indent(io.loadFeatures('row'), 1) : []),
    `  ${io.label} = y;`,
    ...indent(parts.learn ?? [], 1),
    '}',
    ...parts.store,
    'return end - begin;',
  ];
}

/** SPEC §4.2 `Validate` over the first n examples as statements (the body of a ValidateFn). */
export function validateLoop(parts: LoopParts): string[] {
  const { io } = parts;
  return [
    'let loss = 0;',
    'for (let t = 0; t < n; t++) {',
    ...indent(io.loadFeatures('t'), 1),
    `  ${io.label} = 0;`,
    ...indent(parts.predict, 1),
    '  let err;',
    '  if (accuracy) {',
    `    const p = 1 / (1 + Math.exp(-${io.prediction}));`,
    '    if (p > 1 || p < 0) err = Infinity;',
    '    else err = ((Y[t] > 0.5) === (p > 0.5)) ? 0 : 1;',
    '    loss += err;',
    '  } else {',
    `    err = Y[t] - ${io.prediction};`,
    '    loss += err * err;',
    '  }',
    '  const e = Math.abs(err);',
    '  if (e !== e || e > maxAbsError) {',
    ...indent(parts.store, 2),
    '    return -1 - t;',
    '  }',
    '  if (errors !== null) errors[t] = e;',
    '}',
    ...parts.store,
    'return loss;',
  ];
}

export interface IoCells {
  readonly label: string;
  readonly prediction: string;
  loadFeatures(row: string): string[];
}

/** The reserved cells the executor loop writes: features, label, prediction. */
export function ioCells(e: BodyEmitter): IoCells {
  const { layout } = e;
  const F = layout.F;
  const cell = (kind: 's' | 'v', addr: number, element: number): string => {
    if (e.mode === 'locals') {
      const c = e.local(kind, addr, element);
      e.written.add(c.offset);
      return c.name;
    }
    return `${MEMORY}[${jsIndex(layout.offset(kind, addr) + element)}]`;
  };
  const label = cell('s', LABEL_SCALAR, 0);
  const prediction = cell('s', PREDICTION_SCALAR, 0);
  const features = e.mode === 'locals' ? Array.from({ length: F }, (_, k) => cell('v', FEATURES_VECTOR, k)) : null;
  const base = layout.offset('v', FEATURES_VECTOR);
  return {
    label,
    prediction,
    loadFeatures(row: string): string[] {
      if (features) return features.map((name, k) => `${name} = X[${row} * ${jsIndex(F)} + ${jsIndex(k)}];`);
      return [`for (let k = 0; k < ${jsIndex(F)}; k++) ${MEMORY}[${jsIndex(base)} + k] = X[${row} * ${jsIndex(F)} + k];`];
    },
  };
}

export function indent(lines: readonly string[], depth: number): string[] {
  const pad = '  '.repeat(depth);
  return lines.map((l) => pad + l);
}

/**
 * Declares the locals. Straight-line bodies (`loadAll` false) load only the
 * cells they read before writing; loops load every cell, because a loop may
 * run zero times or stop before the first write and still stores at the end.
 */
function loadLines(e: BodyEmitter, loadAll: boolean): string[] {
  const lines: string[] = [];
  for (const cell of [...e.cells.values()].sort((a, b) => a.offset - b.offset)) {
    if (loadAll || e.readFirst.has(cell.offset)) lines.push(`let ${cell.name} = ${MEMORY}[${jsIndex(cell.offset)}];`);
    else lines.push(`let ${cell.name};`);
  }
  for (const name of e.tempNames) lines.push(`let ${name} = 0;`);
  return lines;
}

function storeLines(e: BodyEmitter): string[] {
  return [...e.cells.values()]
    .filter((c) => e.written.has(c.offset))
    .sort((a, b) => a.offset - b.offset)
    .map((c) => `${MEMORY}[${jsIndex(c.offset)}] = ${c.name};`);
}

/** A function; `straightLine` bodies store their written cells at the end, others store themselves. */
function functionSource(name: string, params: string, e: BodyEmitter, body: readonly string[], straightLine = true): string {
  const lines = [...loadLines(e, !straightLine), ...body, ...(straightLine ? storeLines(e) : [])];
  return [`function ${name}(${params}) {`, ...indent(lines, 1), '}'].join('\n');
}
