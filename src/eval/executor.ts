/**
 * The executor (SPEC §4.2): fresh zeroed memory, Setup once, then epochs of
 * training, each followed by validation; the best validation fitness wins.
 * Training that fails in the first epoch gives fitness 0.
 */
import type { MemoryLayout } from '../ir/memory';
import type { Task } from '../tasks/task';
import type { RandomSource } from '../util/rng';
import { MIN_FITNESS, fitnessFromLoss } from './fitness';
import type { Runner } from './runner';

export interface ExecutionResult {
  fitness: number;
  /** Training steps executed, including the one on which training stopped early. */
  steps: number;
}

/**
 * The absolute errors of a run's first epoch, training then validation (SPEC
 * §6), in typed arrays the runners write into: reused from run to run, they
 * cost no allocation.
 */
export class ErrorLog {
  train = new Float64Array(16);
  valid = new Float64Array(16);
  trainCount = 0;
  validCount = 0;

  /** Empties the log, with room for the given numbers of errors. */
  reset(train: number, valid: number): void {
    if (this.train.length < train) this.train = new Float64Array(train);
    if (this.valid.length < valid) this.valid = new Float64Array(valid);
    this.trainCount = 0;
    this.validCount = 0;
  }

  trainErrors(): number[] {
    return Array.from(this.train.subarray(0, this.trainCount));
  }

  validErrors(): number[] {
    return Array.from(this.valid.subarray(0, this.validCount));
  }
}

export interface ExecuteOptions {
  readonly numAllTrain: number;
  readonly numValid: number;
  readonly maxAbsError: number;
  /** Filled with the first epoch's per-example absolute errors (FEC fingerprints). */
  readonly errors?: ErrorLog | null;
  /**
   * The memory as this program's Setup leaves it, for a program without
   * random ops (its Setup always ends the same): copied instead of running Setup again.
   */
  readonly afterSetup?: Float64Array | null;
}

/** Runs `task`; the outcome goes into `result` (callers running many tasks pass one to reuse). */
export function execute(
  runner: Runner, layout: MemoryLayout, task: Task, rng: RandomSource, options: ExecuteOptions,
  result: ExecutionResult = { fitness: 0, steps: 0 },
): ExecutionResult {
  if (task.epochs.length < 1) throw new Error('a task needs at least one training epoch');
  let memory: Float64Array;
  if (options.afterSetup) {
    memory = layout.scratchMemory(false);
    memory.set(options.afterSetup);
  } else {
    memory = layout.scratchMemory();
    runner.setup(memory, rng);
  }
  const accuracy = task.evalType === 'ACCURACY';
  const perEpoch = task.numTrainExamples;
  const numAll = Math.min(options.numAllTrain, perEpoch * task.epochs.length);
  const numValid = Math.min(options.numValid, task.numValidExamples);
  const log = options.errors ?? null;
  log?.reset(Math.min(perEpoch, numAll), numValid);
  let recording = log !== null;
  let remaining = numAll;
  let position = 0;
  let steps = 0;
  let best = MIN_FITNESS;
  while (remaining > 0) {
    const count = Math.min(perEpoch, remaining);
    const done = runner.train(memory, rng, task.trainFeatures, task.trainLabels, task.trainOrder,
      position, position + count, options.maxAbsError, accuracy, recording ? log!.train : null);
    if (recording) log!.trainCount = done < 0 ? -done - 1 : done;
    if (done < 0) {
      steps -= done;
      if (remaining === numAll) {
        result.fitness = MIN_FITNESS;
        result.steps = steps;
        return result;
      }
      break;
    }
    steps += done;
    position += count;
    remaining -= perEpoch;
    const loss = runner.validate(memory, rng, task.validFeatures, task.validLabels, numValid,
      options.maxAbsError, accuracy, recording ? log!.valid : null);
    if (recording) log!.validCount = loss < 0 ? -1 - loss : numValid;
    const fitness = loss < 0 ? MIN_FITNESS : fitnessFromLoss(loss, task.numValidExamples, task.evalType);
    if (fitness > best) best = fitness;
    recording = false;
  }
  result.fitness = best;
  result.steps = steps;
  return result;
}
