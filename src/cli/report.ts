/**
 * Terminal output of a search: the original's progress lines (plus rate and
 * FEC hit rate), and the summary as text (the JSON summary is src/run/summary.ts).
 */
import type { SearchEvent, SearchResult } from '../experiment/search';

const fixed = (x: number) => x.toFixed(6);
const pct = (x: number | null) => (x === null ? 'n/a' : `${(100 * x).toFixed(1)}%`);

/** The original's `indivs=...` line, with rate and FEC hit rate added. */
export function progressLine(event: Extract<SearchEvent, { type: 'progress' }>): string {
  const rate = event.individuals / Math.max(event.elapsedSeconds, 1e-9);
  const fec = event.fecHitRate === null ? '' : ` fec_hit_rate=${(100 * event.fecHitRate).toFixed(1)}%,`;
  return `indivs=${event.individuals}, elapsed_secs=${event.elapsedSeconds.toFixed(0)}, mean=${fixed(event.mean)}, `
    + `stdev=${fixed(event.stdev)}, best fit=${fixed(event.best)}, rate=${rate.toFixed(0)}/s,${fec}`;
}

/** The lines of the original's output that mark the steps of a run (everything but progress). */
export function milestoneLines(event: SearchEvent): string[] {
  switch (event.type) {
    case 'seed':
      return [`Random seed = ${event.seed}`];
    case 'experiment-start':
      return [`Running evolution experiment ${event.experiment + 1} (on the T_search tasks)...`];
    case 'experiment-end':
      return [
        'Experiment done. Retrieving candidate algorithm.',
        `Individuals: ${event.individuals}, FEC hit rate ${pct(event.fecHitRate)}, canonical memo hit rate ${pct(event.memoHitRate)}`,
        `Search fitness for candidate algorithm = ${fixed(event.searchFitness)}`,
        `Select fitness for candidate algorithm = ${fixed(event.selectFitness)}`,
      ];
    case 'final':
      return [`Final evaluation fitness (on unseen data) = ${fixed(event.fitness)}`];
    case 'progress':
      return [];
  }
}

export function summaryText(result: SearchResult): string {
  const lines = [
    '',
    `Individuals: ${result.individuals} in ${result.elapsedSeconds.toFixed(1)} s (${result.individualsPerSecond.toFixed(0)}/s)`,
  ];
  if (result.finalFitness !== null) lines.push(`Final evaluation fitness (on unseen data) = ${fixed(result.finalFitness)}`);
  else if (!result.complete) lines.push('Stopped before the final evaluation; the best algorithm so far:');
  lines.push('Algorithm found: ', result.algorithmText.trimEnd(), '', 'Simplified (instructions that cannot affect a prediction removed):',
    result.simplifiedText.trimEnd());
  return lines.join('\n');
}
