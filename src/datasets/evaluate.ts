/**
 * Accuracy of algorithms on projected binary class pairs (SPEC §5.3-5.4):
 * one ACCURACY task per (pair, dataset seed), built by the
 * projected_binary_classification_task creator from the dataset files, so the
 * numbers are exactly those `eval` and `search` compute. Optionally the
 * files' test part replaces the validation part (examples no search or
 * selection ever saw).
 *
 * For ACCURACY tasks the executor feeds sigmoid(s1) back as the prediction
 * before Learn and classifies s1 > 0 as positive in validation, so the LINEAR
 * algorithm acts as logistic regression trained by SGD and NEURAL_NET as a
 * 2-layer ReLU network with a logistic output.
 */
import { readdirSync } from 'node:fs';
import type { TaskCollection, TaskSpec } from '../config/types';
import type { EngineName } from '../eval/engine';
import { Evaluator } from '../eval/evaluator';
import type { Algorithm } from '../ir/algorithm';
import type { MemorySizes } from '../ir/memory';
import { buildTasks } from '../tasks/build';
import { type ProjectedBinaryTaskSpec, projectedDatasetPath } from '../tasks/creators/projected-binary';
import { loadScalarLabelDataset } from '../tasks/dataset-file';
import type { Task } from '../tasks/task';
import { UserError } from '../util/errors';
import { Rng } from '../util/rng';

export type Pair = readonly [number, number];

/** The 9 pairs the original holds out of search (proto comment order): the first 4 for validation, the other 5 for test. */
export const HELD_OUT_PAIRS: readonly Pair[] = [[4, 6], [3, 5], [8, 9], [3, 8], [0, 9], [2, 9], [1, 8], [3, 6], [0, 5]];

export interface PairTaskSettings {
  readonly dataDir: string;
  readonly name: string;
  readonly dim: number;
  readonly pairs: readonly Pair[];
  /** Dataset seeds (the seed in the file names); each pair is evaluated on each. */
  readonly seeds: readonly number[];
  /** Train examples taken from each file (its first ones); default: all of the first file's. */
  readonly numTrain?: number;
  /** Evaluation examples (valid or test part); default: all of the first file's. */
  readonly numEval?: number;
  /** Which part of the files the accuracy is measured on. */
  readonly split: 'valid' | 'test';
}

export interface PairTask {
  readonly pair: Pair;
  readonly seed: number;
  readonly task: Task;
}

/** The dataset names present in a folder of projected dataset files. */
export function datasetNamesIn(dir: string): string[] {
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch (e) {
    throw new UserError(`--data ${dir}: cannot list the folder: ${(e as Error).message}`);
  }
  const names = new Set<string>();
  for (const f of files) {
    const m = /^binary_(.+)-pos_\d+-neg_\d+-dim_\d+-seed_\d+$/.exec(f);
    if (m) names.add(m[1]!);
  }
  return [...names].sort();
}

function pairSpec(s: PairTaskSettings, pair: Pair, numTrain: number, numValid: number): TaskSpec {
  const maxSeed = Math.max(...s.seeds) + 1;
  return {
    featuresSize: s.dim,
    numTrainExamples: numTrain,
    numTrainEpochs: 1,
    numValidExamples: numValid,
    numTasks: s.seeds.length,
    dataSeeds: [...s.seeds],
    paramSeeds: [],
    evalType: 'ACCURACY',
    task: {
      kind: 'projected_binary_classification_task',
      positiveClass: Math.min(pair[0], pair[1]),
      negativeClass: Math.max(pair[0], pair[1]),
      datasetName: s.name,
      path: s.dataDir,
      heldOutPairs: [],
      minSupportedDataSeed: 0,
      maxSupportedDataSeed: maxSeed,
    },
  };
}

