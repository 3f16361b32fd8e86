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
  readonly fitness: number;
  /** Training steps executed, including the one on which training stopped early. */
  readonly steps: number;
}

export interface ExecuteOptions {
  readonly numAllTrain: number;
  readonly numValid: number;
  readonly maxAbsError: number;
  /** Filled with the first epoch's per-example absolute errors (FEC fingerprints). */
  readonly trainErrors?: number[] | null;
  readonly validErrors?: number[] | null;
  /**
   * The memory as this program's Setup leaves it, for a program without
   * random ops (its Setup always ends the same): copied instead of running Setup again.
   */
  readonly afterSetup?: Float64Array | null;
}

export function execute(runner: Runner, layout: MemoryLayout, task: Task, rng: RandomSource, options: ExecuteOptions): ExecutionResult {
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
  let trainErrors = options.trainErrors ?? null;
  let validErrors = options.validErrors ?? null;
  let remaining = numAll;
  let position = 0;
  let steps = 0;
  let best = MIN_FITNESS;
  while (remaining > 0) {
    const count = Math.min(perEpoch, remaining);
    const done = runner.train(memory, rng, task.trainFeatures, task.trainLabels, task.trainOrder,
      position, position + count, options.maxAbsError, accuracy, trainErrors);
    if (done < 0) {
      steps -= done;
      if (remaining === numAll) return { fitness: MIN_FITNESS, steps };
      break;
    }
    steps += done;
    position += count;
    remaining -= perEpoch;
    const loss = runner.validate(memory, rng, task.validFeatures, task.validLabels, numValid,
      options.maxAbsError, accuracy, validErrors);
    const fitness = loss < 0 ? MIN_FITNESS : fitnessFromLoss(loss, task.numValidExamples, task.evalType);
    if (fitness > best) best = fitness;
    trainErrors = null;
    validErrors = null;
  }
  return { fitness: best, steps };
}
