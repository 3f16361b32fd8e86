/** The Fashion-MNIST sample configs: the original baseline with only the data changed, the scaled-down run, the held-out tasks. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkRunSpec, checkTaskCollection } from '../../src/config/check';
import { parseRunSpec, parseTaskCollection } from '../../src/config/load';
import type { RunSpec, TaskCollection, TaskSpec } from '../../src/config/types';
import { HELD_OUT_PAIRS } from '../../src/datasets/evaluate';

const CONFIGS = join(__dirname, '../../samples/configs');
const run = (f: string): RunSpec => parseRunSpec(readFileSync(join(CONFIGS, f), 'utf8'), f);

type Data = { datasetName: string; path: string; max?: number; train?: number; valid?: number };
/** The collection with its data fields replaced. */
function withData(c: TaskCollection, d: Data): TaskCollection {
  return {
    tasks: c.tasks.map((t: TaskSpec) => {
      if (t.task.kind !== 'projected_binary_classification_task') throw new Error('not projected');
      return {
        ...t,
        numTrainExamples: d.train ?? t.numTrainExamples,
        numValidExamples: d.valid ?? t.numValidExamples,
        task: { ...t.task, datasetName: d.datasetName, path: d.path, maxSupportedDataSeed: d.max ?? t.task.maxSupportedDataSeed },
      };
    }),
  };
}

describe('Fashion-MNIST configs', () => {
  const cifar = run('baseline_projected_binary.textproto');

  it('baseline_projected_binary_fashion_mnist: run_baseline.sh with only the data changed', () => {
    const fm = run('baseline_projected_binary_fashion_mnist.textproto');
    checkRunSpec(fm);
    const d = { datasetName: 'fashion_mnist', path: './data/fashion_mnist' };
    expect(fm).toEqual({
      ...cifar,
      searchExperimentSpec: { ...cifar.searchExperimentSpec, searchTasks: withData(cifar.searchExperimentSpec.searchTasks, d) },
      selectTasks: withData(cifar.selectTasks, d),
      finalTasks: withData(cifar.finalTasks, d),
    });
  });

  it('the scaled-down run: smaller tasks, seeds 0-9, a time limit; everything else as the baseline', () => {
    const small = run('baseline_projected_binary_fashion_mnist_small.textproto');
    checkRunSpec(small);
    const s = small.searchExperimentSpec;
    expect(s.maxSeconds).not.toBeNull();
    expect(s.maxSeconds! + 60).toBeLessThanOrEqual(600);
    expect(s.populationSize).toBe(100);
    expect(s.memorySizes).toEqual({ scalars: 5, vectors: 9, matrices: 2 });
    const d = { datasetName: 'fashion_mnist', path: './data/fashion_mnist_small', max: 10, train: 1000, valid: 200 };
    expect(small).toEqual({
      ...cifar,
      searchExperimentSpec: {
        ...cifar.searchExperimentSpec, searchTasks: withData(cifar.searchExperimentSpec.searchTasks, d),
        maxSeconds: s.maxSeconds, maxIndividuals: s.maxIndividuals, progressEvery: s.progressEvery,
      },
      selectTasks: withData(cifar.selectTasks, d),
      finalTasks: withData(cifar.finalTasks, d),
    });
  });

  it('fashion_mnist_small_held_out_tasks: the 9 held-out pairs, seeds 0-9', () => {
    const f = 'fashion_mnist_small_held_out_tasks.textproto';
    const c = parseTaskCollection(readFileSync(join(CONFIGS, f), 'utf8'), f);
    checkTaskCollection(c, 'tasks');
    expect(c.tasks.map((t) => (t.task.kind === 'projected_binary_classification_task' ? [t.task.positiveClass, t.task.negativeClass] : null)))
      .toEqual(HELD_OUT_PAIRS);
    for (const t of c.tasks) {
      expect([t.numTasks, t.dataSeeds, t.numTrainExamples, t.numValidExamples, t.evalType]).toEqual([10, [0], 1000, 200, 'ACCURACY']);
    }
  });
});
