/** `bench`: the performance figures of issue #4 (plain text, or one JSON object). */
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { CPP_DEMO_INDIVIDUALS_PER_SECOND, demoThroughput, longEvaluations } from '../../bench/bench';
import type { EngineName } from '../../eval/engine';
import { demoRunSpec } from './demo';
import { engineOption, parseNumberFlag } from './search';

export function registerBench(program: Command): void {
  program.command('bench')
    .description('measure demo throughput (1 and N workers), memory, and ns per training step against stated baselines')
    .option('--individuals <n>', 'individuals in each demo throughput run', '300000')
    .option('--seed <n>', 'seed of the demo throughput runs', '1')
    .option('--workers <n>', 'workers for the scaling run', String(Math.max(2, availableParallelism())))
    .addOption(engineOption())
    .option('--json', 'print one JSON object')
    .action((flags: { individuals: string; seed: string; workers: string; engine: EngineName; json?: boolean }) => {
      const individuals = parseNumberFlag(flags.individuals, '--individuals', true);
      const seed = parseNumberFlag(flags.seed, '--seed', true);
      const workers = parseNumberFlag(flags.workers, '--workers', true);
      const run = demoRunSpec();
      const one = demoThroughput(run, individuals, seed, flags.engine, 1);
      const many = demoThroughput(run, individuals, seed, flags.engine, workers);
      const steps = longEvaluations();
      if (flags.json) {
        process.stdout.write(`${JSON.stringify({
          seed, engine: flags.engine, baseline_cpp_individuals_per_second: CPP_DEMO_INDIVIDUALS_PER_SECOND,
          demo_one_worker: one, demo_workers: many, long_evaluations: steps,
        }, null, 2)}\n`);
        return;
      }
      const rate = (d: typeof one) => `${d.individualsPerSecond.toFixed(0)} individuals/s (${d.individuals} in ${d.seconds.toFixed(1)} s)`;
      const lines = [
        `Baseline: the original C++ on this kind of machine, ${CPP_DEMO_INDIVIDUALS_PER_SECOND} demo individuals/s on one core.`,
        `1. Demo throughput (demo search settings, task seeds from seed ${seed}, engine ${flags.engine}, 1 worker):`,
        `   ${rate(one)}; ${(one.individualsPerSecond / CPP_DEMO_INDIVIDUALS_PER_SECOND).toFixed(2)}x the C++`,
        `   FEC hit rate ${((one.fecHitRate ?? 0) * 100).toFixed(1)}%, canonical memo hit rate ${(one.memoHitRate * 100).toFixed(1)}%`,
        '2. Time to solve the demo: not measured here (minutes per seed); run `npx automl-zero demo --seed N --workers 1` for seeds 1-10.',
        '3. Long evaluations (8000 training steps; ns per training step; hand-written JS = the practical limit):',
        ...steps.map((s) => `   ${s.model.padEnd(10)} F=${String(s.F).padEnd(3)} ${Object.entries(s.nsPerStep).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}`),
        `4. Memory (1 worker): RSS ${one.rssMiBAt100k === null ? 'n/a' : one.rssMiBAt100k.toFixed(0)} MiB after 100k individuals, `
          + `${one.rssMiBAtEnd.toFixed(0)} MiB after ${one.individuals}.`,
        `5. Scaling: ${workers} workers ${rate(many)}; ${(many.individualsPerSecond / one.individualsPerSecond).toFixed(2)}x one worker.`,
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
