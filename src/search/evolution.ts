/**
 * Regularized evolution (SPEC §7.2): a fixed-size population replaced in age
 * order; each child is a mutated copy of a tournament winner.
 */
import type { ProgramFacts } from '../eval/evaluator';
import type { Algorithm, AlgorithmEdit } from '../ir/algorithm';
import type { Rng } from '../util/rng';
import type { Generator } from './generator';
import type { Mutator } from './mutator';

export interface PopulationStats {
  readonly mean: number;
  readonly stdev: number;
  readonly best: number;
  readonly bestIndex: number;
}

export interface EvolutionLimits {
  /** Stop once the evaluator has run this many more training steps. */
  readonly maxTrainSteps: number;
  /** Stop once this many individuals (the initial population included) exist. */
  readonly maxIndividuals: number;
  /** Wall-clock limit in milliseconds. */
  readonly maxMillis: number;
}

export interface ProgressEvent extends PopulationStats {
  readonly individuals: number;
  readonly elapsedSeconds: number;
}

/**
 * Everything that determines how a population continues (for checkpoints):
 * the population in slot order, its fitnesses, and the counters. The random
 * generator is shared with the rest of the search and saved by its owner.
 */
export interface EvolutionState {
  readonly algorithms: readonly Algorithm[];
  readonly fitnesses: Float64Array;
  readonly individuals: number;
  /** Individual count at the last progress report; -Infinity before the first. */
  readonly lastPrinted: number;
  readonly elapsedSeconds: number;
}

export interface FitnessFunction {
  /** The fitness of `alg`; `parent` and `edit`: the facts of the algorithm that `edit` made it from, if known. */
  evaluate(alg: Algorithm, parent?: ProgramFacts | null, edit?: AlgorithmEdit): number;
  /** What the last evaluation learned of its algorithm, for the evaluation of its children. */
  readonly lastFacts: ProgramFacts | null;
  readonly steps: number;
}

export class RegularizedEvolution {
  /** The population by slot; changed only through this class, which keeps `facts` in step. */
  private readonly population: Algorithm[] = [];
  readonly fitnesses: Float64Array;
  /** What the evaluator learned of each slot's algorithm (null where unknown: migrants, restored states). */
  private readonly facts: Array<ProgramFacts | null> = [];
  individuals = 0;
  private lastPrinted = -Infinity;
  private start = Date.now();

  constructor(
    readonly rng: Rng,
    readonly populationSize: number,
    readonly tournamentSize: number,
    readonly progressEvery: number,
    readonly generator: Generator,
    readonly evaluator: FitnessFunction,
    readonly mutator: Mutator,
    readonly onProgress: (event: ProgressEvent) => void = () => {},
  ) {
    if (!(populationSize > 0)) throw new RangeError('population_size must be > 0');
    if (!(tournamentSize > 0 && tournamentSize <= populationSize)) {
      throw new RangeError(`tournament_size must be in [1, population_size = ${populationSize}], got ${tournamentSize}`);
    }
    this.fitnesses = new Float64Array(populationSize);
  }

  init(): number {
    for (let i = 0; i < this.populationSize; i++) {
      const alg = this.mutator.mutate(this.generator.initModel(), 0);
      this.population[i] = alg;
      this.fitnesses[i] = this.evaluator.evaluate(alg);
      this.facts[i] = this.evaluator.lastFacts;
      this.individuals++;
    }
    this.maybeReport();
    return this.populationSize;
  }

  /** Runs whole generations until a limit is reached; returns the training steps used. */
  run(limits: EvolutionLimits): number {
    const startSteps = this.evaluator.steps;
    const deadline = Date.now() + limits.maxMillis;
    while (this.evaluator.steps - startSteps < limits.maxTrainSteps
      && this.individuals < limits.maxIndividuals
      && Date.now() < deadline) {
      this.generation();
    }
    return this.evaluator.steps - startSteps;
  }

  /** One generation: every slot, oldest first, replaced by a mutated tournament winner; then maybe a report. */
  generation(): void {
    for (let i = 0; i < this.populationSize; i++) {
      const parent = this.tournament();
      const child = this.mutator.mutate(this.population[parent]!, 1);
      this.fitnesses[i] = this.evaluator.evaluate(child, this.facts[parent], this.mutator.edit);
      this.population[i] = child;
      this.facts[i] = this.evaluator.lastFacts;
      this.individuals++;
    }
    this.maybeReport();
  }

  /** The population and counters, copied (valid between generations). */
  getState(): EvolutionState {
    return {
      algorithms: [...this.population],
      fitnesses: Float64Array.from(this.fitnesses),
      individuals: this.individuals,
      lastPrinted: this.lastPrinted,
      elapsedSeconds: this.elapsedSeconds(),
    };
  }

  /** Continues from a state taken by getState (instead of init()). */
  setState(state: EvolutionState): void {
    if (state.algorithms.length !== this.populationSize || state.fitnesses.length !== this.populationSize) {
      throw new Error(`evolution state holds ${state.algorithms.length} individuals, the population size is ${this.populationSize}`);
    }
    this.population.length = 0;
    this.population.push(...state.algorithms);
    this.fitnesses.set(state.fitnesses);
    this.facts.length = 0;
    this.individuals = state.individuals;
    this.lastPrinted = state.lastPrinted;
    this.start = Date.now() - state.elapsedSeconds * 1000;
  }

  get algorithms(): readonly Algorithm[] {
    return this.population;
  }

  /** Puts `alg` (with its fitness) in slot `slot`, in place of its algorithm (migration). */
  replace(slot: number, alg: Algorithm, fitness: number): void {
    this.population[slot] = alg;
    this.fitnesses[slot] = fitness;
    this.facts[slot] = null;
  }

  /** The slot of the tournament's winner. */
  tournament(): number {
    let best = -1;
    let bestFitness = -Infinity;
    for (let t = 0; t < this.tournamentSize; t++) {
      const i = this.rng.uniformInt(0, this.populationSize);
      if (best === -1 || this.fitnesses[i]! > bestFitness) {
        best = i;
        bestFitness = this.fitnesses[i]!;
      }
    }
    return best;
  }

  stats(): PopulationStats {
    const n = this.populationSize;
    let sum = 0;
    let sumSq = 0;
    let bestIndex = 0;
    for (let i = 0; i < n; i++) {
      const f = this.fitnesses[i]!;
      sum += f;
      sumSq += f * f;
      if (f > this.fitnesses[bestIndex]!) bestIndex = i;
    }
    const mean = sum / n;
    return { mean, stdev: Math.sqrt(Math.max(0, sumSq / n - mean * mean)), best: this.fitnesses[bestIndex]!, bestIndex };
  }

  best(): { algorithm: Algorithm; fitness: number } {
    const { bestIndex, best } = this.stats();
    return { algorithm: this.population[bestIndex]!, fitness: best };
  }

  elapsedSeconds(): number {
    return (Date.now() - this.start) / 1000;
  }

  private maybeReport(): void {
    if (this.individuals < this.lastPrinted + this.progressEvery) return;
    this.lastPrinted = this.individuals;
    this.onProgress({ ...this.stats(), individuals: this.individuals, elapsedSeconds: this.elapsedSeconds() });
  }
}
