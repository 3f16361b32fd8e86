/**
 * Reading configs (SPEC §9): protobuf text format (or the JSON form of the
 * same schema) -> the plain types of ./types.ts, with every default of the
 * original applied.
 *
 * Syntax and schema errors (unknown field, wrong type, unknown op or enum
 * name, bad nesting) are ParseErrors with the source, line and column. A
 * required choice that is missing and has no plain-data representation (no
 * eval_type, no task type) is a UserError naming the field. Range and
 * consistency checks are in ./check.ts; the parse functions do not run them.
 */
import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import { create, isFieldSet } from '@bufbuild/protobuf';
import { DEFAULT_MEMORY_SIZES, type MemorySizes } from '../ir/memory';
import { opByName } from '../ir/ops';
import { UserError } from '../util/errors';
import {
  FitnessCombinationMode as PbFitnessCombinationMode,
  SearchExperimentSpecSchema,
  type SearchExperimentSpec as PbSearchExperimentSpec,
} from './gen/experiment_pb';
import { HardcodedAlgorithmID as PbHardcodedAlgorithmID } from './gen/generator_pb';
import { OpSchema, type Op as PbOp } from './gen/instruction_pb';
import { MutationType as PbMutationType } from './gen/mutator_pb';
import { RunSpecSchema, type RunSpec as PbRunSpec } from './gen/run_pb';
import {
  EvalType as PbEvalType,
  ProjectedBinaryClassificationTaskSchema,
  TaskCollectionSchema,
  type TaskCollection as PbTaskCollection,
  type TaskSpec as PbTaskSpec,
  type UnitTestFixedTaskVector,
} from './gen/task_pb';
import { parseJsonMessage } from './jsonformat';
import { looksLikeJson } from './source-text';
import { parseTextMessage } from './textformat';
import type {
  EvalType, ExperimentSpec, FitnessCombinationMode, HardcodedAlgorithmId, MutationType, RunSpec,
  TaskCollection, TaskSpec, TaskType,
} from './types';

/** Parses a `SearchExperimentSpec` (the original's --search_experiment_spec). */
export function parseExperimentSpec(text: string, source: string): ExperimentSpec {
  return toExperimentSpec(parseMessage(SearchExperimentSpecSchema, text, source), source, '');
}

/** Parses a `TaskCollection` (the original's --select_tasks / --final_tasks). */
export function parseTaskCollection(text: string, source: string): TaskCollection {
  return toTaskCollection(parseMessage(TaskCollectionSchema, text, source), source, '');
}

/** Parses a `RunSpec` (our --config FILE: the spec, both task collections and the run flags). */
export function parseRunSpec(text: string, source: string): RunSpec {
  return toRunSpec(parseMessage(RunSpecSchema, text, source), source);
}

/** Text format, or JSON when the text starts with `{` and a quoted key. */
export function parseMessage<Desc extends DescMessage>(schema: Desc, text: string, source: string): MessageShape<Desc> {
  return looksLikeJson(text) ? parseJsonMessage(schema, text, source) : parseTextMessage(schema, text, source);
}

// ---- Conversion to plain data ---------------------------------------------

function fail(source: string, path: string, message: string): never {
  throw new UserError(`${source}: ${path ? `${path}: ` : ''}${message}`);
}

function join(path: string, field: string): string {
  return path ? `${path}.${field}` : field;
}

function toNumber(value: bigint, source: string, path: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    fail(source, path, `${value} is too large (at most ${Number.MAX_SAFE_INTEGER})`);
  }
  return Number(value);
}

function toRunSpec(m: PbRunSpec, source: string): RunSpec {
  return {
    searchExperimentSpec: toExperimentSpec(
      m.searchExperimentSpec ?? create(SearchExperimentSpecSchema), source, 'search_experiment_spec'),
    selectTasks: toTaskCollection(m.selectTasks ?? create(TaskCollectionSchema), source, 'select_tasks'),
    finalTasks: toTaskCollection(m.finalTasks ?? create(TaskCollectionSchema), source, 'final_tasks'),
    maxExperiments: toNumber(m.maxExperiments, source, 'max_experiments'),
    randomSeed: m.randomSeed,
    randomizeTaskSeeds: m.randomizeTaskSeeds,
    sufficientFitness: m.sufficientFitness,
  };
}

const OP_IDS: ReadonlyMap<number, number> = new Map(OpSchema.values.map((v) => {
  const op = opByName(v.name);
  if (op === undefined) throw new Error(`op ${v.name} of instruction.proto is missing from the op table`);
  return [v.number, op.id];
}));

function toOpIds(ops: readonly PbOp[]): number[] {
  return ops.map((op) => OP_IDS.get(op)!);
}

const FITNESS_COMBINATION: Partial<Record<PbFitnessCombinationMode, FitnessCombinationMode>> = {
  [PbFitnessCombinationMode.MEAN_FITNESS_COMBINATION]: 'MEAN_FITNESS_COMBINATION',
  [PbFitnessCombinationMode.MEDIAN_FITNESS_COMBINATION]: 'MEDIAN_FITNESS_COMBINATION',
};

