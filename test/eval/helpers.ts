/**
 * Shared helpers for the evaluation, search and analysis tests: instructions
 * by op name, task specs as plain objects (no text-format parser), the demo
 * op set, and a compact printer for failure messages.
 */
import type { TaskSpec, TaskType } from '../../src/config/types';
import type { Algorithm } from '../../src/ir/algorithm';
import { type Instruction, makeInstruction } from '../../src/ir/instruction';
import type { MemoryLayout, MemorySizes } from '../../src/ir/memory';
import { OPS, opByName } from '../../src/ir/ops';
import { buildTasks } from '../../src/tasks/build';
import type { Task } from '../../src/tasks/task';
import { ErrorLog, execute } from '../../src/eval/executor';
import type { Runner } from '../../src/eval/runner';
import { Mutator } from '../../src/search/mutator';
import { Randomizer } from '../../src/search/randomizer';
import { Rng } from '../../src/util/rng';

/** The op id of a name (throws on a typo). */
export function opId(name: string): number {
  const op = opByName(name);
  if (!op) throw new Error(`unknown op ${name}`);
  return op.id;
}

/** An instruction by op name. */
export function I(name: string, fields: Omit<Parameters<typeof makeInstruction>[0], 'op'> = {}): Instruction {
  return makeInstruction({ ...fields, op: opId(name) });
}

export const NOOP = (): Instruction => I('NO_OP');
/** so = c */
export const sConst = (out: number, c: number): Instruction => I('SCALAR_CONST_SET_OP', { out, activation: c });
/** so = sa + sb */
export const sAdd = (out: number, in1: number, in2: number): Instruction => I('SCALAR_SUM_OP', { out, in1, in2 });
/** so = sa - sb */
export const sSub = (out: number, in1: number, in2: number): Instruction => I('SCALAR_DIFF_OP', { out, in1, in2 });
/** so = sa * sb */
export const sMul = (out: number, in1: number, in2: number): Instruction => I('SCALAR_PRODUCT_OP', { out, in1, in2 });
/** so = sa / sb */
export const sDiv = (out: number, in1: number, in2: number): Instruction => I('SCALAR_DIVISION_OP', { out, in1, in2 });
/** so = log(sa) */
export const sLog = (out: number, in1: number): Instruction => I('SCALAR_LOG_OP', { out, in1 });
/** so = exp(sa) */
export const sExp = (out: number, in1: number): Instruction => I('SCALAR_EXP_OP', { out, in1 });

export const alg = (setup: Instruction[], predict: Instruction[], learn: Instruction[]): Algorithm => ({ setup, predict, learn });

/** The demo's op set (run_demo.sh), for all three component functions. */
export const DEMO_OP_NAMES = [
  'SCALAR_CONST_SET_OP', 'VECTOR_INNER_PRODUCT_OP', 'SCALAR_DIFF_OP',
  'SCALAR_PRODUCT_OP', 'SCALAR_VECTOR_PRODUCT_OP', 'VECTOR_SUM_OP',
] as const;
export const DEMO_OPS: readonly number[] = DEMO_OP_NAMES.map(opId);
export const ALL_OPS: readonly number[] = OPS.map((op) => op.id);

export const DEMO_SIZES: MemorySizes = { scalars: 4, vectors: 3, matrices: 1 };
export const NN_SIZES: MemorySizes = { scalars: 5, vectors: 9, matrices: 2 };

/** The squash of SPEC §4.2, written independently: 1 − (2/π)·atan(r). */
export function squash(rms: number): number {
  if (!Number.isFinite(rms)) return 0;
  return 1 - (2 / Math.PI) * Math.atan(rms);
}
export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

export function taskSpec(task: TaskType, overrides: Partial<Omit<TaskSpec, 'task'>> = {}): TaskSpec {
  return {
    featuresSize: 4,
    numTrainExamples: 20,
    numTrainEpochs: 1,
    numValidExamples: 10,
    numTasks: 1,
    dataSeeds: [],
    paramSeeds: [],
    evalType: 'RMS_ERROR',
    task,
    ...overrides,
  };
}

export const LINEAR: TaskType = { kind: 'scalar_linear_regression_task' };
export const NN: TaskType = { kind: 'scalar_2layer_nn_regression_task' };
export const increment = (inc = 1): TaskType => ({ kind: 'unit_test_increment_task', increment: inc });

/**
 * A unit_test_fixed_task spec with scalar-valued feature rows (each row filled
 * with `F` copies unless given as arrays).
 */
