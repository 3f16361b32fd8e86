/** `bench`: the performance figures of issue #4 (plain text, or one JSON object). */
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import {
  CPP_DEMO_INDIVIDUALS_PER_SECOND, CPP_DEMO_MEDIAN_SECONDS_TO_SOLVE, type SolveTiming, demoScaling, demoThroughput, demoTimeShares,
  longEvaluations, median, timeToSolve,
} from '../../bench/bench';
import { type OriginalRun, checkOriginalBinary, originalThroughput, originalTimeToSolve } from '../../bench/original';
import { type SideBySide, checkTargets, describeCheck } from '../../bench/targets';
import { UserError } from '../../util/errors';
import type { EngineName } from '../../eval/engine';
import { demoRunSpec } from './demo';
import { engineOption, parseNumberFlag } from './search';

export function registerBench(program: Command): void {
  program.command('bench')
    .description('measure demo throughput (1 and N workers), memory, and ns per training step against stated baselines')
    .option('--individuals <n>', 'individuals in each demo throughput run', '1000000')
    .option('--memory-individuals <n>', 'individuals the 1-worker run goes on to for the memory figures', '3000000')
    .option('--throughput-runs <n>', 'runs of the 1-worker demo throughput (the median is the figure): the first before the other figures, one after the long evaluations, the rest at the end', '3')
    .option('--seed <n>', 'seed of the demo throughput runs', '1')
    .option('--workers <n>', 'workers for the scaling runs', String(Math.max(2, availableParallelism())))
    .option('--scaling-rounds <n>', 'rounds of a 1-worker run, an N-worker run and N copies of the 1-worker run side by side, for the scaling figure', '3')
    .option('--scaling-individuals <n>', 'individuals per worker in each scaling run', '300000')
    .option('--solve-seeds <seeds>', 'also time the whole demo, one worker, for these seeds (e.g. 1-10 or 1,4,7; minutes per seed)')
    .option('--original <binary>', 'also run the original C++ (automl_zero\'s run_search_experiment, built with the demo\'s address counts) '
      + 'right after each figure-1 run (as many individuals) and each seed of figure 2, and check those figures against it')
    .addOption(engineOption())
    .option('--json', 'print one JSON object')
    .action(async (flags: {
      individuals: string; memoryIndividuals: string; throughputRuns: string; seed: string; workers: string; engine: EngineName; json?: boolean;
      solveSeeds?: string; scalingRounds: string; scalingIndividuals: string; original?: string;
    }) => {
      const solveSeeds = flags.solveSeeds === undefined ? [] : parseSeedList(flags.solveSeeds);
      const individuals = parseNumberFlag(flags.individuals, '--individuals', true);
      const memoryIndividuals = parseNumberFlag(flags.memoryIndividuals, '--memory-individuals', true);
      const throughputRuns = parseNumberFlag(flags.throughputRuns, '--throughput-runs', true);
      if (throughputRuns < 1) throw new UserError(`--throughput-runs: expected at least 1 run, got '${flags.throughputRuns}'`);
      const seed = parseNumberFlag(flags.seed, '--seed', true);
      const workers = parseNumberFlag(flags.workers, '--workers', true);
      const scalingRounds = parseNumberFlag(flags.scalingRounds, '--scaling-rounds', true);
      const scalingIndividuals = parseNumberFlag(flags.scalingIndividuals, '--scaling-individuals', true);
      if (flags.original !== undefined) checkOriginalBinary(flags.original);
      const log = (line: string): void => {
        if (!flags.json) process.stderr.write(`${line}\n`);
      };
      // The original right after each of our runs, so that the two see the same phase of the machine.
      const originalRuns: OriginalRun[] = [];
      const originalSolved: OriginalRun[] = [];
      const throughputOfOriginal = async (): Promise<void> => {
        if (flags.original === undefined) return;
        const r = await originalThroughput(flags.original, seed, individuals);
        originalRuns.push(r);
        log(`the original C++, seed ${seed}: ${r.individuals} individuals, ${r.individualsPerSecond.toFixed(0)}/s`);
      };
      const timeToSolveOfOriginal = async (solveSeed: number): Promise<void> => {
        if (flags.original === undefined) return;
        const r = await originalTimeToSolve(flags.original, solveSeed);
        originalSolved.push(r);
        log(`the original C++, seed ${solveSeed}: ${r.experiments} experiments, ${r.individuals} individuals, ${r.seconds.toFixed(1)} s`);
      };
      const run = demoRunSpec();
      const one = demoThroughput(run, individuals, seed, flags.engine, 1, memoryIndividuals);
      await throughputOfOriginal();
      // The machine's speed drifts by up to 1.6x, in phases of minutes (README): runs back to back all
      // see the phase they start in, so figure 1's further runs are spread over the bench, between the other figures.
      const rates = [one.individualsPerSecond];
      const runAgain = async (): Promise<void> => {
        rates.push(demoThroughput(run, individuals, seed, flags.engine, 1).individualsPerSecond);
        await throughputOfOriginal();
      };
      const shares = demoTimeShares(run, Math.min(individuals, TIME_SHARE_INDIVIDUALS), seed, flags.engine);
      const scaling = demoScaling(run, scalingIndividuals, seed, flags.engine, workers, scalingRounds);
      const steps = longEvaluations();
      if (rates.length < throughputRuns) await runAgain();
      const solved: SolveTiming[] = [];
      for (const solveSeed of solveSeeds) {
        const t = timeToSolve(run, solveSeed, flags.engine);
        solved.push(t);
        log(`seed ${t.seed}: ${t.experiments} experiments, ${t.individuals} individuals, ${t.seconds.toFixed(1)} s`);
        await timeToSolveOfOriginal(solveSeed);
      }
      while (rates.length < throughputRuns) await runAgain();
      const rate = median(rates);
      const original: SideBySide | undefined = flags.original === undefined ? undefined : {
        throughputRatios: rates.map((r, i) => r / originalRuns[i]!.individualsPerSecond),
        solveSeconds: originalSolved.map((r) => r.seconds),
      };
      const targets = checkTargets({ individualsPerSecond: rate, solved, steps, rss: one.rss, scaling, ...(original ? { original } : {}) });
      if (flags.json) {
        process.stdout.write(`${JSON.stringify({
          seed, engine: flags.engine, baseline_cpp_individuals_per_second: CPP_DEMO_INDIVIDUALS_PER_SECOND,
          demo_one_worker: one, demo_one_worker_runs: rates, demo_one_worker_median: rate, demo_time_shares: shares, demo_scaling: scaling, long_evaluations: steps, time_to_solve: solved,
          baseline_cpp_median_seconds_to_solve: CPP_DEMO_MEDIAN_SECONDS_TO_SOLVE,
          ...(original ? { original: { binary: flags.original, demo_runs: originalRuns, throughput_ratios: original.throughputRatios, time_to_solve: originalSolved } } : {}),
          targets,
        }, null, 2)}\n`);
        return;
      }
      const lines = [
        `Baseline: the original C++ on this kind of machine, ${CPP_DEMO_INDIVIDUALS_PER_SECOND} demo individuals/s on one core.`,
        `1. Demo throughput (demo search settings, task seeds from seed ${seed}, engine ${flags.engine}, 1 worker):`,
        `   ${rate.toFixed(0)} individuals/s = ${(rate / CPP_DEMO_INDIVIDUALS_PER_SECOND).toFixed(2)}x the C++: `
          + (rates.length === 1 ? `one run of ${one.individuals} individuals in ${one.seconds.toFixed(1)} s`
            : `the median of ${rates.length} runs of ${one.individuals} individuals (${rates.map((r) => r.toFixed(0)).join(', ')}/s;`
              + ` the first in ${one.seconds.toFixed(1)} s, before the other figures; the others with V8's code already compiled:`
              + ' one after the long evaluations, the rest at the end, so that they meet other phases of the machine\'s drift)'),
        ...originalThroughputLines(originalRuns, original?.throughputRatios ?? []),
        `   each tenth of the first run: ${one.tenths.map((r) => r.toFixed(0)).join(', ')} individuals/s (the first tenths find fewer programs in the caches; the machine's speed drifts)`,
        `   FEC hit rate ${((one.fecHitRate ?? 0) * 100).toFixed(1)}%, canonical memo hit rate ${(one.memoHitRate * 100).toFixed(1)}%, `
          + `memo keys inherited (no live instruction changed) ${((one.inheritedKeyRate ?? 0) * 100).toFixed(1)}% of children`,
        `   time (a separate timed run of ${shares.individuals} individuals): executing programs ${percent(shares.execute)}, `
          + `canonical forms ${percent(shares.canonical)}, compiling ${percent(shares.compile)}, mutating ${percent(shares.mutate)}, `
          + `other ${percent(shares.other)}`,
        ...solveLines(solved, originalSolved),
        '3. Long evaluations (8000 training steps; ns per training step; auto: as in a search of 10 such tasks; hand-written JS = the practical limit):',
        ...steps.map((s) => `   ${s.model.padEnd(10)} F=${String(s.F).padEnd(3)} ${Object.entries(s.nsPerStep).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}`),
        `4. Memory (1 worker, the first run of figure 1): RSS ${one.rss.map((r) => `${r.rssMiB.toFixed(0)} MiB after ${r.individuals}`).join(', ')} individuals.`,
        `5. Scaling (${scaling.rounds.length} rounds of 1 worker, ${workers}, then ${workers} copies of the 1-worker search side by side, back to back, ${scaling.individualsPerWorker} individuals per worker, all warm):`,
        ...scaling.rounds.map((r, i) => `   round ${i + 1}: 1 worker ${r.oneWorker.toFixed(0)}/s, ${workers} workers ${r.workers.toFixed(0)}/s, ${r.ratio.toFixed(2)}x`
          + ` (${workers} copies ${r.copies.toFixed(0)}/s, ${r.copiesRatio.toFixed(2)}x; the workers ${r.ofCopies.toFixed(2)} of the copies)`),
        `   median ${scaling.medianRatio.toFixed(2)}x one worker; ${workers} copies of the 1-worker search side by side: ${scaling.medianCopiesRatio.toFixed(2)}x`
          + ' (what this machine gave that many threads at the time);'
          + ` the ${workers} workers ${scaling.medianOfCopies.toFixed(2)} of what the copies did`,
        `Targets (issue #4) in this run (the machine's speed drifts: runs differ):`,
        ...targets.map((check) => `   ${describeCheck(check)}`),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}

/** Individuals in the run that splits the demo's time into parts. */
const TIME_SHARE_INDIVIDUALS = 300_000;

const percent = (x: number): string => `${(x * 100).toFixed(1)}%`;

function originalThroughputLines(originalRuns: readonly OriginalRun[], ratios: readonly number[]): string[] {
  if (originalRuns.length === 0) return [];
  return [
    `   the original C++ right after each run (its demo search with seed ${originalRuns[0]!.seed} to ${originalRuns[0]!.individuals} individuals): `
      + `${originalRuns.map((r) => r.individualsPerSecond.toFixed(0)).join(', ')}/s; ours over theirs ${ratios.map((r) => `${r.toFixed(2)}x`).join(', ')}, `
      + `median ${median(ratios).toFixed(2)}x`,
  ];
}

function solveLines(solved: readonly SolveTiming[], originalSolved: readonly OriginalRun[]): string[] {
  if (solved.length === 0) return ['2. Time to solve the demo: not run (minutes per seed); add --solve-seeds 1-10.'];
  const seconds = median(solved.map((t) => t.seconds));
  const fitness = (f: number | null | undefined): string => (f === null || f === undefined ? 'n/a' : f.toFixed(6));
  const lines = [
    `2. Time to solve the demo (1 worker; the original C++ here: median ${CPP_DEMO_MEDIAN_SECONDS_TO_SOLVE} s over seeds 1-10${
      originalSolved.length > 0 ? ', and run right after each seed below' : ''}):`,
    ...solved.map((t, i) => {
      const theirs = originalSolved[i];
      return `   seed ${t.seed}: ${t.experiments} experiments, ${t.individuals} individuals, ${t.seconds.toFixed(1)} s, `
        + `select ${t.selectFitness.toFixed(6)}, final ${fitness(t.finalFitness)}`
        + (theirs ? `; the original: ${theirs.experiments} experiments, ${theirs.individuals} individuals, ${theirs.seconds.toFixed(1)} s, `
          + `select ${fitness(theirs.selectFitnesses.at(-1))}, final ${fitness(theirs.finalFitness)}` : '');
    }),
    `   median ${seconds.toFixed(1)} s = ${(seconds / CPP_DEMO_MEDIAN_SECONDS_TO_SOLVE).toFixed(2)}x the C++'s`,
  ];
  if (originalSolved.length > 0) {
    const theirs = median(originalSolved.map((r) => r.seconds));
    lines.push(`   the original run side by side: median ${theirs.toFixed(1)} s; ours ${(seconds / theirs).toFixed(2)}x theirs`);
  }
  return lines;
}

/** "1-10", "3", "1,4,7" or a mix ("1-3,8"). */
export function parseSeedList(text: string): number[] {
  const seeds: number[] = [];
  for (const part of text.split(',')) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    const from = m ? Number(m[1]) : NaN;
    const to = m && m[2] !== undefined ? Number(m[2]) : from;
    if (!m || !(to >= from) || to - from > 10_000) throw new UserError(`--solve-seeds: expected seeds like 1-10 or 1,4,7 (got "${text}")`);
    for (let seed = from; seed <= to; seed++) seeds.push(seed);
  }
  return seeds;
}

