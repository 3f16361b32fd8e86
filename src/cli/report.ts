/**
 * Terminal output of a search: the original's progress lines (plus rate and
 * FEC hit rate) on stderr, and the summary as text or as one JSON object.
 */
import type { SearchEvent, SearchResult } from '../experiment/search';

const fixed = (x: number) => x.toFixed(6);
const pct = (x: number | null) => (x === null ? 'n/a' : `${(100 * x).toFixed(1)}%`);

export function progressPrinter(write: (line: string) => void): (event: SearchEvent) => void {
  return (event) => {
    switch (event.type) {
      case 'seed':
        write(`Random seed = ${event.seed}`);
        break;
      case 'experiment-start':
        write(`Running evolution experiment ${event.experiment + 1} (on the T_search tasks)...`);
        break;
      case 'progress': {
        const rate = event.individuals / Math.max(event.elapsedSeconds, 1e-9);
        const fec = event.fecHitRate === null ? '' : ` fec_hit_rate=${(100 * event.fecHitRate).toFixed(1)}%,`;
        write(`indivs=${event.individuals}, elapsed_secs=${event.elapsedSeconds.toFixed(0)}, mean=${fixed(event.mean)}, `
          + `stdev=${fixed(event.stdev)}, best fit=${fixed(event.best)}, rate=${rate.toFixed(0)}/s,${fec}`);
        break;
      }
      case 'experiment-end':
        write('Experiment done. Retrieving candidate algorithm.');
        write(`Individuals: ${event.individuals}, FEC hit rate ${pct(event.fecHitRate)}, canonical memo hit rate ${pct(event.memoHitRate)}`);
        write(`Search fitness for candidate algorithm = ${fixed(event.searchFitness)}`);
        write(`Select fitness for candidate algorithm = ${fixed(event.selectFitness)}`);
        break;
      case 'final':
        write(`Final evaluation fitness (on unseen data) = ${fixed(event.fitness)}`);
        break;
    }
  };
}

export function summaryJson(result: SearchResult, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    seed: result.seed,
    ...extra,
    experiments: result.experiments.map((e) => ({
      search_fitness: e.searchFitness,
      select_fitness: e.selectFitness,
      individuals: e.individuals,
      elapsed_seconds: e.elapsedSeconds,
      train_steps: e.trainSteps,
      fec_hit_rate: e.fecHitRate,
      memo_hit_rate: e.memoHitRate,
    })),
    individuals: result.individuals,
    elapsed_seconds: result.elapsedSeconds,
    individuals_per_second: result.individualsPerSecond,
    fec_hit_rate: result.fecHitRate,
    select_fitness: result.selectFitness,
    final_fitness: result.finalFitness,
    algorithm: result.algorithmText,
  }, null, 2);
}

export function summaryText(result: SearchResult): string {
  return [
    '',
    `Individuals: ${result.individuals} in ${result.elapsedSeconds.toFixed(1)} s (${result.individualsPerSecond.toFixed(0)}/s)`,
    `Final evaluation fitness (on unseen data) = ${fixed(result.finalFitness)}`,
    'Algorithm found: ',
    result.algorithmText,
  ].join('\n');
}
