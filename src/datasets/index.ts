export type { ExampleSource, FeatureRow, SourceSummary } from './source';
export { ChunkReader, isGzipFile, openByteStream } from './byte-stream';
export { encodeIdx, forEachIdxImage, IDX_TYPES, idxSource, readIdxHeader, readIdxLabels } from './idx';
export { CIFAR_IMAGE_BYTES, CIFAR_RECORD_BYTES, cifarSource, findCifarBatches } from './cifar';
export { csvSource, type CsvOptions } from './csv';
export { findIdxTrainFiles, parseSourceSpec, SOURCE_FORMS } from './source-spec';
export { collectClasses, type ClassExamples } from './collect';
export { fitStandardizer, gaussianProjection, project, PROJECTION_SALT, standardizeRows, type Standardizer } from './projection';
export { allocate, SPLIT_SALT, splitTrainValidTest, stratifiedSplit, type SplitIndices } from './split';
export { createProgress, type Progress, type ProgressOptions } from './progress';
export { writeFileAtomic } from './write';
export {
  buildProjectedDatasets, checkBuildSettings, classPairs, makePairDataset,
  type BuildHooks, type BuildReport, type BuildSettings,
} from './builder';
export {
  buildPairTasks, datasetNamesIn, evaluateOnPairs, HELD_OUT_PAIRS,
  type AlgorithmAccuracy, type NamedAlgorithm, type Pair, type PairAccuracy, type PairTask, type PairTaskSettings,
} from './evaluate';
