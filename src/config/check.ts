/**
 * Fail-fast checks of a parsed configuration (SPEC §5, §6, §7, §9): every
 * setting the original would abort on (or that cannot work) is a UserError
 * whose message names the field and, for tasks, the task's index, e.g.
 * `search_experiment_spec.search_tasks.tasks[1]: num_valid_examples must be > 0 (got 0)`.
 */
import { checkMemorySizes, MAX_ADDRESSES, SUPPORTED_FEATURE_SIZES } from '../ir/memory';
import { UserError } from '../util/errors';
import type { ExperimentSpec, RunSpec, TaskCollection, TaskSpec } from './types';

/** The original's feature sizes (ours are SUPPORTED_FEATURE_SIZES). */
const ORIGINAL_FEATURE_SIZES = [2, 4, 8, 16, 32];
/** FEC error lists are recorded for at most this many examples (SPEC §4.2, §6). */
const MAX_FEC_EXAMPLES = 100;
/** Component-function sizes are stored as uint16 in the original. */
const MAX_COMPONENT_SIZE = 65535;
const NUM_CLASSES = 10;

function fail(where: string, message: string): never {
  throw new UserError(`${where ? `${where}: ` : ''}${message}`);
}

function join(where: string, field: string): string {
  return where ? `${where}.${field}` : field;
}

const isInt = (x: number): boolean => Number.isSafeInteger(x);

/** Checks a task collection; `where` names it in messages (e.g. "select_tasks"). */
export function checkTaskCollection(c: TaskCollection, where: string): void {
  if (c.tasks.length === 0) fail(where, 'at least one task is required (tasks { ... })');
  c.tasks.forEach((t, i) => checkTaskSpec(t, `${join(where, 'tasks')}[${i}]`));
}

function checkTaskSpec(t: TaskSpec, where: string): void {
  const F = t.featuresSize;
  if (!SUPPORTED_FEATURE_SIZES.includes(F)) {
    fail(where, `features_size must be one of ${SUPPORTED_FEATURE_SIZES.join(', ')} `
      + `(the original supports ${ORIGINAL_FEATURE_SIZES.join(', ')}), got ${F}`);
  }
  const positive = (value: number, field: string): void => {
    if (!isInt(value) || value <= 0) fail(where, `${field} must be > 0 (got ${value})`);
  };
  positive(t.numTrainExamples, 'num_train_examples');
  positive(t.numValidExamples, 'num_valid_examples');
  positive(t.numTasks, 'num_tasks');
  if (!isInt(t.numTrainEpochs) || t.numTrainEpochs < 1) {
    fail(where, `num_train_epochs must be >= 1 (got ${t.numTrainEpochs})`);
  }
  for (const [field, seeds] of [['data_seeds', t.dataSeeds], ['param_seeds', t.paramSeeds]] as const) {
    seeds.forEach((s, k) => {
      if (!isInt(s) || s < 0 || s > 0xffffffff) fail(where, `${field}[${k}] must be a uint32 (got ${s})`);
    });
  }
  const task = t.task;
  const needEval = (evalType: TaskSpec['evalType']): void => {
    if (t.evalType !== evalType) fail(where, `${task.kind} requires eval_type: ${evalType} (got ${t.evalType})`);
  };
  const w = join(where, task.kind);
  switch (task.kind) {
    case 'scalar_linear_regression_task':
      needEval('RMS_ERROR');
      break;
    case 'scalar_2layer_nn_regression_task':
      needEval('RMS_ERROR');
      if (F < 3) fail(where, `scalar_2layer_nn_regression_task requires features_size >= 3 (got ${F})`);
      break;
    case 'projected_binary_classification_task': {
      needEval('ACCURACY');
      const isClass = (c: number): boolean => isInt(c) && c >= 0 && c < NUM_CLASSES;
      const pos = task.positiveClass;
      const neg = task.negativeClass;
      if ((pos === null) !== (neg === null)) {
        fail(w, 'give both positive_class and negative_class, or neither (then a pair is drawn from the data seed)');
      }
      if (pos !== null && neg !== null) {
        if (!isClass(pos)) fail(w, `positive_class must be in [0, ${NUM_CLASSES - 1}] (got ${pos})`);
        if (!isClass(neg)) fail(w, `negative_class must be in [0, ${NUM_CLASSES - 1}] (got ${neg})`);
        if (pos === neg) fail(w, `positive_class and negative_class must differ (both ${pos})`);
      }
      const heldOut = new Set<string>();
      task.heldOutPairs.forEach((p, k) => {
        const pw = `${join(w, 'held_out_pairs')}[${k}]`;
        if (!isClass(p.positiveClass)) fail(pw, `positive_class must be in [0, ${NUM_CLASSES - 1}] (got ${p.positiveClass})`);
        if (!isClass(p.negativeClass)) fail(pw, `negative_class must be in [0, ${NUM_CLASSES - 1}] (got ${p.negativeClass})`);
        if (p.positiveClass === p.negativeClass) fail(pw, `positive_class and negative_class must differ (both ${p.positiveClass})`);
        heldOut.add(`${Math.min(p.positiveClass, p.negativeClass)},${Math.max(p.positiveClass, p.negativeClass)}`);
      });
      if (pos === null && heldOut.size >= (NUM_CLASSES * (NUM_CLASSES - 1)) / 2) {
        fail(w, 'held_out_pairs hold out all 45 class pairs: no pair is left to draw');
      }
      if (task.datasetName === '') fail(w, 'dataset_name is required ("cifar10" or "mnist")');
      if (task.path === '') fail(w, 'path (the folder of the projected data files) is required');
      if (!isInt(task.minSupportedDataSeed) || task.minSupportedDataSeed < 0) {
        fail(w, `min_supported_data_seed must be >= 0 (got ${task.minSupportedDataSeed})`);
      }
      if (!(task.minSupportedDataSeed < task.maxSupportedDataSeed)) {
        fail(w, `min_supported_data_seed (${task.minSupportedDataSeed}) must be smaller than `
          + `max_supported_data_seed (${task.maxSupportedDataSeed})`);
      }
      break;
    }
    case 'unit_test_fixed_task': {
      const shapes = (
        features: readonly (readonly number[])[], labels: readonly number[], n: number, kind: 'train' | 'valid',
      ): void => {
        const count = kind === 'train' ? 'num_train_examples' : 'num_valid_examples';
        if (features.length !== n) fail(w, `${kind}_features has ${features.length} vectors but ${count} is ${n}`);
        if (labels.length !== n) fail(w, `${kind}_labels has ${labels.length} labels but ${count} is ${n}`);
        features.forEach((v, k) => {
          if (v.length !== F) fail(`${join(w, `${kind}_features`)}[${k}]`, `has ${v.length} elements but features_size is ${F}`);
        });
      };
      shapes(task.trainFeatures, task.trainLabels, t.numTrainExamples, 'train');
      shapes(task.validFeatures, task.validLabels, t.numValidExamples, 'valid');
      break;
    }
    case 'unit_test_increment_task':
      if (!Number.isFinite(task.increment)) fail(w, `increment must be finite (got ${task.increment})`);
      break;
    case 'unit_test_zeros_task':
    case 'unit_test_ones_task':
      break;
  }
}

