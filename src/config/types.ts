/**
 * The experiment configuration as plain data (SPEC §9), with every default of
 * the original applied. Parsers (protobuf text format, JSON) produce these;
 * the rest of the system reads only these.
 */
import type { MemorySizes } from '../ir/memory';

export type EvalType = 'RMS_ERROR' | 'ACCURACY';

export interface ClassPair {
  readonly positiveClass: number;
  readonly negativeClass: number;
}

export type TaskType =
  | { readonly kind: 'scalar_linear_regression_task' }
  | { readonly kind: 'scalar_2layer_nn_regression_task' }
  | {
    readonly kind: 'projected_binary_classification_task';
    /** Both set or both unset (then a pair is drawn from the data seed). */
    readonly positiveClass: number | null;
    readonly negativeClass: number | null;
    readonly datasetName: string;
    readonly path: string;
    readonly heldOutPairs: readonly ClassPair[];
    readonly minSupportedDataSeed: number;
    readonly maxSupportedDataSeed: number;
  }
  | {
    readonly kind: 'unit_test_fixed_task';
    readonly trainFeatures: readonly (readonly number[])[];
    readonly trainLabels: readonly number[];
    readonly validFeatures: readonly (readonly number[])[];
    readonly validLabels: readonly number[];
  }
  | { readonly kind: 'unit_test_zeros_task' }
  | { readonly kind: 'unit_test_ones_task' }
  | { readonly kind: 'unit_test_increment_task'; readonly increment: number };

export interface TaskSpec {
  readonly featuresSize: number;
  readonly numTrainExamples: number;
  readonly numTrainEpochs: number;
  readonly numValidExamples: number;
  readonly numTasks: number;
  readonly dataSeeds: readonly number[];
  readonly paramSeeds: readonly number[];
  readonly evalType: EvalType;
  readonly task: TaskType;
}

export interface TaskCollection {
  readonly tasks: readonly TaskSpec[];
}

export type MutationType =
  | 'ALTER_PARAM_MUTATION_TYPE'
  | 'RANDOMIZE_INSTRUCTION_MUTATION_TYPE'
  | 'RANDOMIZE_COMPONENT_FUNCTION_MUTATION_TYPE'
  | 'IDENTITY_MUTATION_TYPE'
  | 'INSERT_INSTRUCTION_MUTATION_TYPE'
  | 'REMOVE_INSTRUCTION_MUTATION_TYPE'
  | 'TRADE_INSTRUCTION_MUTATION_TYPE'
  | 'RANDOMIZE_ALGORITHM_MUTATION_TYPE';

export type HardcodedAlgorithmId =
  | 'NO_OP_ALGORITHM'
  | 'RANDOM_ALGORITHM'
  | 'LINEAR_ALGORITHM'
  | 'NEURAL_NET_ALGORITHM'
  | 'INTEGRATION_TEST_DAMAGED_NEURAL_NET_ALGORITHM';

export type FitnessCombinationMode = 'MEAN_FITNESS_COMBINATION' | 'MEDIAN_FITNESS_COMBINATION';

export interface FecSpec {
  readonly numTrainExamples: number;
  readonly numValidExamples: number;
  readonly cacheSize: number;
  readonly forgetEvery: number;
}

export interface TrainBudgetSpec {
  readonly baseline: HardcodedAlgorithmId;
  readonly thresholdFactor: number;
}

export interface ExperimentSpec {
  readonly searchTasks: TaskCollection;
  /** Op ids (duplicates allowed: they weight the draw). */
  readonly setupOps: readonly number[];
  readonly predictOps: readonly number[];
  readonly learnOps: readonly number[];
  readonly setupSizeInit: number;
  readonly predictSizeInit: number;
  readonly learnSizeInit: number;
  readonly trainBudget: TrainBudgetSpec | null;
  readonly maxAbsError: number;
  readonly fec: FecSpec | null;
  readonly fitnessCombinationMode: FitnessCombinationMode;
  readonly populationSize: number;
  readonly tournamentSize: number;
  readonly initialPopulation: HardcodedAlgorithmId;
  readonly maxTrainSteps: number;
  /** Our extension: stop after this many individuals (null: no limit). */
  readonly maxIndividuals: number | null;
  /** Our extension: wall-clock limit per experiment in seconds (null: no limit). */
  readonly maxSeconds: number | null;
  readonly mutationTypes: readonly MutationType[];
  readonly mutateProb: number;
  readonly mutateSetupSizeMin: number;
  readonly mutateSetupSizeMax: number;
  readonly mutatePredictSizeMin: number;
  readonly mutatePredictSizeMax: number;
  readonly mutateLearnSizeMin: number;
  readonly mutateLearnSizeMax: number;
  readonly progressEvery: number;
  /**
   * Our extension: the address counts that the original fixes at compile time
   * (`MAX_SCALAR_ADDRESSES` etc.); null when the config does not say.
   */
  readonly memorySizes: MemorySizes | null;
}

/**
 * Everything one `search` run needs: the original binary's flags, which
 * `--config FILE` may also give as one text-format or JSON document.
 */
export interface RunSpec {
  readonly searchExperimentSpec: ExperimentSpec;
  readonly selectTasks: TaskCollection;
  readonly finalTasks: TaskCollection;
  /** 0 = unlimited. */
  readonly maxExperiments: number;
  /** 0 = draw a seed from the clock. */
  readonly randomSeed: number;
  readonly randomizeTaskSeeds: boolean;
  /** Number.MAX_VALUE when not set. */
  readonly sufficientFitness: number;
}
