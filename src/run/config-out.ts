/**
 * The resolved run config written to a run folder: the plain RunSpec (every
 * default applied, the seed drawn, the memory sizes decided) back as a
 * protobuf `RunSpec` message, in text format and in JSON. Every field is set
 * explicitly, so the files say everything the run used; parsing either file
 * (config/load.ts) gives the same RunSpec back.
 */
import { create, type MessageInitShape, toJsonString } from '@bufbuild/protobuf';
import { toText } from '@bufbuild/protobuf/txtpb';
import { FitnessCombinationMode as PbFitnessCombinationMode, type SearchExperimentSpecSchema } from '../config/gen/experiment_pb';
import { HardcodedAlgorithmID as PbHardcodedAlgorithmID } from '../config/gen/generator_pb';
import { OpSchema } from '../config/gen/instruction_pb';
import { MutationType as PbMutationType } from '../config/gen/mutator_pb';
import { RunSpecSchema, type RunSpec as PbRunSpec } from '../config/gen/run_pb';
import { EvalType as PbEvalType, type TaskCollectionSchema, type TaskSpecSchema } from '../config/gen/task_pb';
import type { ExperimentSpec, RunSpec, TaskCollection, TaskSpec } from '../config/types';
import { opById } from '../ir/ops';

type TaskSpecInit = MessageInitShape<typeof TaskSpecSchema>;
type TaskCollectionInit = MessageInitShape<typeof TaskCollectionSchema>;
type ExperimentSpecInit = MessageInitShape<typeof SearchExperimentSpecSchema>;

const OP_NUMBER: ReadonlyMap<string, number> = new Map(OpSchema.values.map((v) => [v.name, v.number]));

function opNumbers(ids: readonly number[]): number[] {
  return ids.map((id) => {
    const n = OP_NUMBER.get(opById(id).name);
    if (n === undefined) throw new Error(`op ${opById(id).name} is not in instruction.proto`);
    return n;
  });
}

function taskSpecMessage(t: TaskSpec): TaskSpecInit {
  const base = {
    featuresSize: t.featuresSize,
    numTrainExamples: t.numTrainExamples,
    numTrainEpochs: t.numTrainEpochs,
    numValidExamples: t.numValidExamples,
    numTasks: t.numTasks,
    dataSeeds: [...t.dataSeeds],
    paramSeeds: [...t.paramSeeds],
    evalType: PbEvalType[t.evalType],
  };
  const task = t.task;
  let taskType: TaskSpecInit['taskType'];
  switch (task.kind) {
    case 'scalar_linear_regression_task':
      taskType = { case: 'scalarLinearRegressionTask', value: {} };
      break;
    case 'scalar_2layer_nn_regression_task':
      taskType = { case: 'scalar2layerNnRegressionTask', value: {} };
      break;
    case 'unit_test_zeros_task':
      taskType = { case: 'unitTestZerosTask', value: {} };
      break;
    case 'unit_test_ones_task':
      taskType = { case: 'unitTestOnesTask', value: {} };
      break;
    case 'unit_test_increment_task':
      taskType = { case: 'unitTestIncrementTask', value: { increment: task.increment } };
      break;
    case 'unit_test_fixed_task': {
      const vectors = (rows: readonly (readonly number[])[]) => rows.map((elements) => ({ elements: [...elements] }));
      taskType = {
        case: 'unitTestFixedTask',
        value: {
          trainFeatures: vectors(task.trainFeatures),
          trainLabels: vectors(task.trainLabels.map((x) => [x])),
          validFeatures: vectors(task.validFeatures),
          validLabels: vectors(task.validLabels.map((x) => [x])),
        },
      };
      break;
    }
    case 'projected_binary_classification_task':
      taskType = {
        case: 'projectedBinaryClassificationTask',
        value: {
          ...(task.positiveClass !== null ? { positiveClass: task.positiveClass } : {}),
          ...(task.negativeClass !== null ? { negativeClass: task.negativeClass } : {}),
          datasetName: task.datasetName,
          taskSource: { case: 'path', value: task.path },
          heldOutPairs: task.heldOutPairs.map((p) => ({ positiveClass: p.positiveClass, negativeClass: p.negativeClass })),
          minSupportedDataSeed: task.minSupportedDataSeed,
          maxSupportedDataSeed: task.maxSupportedDataSeed,
        },
      };
      break;
  }
  return { ...base, taskType };
}