/** One task per (pair, seed), pairs outer; with split 'test' the files' test part is the evaluation set. */
export function buildPairTasks(s: PairTaskSettings): PairTask[] {
  if (s.pairs.length === 0) throw new UserError('no class pairs to evaluate');
  if (s.seeds.length === 0) throw new UserError('no dataset seeds to evaluate');
  const first = pairSpec(s, s.pairs[0]!, 1, 1);
  const firstFile = projectedDatasetPath(first.task as ProjectedBinaryTaskSpec, s.dim, s.seeds[0]!);
  const sample = loadScalarLabelDataset(firstFile);
  const numTrain = s.numTrain ?? sample.trainFeatures.length;
  const numEval = s.numEval ?? (s.split === 'test' ? sample.testFeatures.length : sample.validFeatures.length);
  if (numEval <= 0) throw new UserError(`${firstFile} has no ${s.split} examples`);
  // For the test split the task's own validation part only needs to exist; the test part replaces it.
  const collection: TaskCollection = {
    tasks: s.pairs.map((p) => pairSpec(s, p, numTrain, s.split === 'test' ? 1 : numEval)),
  };
  const tasks = buildTasks(collection);
  const out: PairTask[] = [];
  let k = 0;
  s.pairs.forEach((pair, pi) => {
    for (const seed of s.seeds) {
      let task = tasks[k++]!;
      if (s.split === 'test') {
        const spec = collection.tasks[pi]!;
        const file = projectedDatasetPath(spec.task as ProjectedBinaryTaskSpec, s.dim, seed);
        const data = loadScalarLabelDataset(file);
        if (data.testFeatures.length < numEval || data.testLabels.length < numEval) {
          throw new UserError(`dataset file ${file} has ${data.testFeatures.length} test examples, fewer than ${numEval}`);
        }
        const features = new Float64Array(numEval * s.dim);
        for (let i = 0; i < numEval; i++) {
          const v = data.testFeatures[i]!;
          if (v.length !== s.dim) throw new UserError(`dataset file ${file}: test example ${i} has ${v.length} features, expected ${s.dim}`);
          features.set(v, i * s.dim);
        }
        task = { ...task, numValidExamples: numEval, validFeatures: features, validLabels: Float64Array.from(data.testLabels.subarray(0, numEval)) };
      }
      out.push({ pair, seed, task });
    }
  });
  return out;
}

export interface NamedAlgorithm {
  readonly name: string;
  readonly algorithm: Algorithm;
}

export interface PairAccuracy {
  readonly pair: Pair;
  /** Mean over the seeds. */
  readonly accuracy: number;
  readonly perSeed: readonly number[];
}

export interface AlgorithmAccuracy {
  readonly name: string;
  readonly pairs: readonly PairAccuracy[];
  /** Mean over pairs (= over all tasks). */
  readonly mean: number;
}

export interface EvaluateOptions {
  readonly sizes: MemorySizes;
  /** Seed of the generator used by random ops (one fresh generator per algorithm). */
  readonly seed: number;
  readonly maxAbsError?: number;
  readonly engine?: EngineName;
}

export function evaluateOnPairs(algorithms: readonly NamedAlgorithm[], tasks: readonly PairTask[], o: EvaluateOptions): AlgorithmAccuracy[] {
  const pairs: Pair[] = [];
  for (const t of tasks) if (!pairs.includes(t.pair)) pairs.push(t.pair);
  return algorithms.map(({ name, algorithm }) => {
    const evaluator = new Evaluator({
      tasks: tasks.map((t) => t.task), sizes: o.sizes, mode: 'MEAN_FITNESS_COMBINATION', rng: new Rng(o.seed),
      maxAbsError: o.maxAbsError ?? 100, engine: o.engine ?? 'auto',
    });
    const fitness = evaluator.evaluatePerTask(algorithm);
    const perPair: PairAccuracy[] = pairs.map((pair) => {
      const perSeed = tasks.flatMap((t, k) => (t.pair === pair ? [fitness[k]!] : []));
      return { pair, perSeed, accuracy: perSeed.reduce((a, b) => a + b, 0) / perSeed.length };
    });
    return { name, pairs: perPair, mean: perPair.reduce((a, p) => a + p.accuracy, 0) / perPair.length };
  });
}
