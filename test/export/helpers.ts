/**
 * Shared by the export tests: importing a generated module for real, type
 * checking modules with the TypeScript compiler API, the executor's loop
 * replicated over an exported class, and the engine-side oracle.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { transformSync } from 'esbuild';
import ts from 'typescript';
import type { Algorithm } from '../../src/ir/algorithm';
import { FEATURES_VECTOR, LABEL_SCALAR, MemoryLayout, PREDICTION_SCALAR } from '../../src/ir/memory';
import { Interpreter } from '../../src/interp/interpreter';
import type { Task } from '../../src/tasks/task';
import type { RandomSource } from '../../src/util/rng';

/** The public surface of an exported class. */
export interface Model {
  setup(): void;
  predict(features: ArrayLike<number>): number;
  learn(features: ArrayLike<number>, label: number): void;
  predictProbability(features: ArrayLike<number>): number;
  trainStep(features: ArrayLike<number>, label: number, options?: { classification?: boolean; maxAbsError?: number }): number;
}
export type ModelClass = (new (random?: RandomSource) => Model) & { featuresSize: number };

let dir: string | null = null;
let counter = 0;

function tempDir(): string {
  dir ??= mkdtempSync(join(tmpdir(), 'azx-'));
  return dir;
}

export function cleanUpModules(): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
}

/** Transpiles a generated module with esbuild and imports it from a temporary .mjs file. */
export async function importTs(source: string): Promise<Record<string, unknown>> {
  const js = transformSync(source, { loader: 'ts', format: 'esm', target: 'es2022' }).code;
  return importJs(js);
}

export async function importJs(js: string): Promise<Record<string, unknown>> {
  const file = join(tempDir(), `model-${process.pid}-${counter++}.mjs`);
  writeFileSync(file, js);
  return import(pathToFileURL(file).href) as Promise<Record<string, unknown>>;
}

export async function importModel(source: string, name: string): Promise<ModelClass> {
  const mod = await importTs(source);
  const cls = mod[name];
  if (typeof cls !== 'function') throw new Error(`the module does not export ${name}`);
  return cls as ModelClass;
}

/** The standard library's declaration files, parsed once. */
const libCache = new Map<string, ts.SourceFile>();

/**
 * Type-checks modules (name → text) together under `strict` with the
 * TypeScript compiler API, in memory; returns the diagnostics as text.
 */