/** Checks a search experiment spec; `where` prefixes messages. */
export function checkExperimentSpec(spec: ExperimentSpec, where = 'search_experiment_spec'): void {
  const f = (field: string): string => join(where, field);
  checkTaskCollection(spec.searchTasks, f('search_tasks'));

  if (!isInt(spec.populationSize) || spec.populationSize <= 0) {
    fail(where, `population_size must be > 0 (got ${spec.populationSize})`);
  }
  if (!isInt(spec.tournamentSize) || spec.tournamentSize < 1 || spec.tournamentSize > spec.populationSize) {
    fail(where, `tournament_size must be in [1, population_size = ${spec.populationSize}] (got ${spec.tournamentSize})`);
  }

  const components = [
    ['setup', spec.setupOps, spec.setupSizeInit, spec.mutateSetupSizeMin, spec.mutateSetupSizeMax],
    ['predict', spec.predictOps, spec.predictSizeInit, spec.mutatePredictSizeMin, spec.mutatePredictSizeMax],
    ['learn', spec.learnOps, spec.learnSizeInit, spec.mutateLearnSizeMin, spec.mutateLearnSizeMax],
  ] as const;
  if (components.every(([, ops]) => ops.length === 0)) {
    fail(where, 'setup_ops, predict_ops and learn_ops are all empty: nothing could ever be randomized or mutated');
  }
  for (const [name, ops, init, min, max] of components) {
    for (const [field, value] of [[`${name}_size_init`, init], [`mutate_${name}_size_min`, min], [`mutate_${name}_size_max`, max]] as const) {
      if (!isInt(value) || value < 0 || value > MAX_COMPONENT_SIZE) {
        fail(where, `${field} must be in [0, ${MAX_COMPONENT_SIZE}] (got ${value})`);
      }
    }
    if (spec.initialPopulation === 'RANDOM_ALGORITHM' && init > 0 && ops.length === 0) {
      fail(where, `initial_population RANDOM_ALGORITHM needs ${name}_ops to draw the ${init} `
        + `instructions of ${name}_size_init (list some ops or set ${name}_size_init: 0)`);
    }
  }

  if (spec.mutationTypes.length === 0) {
    fail(where, 'allowed_mutation_types must list at least one mutation type '
      + '(allowed_mutation_types { mutation_types: [...] })');
  }
  if (!(spec.mutateProb >= 0 && spec.mutateProb <= 1)) fail(where, `mutate_prob must be in [0, 1] (got ${spec.mutateProb})`);
  if (!(spec.maxAbsError > 0)) fail(where, `max_abs_error must be > 0 (got ${spec.maxAbsError})`);
  if (!isInt(spec.maxTrainSteps) || spec.maxTrainSteps < 0) fail(where, `max_train_steps must be >= 0 (got ${spec.maxTrainSteps})`);
  if (!isInt(spec.progressEvery) || spec.progressEvery < 0) fail(where, `progress_every must be >= 0 (got ${spec.progressEvery})`);
  if (spec.maxIndividuals !== null && (!isInt(spec.maxIndividuals) || spec.maxIndividuals <= 0)) {
    fail(where, `max_individuals must be > 0 when given (got ${spec.maxIndividuals})`);
  }
  if (spec.maxSeconds !== null && !(spec.maxSeconds > 0 && Number.isFinite(spec.maxSeconds))) {
    fail(where, `max_seconds must be > 0 when given (got ${spec.maxSeconds})`);
  }

  if (spec.trainBudget !== null) {
    const factor = spec.trainBudget.thresholdFactor;
    if (!(factor > 0 && Number.isFinite(factor))) {
      fail(f('train_budget'), `train_budget_threshold_factor must be > 0 (got ${factor})`);
    }
  }

  if (spec.fec !== null) {
    const fec = spec.fec;
    const w = f('fec');
    for (const [field, value] of [['num_train_examples', fec.numTrainExamples], ['num_valid_examples', fec.numValidExamples]] as const) {
      if (!isInt(value) || value <= 0 || value > MAX_FEC_EXAMPLES) {
        fail(w, `${field} must be in [1, ${MAX_FEC_EXAMPLES}] (got ${value})`);
      }
    }
    if (!isInt(fec.cacheSize) || fec.cacheSize <= 1) fail(w, `cache_size must be > 1 (got ${fec.cacheSize})`);
    if (!isInt(fec.forgetEvery) || !(fec.forgetEvery === 0 || fec.forgetEvery > 1)) {
      fail(w, `forget_every must be 0 (never) or > 1 (got ${fec.forgetEvery})`);
    }
    spec.searchTasks.tasks.forEach((t, i) => {
      const tw = `${join(f('search_tasks'), 'tasks')}[${i}]`;
      const trainSteps = t.numTrainExamples * t.numTrainEpochs;
      if (fec.numTrainExamples > trainSteps) {
        fail(w, `num_train_examples (${fec.numTrainExamples}) exceeds the training examples × epochs `
          + `(${trainSteps}) of ${tw}`);
      }
      if (fec.numValidExamples > t.numValidExamples) {
        fail(w, `num_valid_examples (${fec.numValidExamples}) exceeds the num_valid_examples `
          + `(${t.numValidExamples}) of ${tw}`);
      }
    });
  }

  if (spec.memorySizes !== null) {
    const sizes = spec.memorySizes;
    const fields = [
      ['max_scalar_addresses', sizes.scalars, 2],
      ['max_vector_addresses', sizes.vectors, 1],
      ['max_matrix_addresses', sizes.matrices, 0],
    ] as const;
    for (const [field, value, minimum] of fields) {
      if (!isInt(value) || value < minimum || value > MAX_ADDRESSES) {
        fail(where, `${field} must be in [${minimum}, ${MAX_ADDRESSES}] (got ${value})`);
      }
    }
    try {
      checkMemorySizes(sizes);
    } catch (e) {
      fail(where, `max_scalar/vector/matrix_addresses: ${(e as Error).message}`);
    }
  }
}

/** Checks a whole run: the experiment spec, both task collections and the run flags. */
export function checkRunSpec(run: RunSpec): void {
  checkExperimentSpec(run.searchExperimentSpec, 'search_experiment_spec');
  checkTaskCollection(run.selectTasks, 'select_tasks');
  checkTaskCollection(run.finalTasks, 'final_tasks');
  if (!isInt(run.maxExperiments) || run.maxExperiments < 0) {
    fail('', `max_experiments must be >= 0 (0 = unlimited; got ${run.maxExperiments})`);
  }
  if (!isInt(run.randomSeed) || run.randomSeed < 0 || run.randomSeed > 0xffffffff) {
    fail('', `random_seed must be a uint32 (0 = from the clock; got ${run.randomSeed})`);
  }
  if (Number.isNaN(run.sufficientFitness)) fail('', 'sufficient_fitness must be a number (got NaN)');
}