export function fixedSpec(
  data: { train: Array<number | number[]>; trainLabels: number[]; valid: Array<number | number[]>; validLabels: number[] },
  overrides: Partial<Omit<TaskSpec, 'task'>> = {},
): TaskSpec {
  const F = overrides.featuresSize ?? 2;
  const rows = (xs: Array<number | number[]>) => xs.map((x) => (Array.isArray(x) ? x : new Array<number>(F).fill(x)));
  return taskSpec({
    kind: 'unit_test_fixed_task',
    trainFeatures: rows(data.train),
    trainLabels: data.trainLabels,
    validFeatures: rows(data.valid),
    validLabels: data.validLabels,
  }, { featuresSize: F, numTrainExamples: data.train.length, numValidExamples: data.valid.length, ...overrides });
}

export function buildOne(spec: TaskSpec): Task {
  const tasks = buildTasks({ tasks: [spec] });
  if (tasks.length !== 1) throw new Error('expected one task');
  return tasks[0]!;
}

/** A compact program listing for failure messages. */
export function listing(a: Algorithm): string {
  const line = (ins: Instruction) => {
    const op = OPS[ins.op]!;
    return `${op.name}(o=${ins.out},a=${ins.in1},b=${ins.in2},c=${ins.activation},f=${ins.f0},${ins.f1},${ins.f2})`;
  };
  return `setup: ${a.setup.map(line).join('; ')}\npredict: ${a.predict.map(line).join('; ')}\nlearn: ${a.learn.map(line).join('; ')}`;
}

/** Element-wise Object.is on number lists; returns a message or null. */
export function sameNumbers(a: readonly number[], b: readonly number[]): string | null {
  if (a.length !== b.length) return `length ${a.length} vs ${b.length}`;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return `at ${i}: ${a[i]} vs ${b[i]}`;
  return null;
}

/** What one execution shows from outside: fitness, steps, recorded errors, and where the random stream ends. */
export interface Outcome {
  fitness: number;
  steps: number;
  trainErrors: number[];
  validErrors: number[];
  rngAfter: number;
}

/**
 * Runs `runner` on `task` with a generator seeded `seed`: with `fingerprint`,
 * a short run of that many examples recording errors (as FEC does), otherwise
 * the whole task.
 */
export function outcomeOf(
  runner: Runner, layout: MemoryLayout, task: Task, seed: number, fingerprint: { train: number; valid: number } | null,
): Outcome {
  const rng = new Rng(seed);
  const errors = new ErrorLog();
  const r = execute(runner, layout, task, rng, fingerprint
    ? { numAllTrain: fingerprint.train, numValid: fingerprint.valid, maxAbsError: 100, errors }
    : { numAllTrain: task.numTrainExamples * task.epochs.length, numValid: task.numValidExamples, maxAbsError: 100 });
  return { fitness: r.fitness, steps: r.steps, trainErrors: errors.trainErrors(), validErrors: errors.validErrors(), rngAfter: rng.nextUint32() };
}

/** How `got` differs from `expected`, bit for bit (empty when it does not). */
export function outcomeDifferences(got: Outcome, expected: Outcome): string[] {
  const problems = [
    Object.is(got.fitness, expected.fitness) ? null : `fitness ${got.fitness} vs ${expected.fitness}`,
    got.steps === expected.steps ? null : `steps ${got.steps} vs ${expected.steps}`,
    sameNumbers(got.trainErrors, expected.trainErrors) && `train errors ${sameNumbers(got.trainErrors, expected.trainErrors)}`,
    sameNumbers(got.validErrors, expected.validErrors) && `valid errors ${sameNumbers(got.validErrors, expected.validErrors)}`,
    got.rngAfter === expected.rngAfter ? null : 'random stream consumed differently',
  ];
  return problems.filter((p): p is string => p !== null);
}

/** A mutator that changes one instruction at a time, over `ops` (Setup over `setupOps`). */
export function mutatorFor(ops: readonly number[], sizes: MemorySizes, rng: Rng, setupOps = ops): Mutator {
  const limits = (o: readonly number[]) => ({ ops: o, minSize: 0, maxSize: 0 });
  return new Mutator({
    mutationTypes: ['ALTER_PARAM_MUTATION_TYPE', 'RANDOMIZE_INSTRUCTION_MUTATION_TYPE', 'INSERT_INSTRUCTION_MUTATION_TYPE',
      'REMOVE_INSTRUCTION_MUTATION_TYPE'],
    mutateProb: 1, setup: limits(setupOps), predict: limits(ops), learn: limits(ops),
  }, new Randomizer(sizes, rng), rng);
}