const HARDCODED_ALGORITHM: Record<PbHardcodedAlgorithmID, HardcodedAlgorithmId> = {
  [PbHardcodedAlgorithmID.NO_OP_ALGORITHM]: 'NO_OP_ALGORITHM',
  [PbHardcodedAlgorithmID.RANDOM_ALGORITHM]: 'RANDOM_ALGORITHM',
  [PbHardcodedAlgorithmID.LINEAR_ALGORITHM]: 'LINEAR_ALGORITHM',
  [PbHardcodedAlgorithmID.NEURAL_NET_ALGORITHM]: 'NEURAL_NET_ALGORITHM',
  [PbHardcodedAlgorithmID.INTEGRATION_TEST_DAMAGED_NEURAL_NET_ALGORITHM]: 'INTEGRATION_TEST_DAMAGED_NEURAL_NET_ALGORITHM',
};

const MUTATION_TYPE: Record<PbMutationType, MutationType> = {
  [PbMutationType.ALTER_PARAM_MUTATION_TYPE]: 'ALTER_PARAM_MUTATION_TYPE',
  [PbMutationType.RANDOMIZE_INSTRUCTION_MUTATION_TYPE]: 'RANDOMIZE_INSTRUCTION_MUTATION_TYPE',
  [PbMutationType.RANDOMIZE_COMPONENT_FUNCTION_MUTATION_TYPE]: 'RANDOMIZE_COMPONENT_FUNCTION_MUTATION_TYPE',
  [PbMutationType.IDENTITY_MUTATION_TYPE]: 'IDENTITY_MUTATION_TYPE',
  [PbMutationType.INSERT_INSTRUCTION_MUTATION_TYPE]: 'INSERT_INSTRUCTION_MUTATION_TYPE',
  [PbMutationType.REMOVE_INSTRUCTION_MUTATION_TYPE]: 'REMOVE_INSTRUCTION_MUTATION_TYPE',
  [PbMutationType.TRADE_INSTRUCTION_MUTATION_TYPE]: 'TRADE_INSTRUCTION_MUTATION_TYPE',
  [PbMutationType.RANDOMIZE_ALGORITHM_MUTATION_TYPE]: 'RANDOMIZE_ALGORITHM_MUTATION_TYPE',
};

const EVAL_TYPE: Partial<Record<PbEvalType, EvalType>> = {
  [PbEvalType.RMS_ERROR]: 'RMS_ERROR',
  [PbEvalType.ACCURACY]: 'ACCURACY',
};

function toExperimentSpec(m: PbSearchExperimentSpec, source: string, path: string): ExperimentSpec {
  const S = SearchExperimentSpecSchema.field;
  const fitnessCombinationMode = FITNESS_COMBINATION[m.fitnessCombinationMode];
  if (fitnessCombinationMode === undefined) {
    fail(source, join(path, 'fitness_combination_mode'),
      'must be MEAN_FITNESS_COMBINATION or MEDIAN_FITNESS_COMBINATION');
  }
  const int = (value: bigint, field: string): number => toNumber(value, source, join(path, field));
  let memorySizes: MemorySizes | null = null;
  if (isFieldSet(m, S.maxScalarAddresses) || isFieldSet(m, S.maxVectorAddresses) || isFieldSet(m, S.maxMatrixAddresses)) {
    memorySizes = {
      scalars: isFieldSet(m, S.maxScalarAddresses) ? m.maxScalarAddresses : DEFAULT_MEMORY_SIZES.scalars,
      vectors: isFieldSet(m, S.maxVectorAddresses) ? m.maxVectorAddresses : DEFAULT_MEMORY_SIZES.vectors,
      matrices: isFieldSet(m, S.maxMatrixAddresses) ? m.maxMatrixAddresses : DEFAULT_MEMORY_SIZES.matrices,
    };
  }
  return {
    searchTasks: toTaskCollection(m.searchTasks ?? create(TaskCollectionSchema), source, join(path, 'search_tasks')),
    setupOps: toOpIds(m.setupOps),
    predictOps: toOpIds(m.predictOps),
    learnOps: toOpIds(m.learnOps),
    setupSizeInit: m.setupSizeInit,
    predictSizeInit: m.predictSizeInit,
    learnSizeInit: m.learnSizeInit,
    trainBudget: m.trainBudget === undefined ? null : {
      baseline: HARDCODED_ALGORITHM[m.trainBudget.trainBudgetBaseline],
      thresholdFactor: m.trainBudget.trainBudgetThresholdFactor,
    },
    maxAbsError: m.maxAbsError,
    fec: m.fec === undefined ? null : {
      numTrainExamples: int(m.fec.numTrainExamples, 'fec.num_train_examples'),
      numValidExamples: int(m.fec.numValidExamples, 'fec.num_valid_examples'),
      cacheSize: int(m.fec.cacheSize, 'fec.cache_size'),
      forgetEvery: int(m.fec.forgetEvery, 'fec.forget_every'),
    },
    fitnessCombinationMode,
    populationSize: int(m.populationSize, 'population_size'),
    tournamentSize: int(m.tournamentSize, 'tournament_size'),
    initialPopulation: HARDCODED_ALGORITHM[m.initialPopulation],
    maxTrainSteps: int(m.maxTrainSteps, 'max_train_steps'),
    maxIndividuals: isFieldSet(m, S.maxIndividuals) ? int(m.maxIndividuals, 'max_individuals') : null,
    maxSeconds: isFieldSet(m, S.maxSeconds) ? m.maxSeconds : null,
    mutationTypes: (m.allowedMutationTypes?.mutationTypes ?? []).map((t) => MUTATION_TYPE[t]),
    mutateProb: m.mutateProb,
    mutateSetupSizeMin: m.mutateSetupSizeMin,
    mutateSetupSizeMax: m.mutateSetupSizeMax,
    mutatePredictSizeMin: m.mutatePredictSizeMin,
    mutatePredictSizeMax: m.mutatePredictSizeMax,
    mutateLearnSizeMin: m.mutateLearnSizeMin,
    mutateLearnSizeMax: m.mutateLearnSizeMax,
    progressEvery: int(m.progressEvery, 'progress_every'),
    memorySizes,
  };
}