export function typeCheck(files: Record<string, string>, extra: ts.CompilerOptions = {}): string[] {
  const options: ts.CompilerOptions = {
    strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts'], types: [], skipLibCheck: true, ...extra,
  };
  const host = ts.createCompilerHost(options);
  const virtual = new Map(Object.entries(files).map(([name, text]) => [join('/virtual', name), text]));
  const { getSourceFile, fileExists, readFile, directoryExists } = host;
  host.directoryExists = (d) => d === '/virtual' || (directoryExists?.call(host, d) ?? false);
  host.getSourceFile = (fileName, languageVersion, ...rest) => {
    const text = virtual.get(fileName);
    if (text !== undefined) return ts.createSourceFile(fileName, text, languageVersion, true);
    let lib = libCache.get(fileName);
    if (!lib) {
      lib = getSourceFile.call(host, fileName, languageVersion, ...rest);
      if (lib) libCache.set(fileName, lib);
    }
    return lib;
  };
  host.fileExists = (fileName) => virtual.has(fileName) || fileExists.call(host, fileName);
  host.readFile = (fileName) => virtual.get(fileName) ?? readFile.call(host, fileName);
  const program = ts.createProgram([...virtual.keys()], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && d.start !== undefined ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: ` : '';
    return `${where}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

const row = (X: Float64Array, r: number, F: number) => X.subarray(r * F, (r + 1) * F);
const squash = (rms: number) => (Number.isFinite(rms) ? 1 - (2 / Math.PI) * Math.atan(rms) : 0);

export interface Run {
  readonly fitness: number;
  readonly steps: number;
  /** Every prediction, in order: the value training compared with the label, then validation's s1. */
  readonly predictions: number[];
}

/**
 * The executor's loop (SPEC §4.2) over an exported class: training steps with
 * early stopping, validation after every epoch, best fitness wins.
 */
export function runModel(Model: ModelClass, task: Task, random: RandomSource | undefined, maxAbsError = 100): Run {
  const model = new Model(random);
  const F = task.F;
  const accuracy = task.evalType === 'ACCURACY';
  const predictions: number[] = [];
  const perEpoch = task.numTrainExamples;
  const all = task.trainOrder.length;
  let remaining = all;
  let position = 0;
  let steps = 0;
  let best = 0;
  while (remaining > 0) {
    const count = Math.min(perEpoch, remaining);
    let ok = true;
    for (let t = position; t < position + count; t++) {
      const r = task.trainOrder[t]!;
      const y = task.trainLabels[r]!;
      steps++;
      const p = model.trainStep(row(task.trainFeatures, r, F), y, { classification: accuracy, maxAbsError });
      predictions.push(p);
      if (!(Math.abs(y - p) <= maxAbsError)) { ok = false; break; }
    }
    if (!ok) {
      if (remaining === all) return { fitness: 0, steps, predictions };
      break;
    }
    position += count;
    remaining -= perEpoch;
    let loss = 0;
    let failed = false;
    for (let t = 0; t < task.numValidExamples; t++) {
      const y = task.validLabels[t]!;
      let err: number;
      if (accuracy) {
        const p = model.predictProbability(row(task.validFeatures, t, F));
        predictions.push(p);
        err = p > 1 || p < 0 ? Infinity : (y > 0.5) === (p > 0.5) ? 0 : 1;
        loss += err;
      } else {
        const p = model.predict(row(task.validFeatures, t, F));
        predictions.push(p);
        err = y - p;
        loss += err * err;
      }
      if (!(Math.abs(err) <= maxAbsError)) { failed = true; break; }
    }
    const fitness = failed ? 0 : accuracy ? 1 - loss / task.numValidExamples : squash(Math.sqrt(loss / task.numValidExamples));
    if (fitness > best) best = fitness;
  }
  return { fitness: best, steps, predictions };
}

/**
 * The same loop over the reference interpreter, recording the same
 * predictions (fitness and steps are checked against the real executor).
 */
export function runInterpreter(alg: Algorithm, layout: MemoryLayout, task: Task, random: RandomSource, maxAbsError = 100): Run {
  const m = layout.allocate();
  const interp = new Interpreter(layout, m, random);
  const F = task.F;
  const v0 = layout.offset('v', FEATURES_VECTOR);
  const accuracy = task.evalType === 'ACCURACY';
  const predictions: number[] = [];
  interp.run(alg.setup);
  const perEpoch = task.numTrainExamples;
  const all = task.trainOrder.length;
  let remaining = all;
  let position = 0;
  let steps = 0;
  let best = 0;
  while (remaining > 0) {
    const count = Math.min(perEpoch, remaining);
    let ok = true;
    for (let t = position; t < position + count; t++) {
      const r = task.trainOrder[t]!;
      const y = task.trainLabels[r]!;
      steps++;
      m.set(row(task.trainFeatures, r, F), v0);
      m[LABEL_SCALAR] = 0;
      interp.run(alg.predict);
      if (accuracy) m[PREDICTION_SCALAR] = 1 / (1 + Math.exp(-m[PREDICTION_SCALAR]!));
      const p = m[PREDICTION_SCALAR]!;
      predictions.push(p);
      if (!(Math.abs(y - p) <= maxAbsError)) { ok = false; break; }
      m.set(row(task.trainFeatures, r, F), v0);
      m[LABEL_SCALAR] = y;
      interp.run(alg.learn);
    }
    if (!ok) {
      if (remaining === all) return { fitness: 0, steps, predictions };
      break;
    }
    position += count;
    remaining -= perEpoch;
    let loss = 0;
    let failed = false;
    for (let t = 0; t < task.numValidExamples; t++) {
      const y = task.validLabels[t]!;
      m.set(row(task.validFeatures, t, F), v0);
      m[LABEL_SCALAR] = 0;
      interp.run(alg.predict);
      let err: number;
      if (accuracy) {
        const p = 1 / (1 + Math.exp(-m[PREDICTION_SCALAR]!));
        predictions.push(p);
        err = p > 1 || p < 0 ? Infinity : (y > 0.5) === (p > 0.5) ? 0 : 1;
        loss += err;
      } else {
        const p = m[PREDICTION_SCALAR]!;
        predictions.push(p);
        err = y - p;
        loss += err * err;
      }
      if (!(Math.abs(err) <= maxAbsError)) { failed = true; break; }
    }
    const fitness = failed ? 0 : accuracy ? 1 - loss / task.numValidExamples : squash(Math.sqrt(loss / task.numValidExamples));
    if (fitness > best) best = fitness;
  }
  return { fitness: best, steps, predictions };
}

/** First index where two prediction lists differ under Object.is, or null. */
export function predictionMismatch(a: readonly number[], b: readonly number[]): string | null {
  if (a.length !== b.length) return `length ${a.length} vs ${b.length}`;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return `prediction ${i}: ${a[i]} vs ${b[i]}`;
  return null;
}
