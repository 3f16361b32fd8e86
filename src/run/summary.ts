/**
 * A search result as plain JSON data: the `--json` output and the run
 * folder's summary.json.
 */
import type { ExperimentResult, SearchResult } from '../experiment/search';
import { printAlgorithm } from '../text/print';

export function experimentJson(e: ExperimentResult, withCandidate = false): Record<string, unknown> {
  return {
    experiment: e.experiment,
    search_fitness: e.searchFitness,
    select_fitness: e.selectFitness,
    individuals: e.individuals,
    elapsed_seconds: e.elapsedSeconds,
    train_steps: e.trainSteps,
    fec_hit_rate: e.fecHitRate,
    memo_hit_rate: e.memoHitRate,
    ...(withCandidate ? { candidate: printAlgorithm(e.candidate) } : {}),
  };
}

export function summaryObject(result: SearchResult, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    seed: result.seed,
    ...extra,
    complete: result.complete,
    experiments: result.experiments.map((e) => experimentJson(e)),
    individuals: result.individuals,
    elapsed_seconds: result.elapsedSeconds,
    individuals_per_second: result.individualsPerSecond,
    fec_hit_rate: result.fecHitRate,
    select_fitness: result.experiments.length > 0 ? result.selectFitness : null,
    final_fitness: result.finalFitness,
    algorithm: result.algorithmText,
    algorithm_simplified: result.simplifiedText,
  };
}