function toTaskCollection(m: PbTaskCollection, source: string, path: string): TaskCollection {
  return { tasks: m.tasks.map((t, i) => toTaskSpec(t, source, `${join(path, 'tasks')}[${i}]`)) };
}

const TASK_TYPES = 'scalar_linear_regression_task, scalar_2layer_nn_regression_task, '
  + 'projected_binary_classification_task, unit_test_fixed_task, unit_test_zeros_task, '
  + 'unit_test_ones_task or unit_test_increment_task';

function toTaskSpec(m: PbTaskSpec, source: string, path: string): TaskSpec {
  const evalType = EVAL_TYPE[m.evalType];
  if (evalType === undefined) fail(source, path, 'eval_type is required: RMS_ERROR or ACCURACY');
  return {
    featuresSize: m.featuresSize,
    numTrainExamples: m.numTrainExamples,
    numTrainEpochs: m.numTrainEpochs,
    numValidExamples: m.numValidExamples,
    numTasks: m.numTasks,
    dataSeeds: [...m.dataSeeds],
    paramSeeds: [...m.paramSeeds],
    evalType,
    task: toTaskType(m.taskType, source, path),
  };
}

function toTaskType(t: PbTaskSpec['taskType'], source: string, path: string): TaskType {
  switch (t.case) {
    case undefined:
      return fail(source, path, `a task type is required: one of ${TASK_TYPES}`);
    case 'scalarLinearRegressionTask':
      return { kind: 'scalar_linear_regression_task' };
    case 'scalar2layerNnRegressionTask':
      return { kind: 'scalar_2layer_nn_regression_task' };
    case 'unitTestZerosTask':
      return { kind: 'unit_test_zeros_task' };
    case 'unitTestOnesTask':
      return { kind: 'unit_test_ones_task' };
    case 'unitTestIncrementTask':
      return { kind: 'unit_test_increment_task', increment: t.value.increment };
    case 'unitTestFixedTask': {
      const p = join(path, 'unit_test_fixed_task');
      const labels = (list: readonly UnitTestFixedTaskVector[], field: string): number[] => list.map((v, i) => {
        if (v.elements.length !== 1) {
          fail(source, `${join(p, field)}[${i}]`, `a label has exactly one element, got ${v.elements.length}`);
        }
        return v.elements[0]!;
      });
      return {
        kind: 'unit_test_fixed_task',
        trainFeatures: t.value.trainFeatures.map((v) => [...v.elements]),
        trainLabels: labels(t.value.trainLabels, 'train_labels'),
        validFeatures: t.value.validFeatures.map((v) => [...v.elements]),
        validLabels: labels(t.value.validLabels, 'valid_labels'),
      };
    }
    case 'projectedBinaryClassificationTask': {
      const v = t.value;
      const P = ProjectedBinaryClassificationTaskSchema.field;
      if (v.taskSource.case === 'dataset') {
        fail(source, join(path, 'projected_binary_classification_task.dataset'),
          'an inline dataset is not supported (as in the original): give the folder of the data files in "path"');
      }
      return {
        kind: 'projected_binary_classification_task',
        positiveClass: isFieldSet(v, P.positiveClass) ? v.positiveClass : null,
        negativeClass: isFieldSet(v, P.negativeClass) ? v.negativeClass : null,
        datasetName: v.datasetName,
        path: v.taskSource.case === 'path' ? v.taskSource.value : '',
        heldOutPairs: v.heldOutPairs.map((pair) => ({
          positiveClass: pair.positiveClass,
          negativeClass: pair.negativeClass,
        })),
        minSupportedDataSeed: v.minSupportedDataSeed,
        maxSupportedDataSeed: v.maxSupportedDataSeed,
      };
    }
  }
}
