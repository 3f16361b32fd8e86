export type { Task, TaskData } from './task';
export { maxTrainExamples } from './task';
export { buildTask, buildTasks, checkTaskSpec } from './build';
export { DEFAULT_DATA_SEEDS, DEFAULT_PARAM_SEEDS, expandSeed, randomizeTaskSeeds, seedsFor, type TaskSeeds } from './seeds';
export { EPOCHS_SEED_OFFSET, epochViews, makeTrainOrder } from './epochs';
export {
  clearDatasetCache, decodeScalarLabelDataset, encodeScalarLabelDataset, loadScalarLabelDataset,
  type ScalarLabelDataset, type ScalarLabelDatasetInput,
} from './dataset-file';
export { linearWeights } from './creators/linear';
export { teacherParams, type TeacherParams } from './creators/nn';
export { chooseProjectedDataset, projectedDatasetFileName, projectedDatasetPath } from './creators/projected-binary';
