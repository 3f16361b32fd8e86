/**
 * Dispatch from a TaskSpec's type to its creator (SPEC §5.3).
 */
import type { TaskSpec } from '../../config/types';
import { UserError } from '../../util/errors';
import type { TaskSeeds } from '../seeds';
import type { TaskData } from '../task';
import { createLinearTask } from './linear';
import { createNnTask } from './nn';
import { createProjectedBinaryTask } from './projected-binary';
import { createConstantTask, createFixedTask, createIncrementTask } from './unit-test';

export function createTaskData(spec: TaskSpec, seeds: TaskSeeds): TaskData {
  const F = spec.featuresSize;
  const N = spec.numTrainExamples;
  const V = spec.numValidExamples;
  const t = spec.task;
  switch (t.kind) {
    case 'scalar_linear_regression_task': return createLinearTask(F, N, V, seeds.dataSeed, seeds.paramSeed);
    case 'scalar_2layer_nn_regression_task': return createNnTask(F, N, V, seeds.dataSeed, seeds.paramSeed);
    case 'projected_binary_classification_task': return createProjectedBinaryTask(t, F, N, V, seeds.dataSeed);
    case 'unit_test_fixed_task': return createFixedTask(F, t.trainFeatures, t.trainLabels, t.validFeatures, t.validLabels);
    case 'unit_test_zeros_task': return createConstantTask(F, N, V, 0);
    case 'unit_test_ones_task': return createConstantTask(F, N, V, 1);
    case 'unit_test_increment_task': return createIncrementTask(F, N, V, t.increment);
    default: throw new UserError(`unknown task type ${JSON.stringify((t as { kind?: unknown }).kind)}`);
  }
}