function taskCollectionMessage(c: TaskCollection): TaskCollectionInit {
  return { tasks: c.tasks.map(taskSpecMessage) };
}

function experimentSpecMessage(s: ExperimentSpec): ExperimentSpecInit {
  return {
    searchTasks: taskCollectionMessage(s.searchTasks),
    setupOps: opNumbers(s.setupOps),
    predictOps: opNumbers(s.predictOps),
    learnOps: opNumbers(s.learnOps),
    setupSizeInit: s.setupSizeInit,
    predictSizeInit: s.predictSizeInit,
    learnSizeInit: s.learnSizeInit,
    ...(s.trainBudget ? {
      trainBudget: {
        trainBudgetBaseline: PbHardcodedAlgorithmID[s.trainBudget.baseline],
        trainBudgetThresholdFactor: s.trainBudget.thresholdFactor,
      },
    } : {}),
    maxAbsError: s.maxAbsError,
    ...(s.fec ? {
      fec: {
        numTrainExamples: BigInt(s.fec.numTrainExamples),
        numValidExamples: BigInt(s.fec.numValidExamples),
        cacheSize: BigInt(s.fec.cacheSize),
        forgetEvery: BigInt(s.fec.forgetEvery),
      },
    } : {}),
    fitnessCombinationMode: PbFitnessCombinationMode[s.fitnessCombinationMode],
    populationSize: BigInt(s.populationSize),
    tournamentSize: BigInt(s.tournamentSize),
    initialPopulation: PbHardcodedAlgorithmID[s.initialPopulation],
    maxTrainSteps: BigInt(s.maxTrainSteps),
    allowedMutationTypes: { mutationTypes: s.mutationTypes.map((t) => PbMutationType[t]) },
    mutateProb: s.mutateProb,
    mutateSetupSizeMin: s.mutateSetupSizeMin,
    mutateSetupSizeMax: s.mutateSetupSizeMax,
    mutatePredictSizeMin: s.mutatePredictSizeMin,
    mutatePredictSizeMax: s.mutatePredictSizeMax,
    mutateLearnSizeMin: s.mutateLearnSizeMin,
    mutateLearnSizeMax: s.mutateLearnSizeMax,
    progressEvery: BigInt(s.progressEvery),
    ...(s.maxIndividuals !== null ? { maxIndividuals: BigInt(s.maxIndividuals) } : {}),
    ...(s.maxSeconds !== null ? { maxSeconds: s.maxSeconds } : {}),
    ...(s.memorySizes ? {
      maxScalarAddresses: s.memorySizes.scalars,
      maxVectorAddresses: s.memorySizes.vectors,
      maxMatrixAddresses: s.memorySizes.matrices,
    } : {}),
  };
}

export function runSpecMessage(run: RunSpec): PbRunSpec {
  return create(RunSpecSchema, {
    searchExperimentSpec: experimentSpecMessage(run.searchExperimentSpec),
    selectTasks: taskCollectionMessage(run.selectTasks),
    finalTasks: taskCollectionMessage(run.finalTasks),
    maxExperiments: BigInt(run.maxExperiments),
    randomSeed: run.randomSeed,
    randomizeTaskSeeds: run.randomizeTaskSeeds,
    sufficientFitness: run.sufficientFitness,
  });
}

/** The run in protobuf text format (readable by `search --config`). */
export function runSpecToText(run: RunSpec, header = ''): string {
  const comment = header ? `${header.split('\n').map((line) => `# ${line}`.trimEnd()).join('\n')}\n\n` : '';
  return comment + toText(RunSpecSchema, runSpecMessage(run));
}

/** The run as JSON with the .proto field names (readable by `search --config`). */
export function runSpecToJson(run: RunSpec): string {
  return `${toJsonString(RunSpecSchema, runSpecMessage(run), { useProtoFieldName: true, prettySpaces: 2 })}\n`;
}
