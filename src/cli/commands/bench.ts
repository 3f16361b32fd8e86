/** `bench`: the performance figures of issue #4 (plain text, or one JSON object). */
import type { Command } from 'commander';
import { CPP_DEMO_INDIVIDUALS_PER_SECOND, demoThroughput, longEvaluations } from '../../bench/bench';
import type { EngineName } from '../../eval/engine';
import { engineOption, parseNumberFlag } from './search';
import { demoRunSpec } from './demo';

export function registerBench(program: Command): void {
  program.command('bench')
    .description('measure demo throughput, memory and ns per training step against stated baselines')
    .option('--individuals <n>', 'individuals in the demo throughput run', '300000')
    .option('--seed <n>', 'seed of the demo throughput run', '1')
    .addOption(engineOption())
    .option('--json', 'print one JSON object')
    .action((flags: { individuals: string; seed: string; engine: EngineName; json?: boolean }) => {
      const individuals = parseNumberFlag(flags.individuals, '--individuals', true);
      const seed = parseNumberFlag(flags.seed, '--seed', true);
      const demo = demoThroughput(demoRunSpec(), individuals, seed, flags.engine);
      const steps = longEvaluations();
      if (flags.json) {
        process.stdout.write(`${JSON.stringify({ demo, baseline_cpp_individuals_per_second: CPP_DEMO_INDIVIDUALS_PER_SECOND, long_evaluations: steps }, null, 2)}\n`);
        return;
      }
      const lines = [
        `1. Demo throughput (demo settings, seed ${seed}, ${demo.individuals} individuals, 1 worker, engine ${flags.engine}):`,
        `   ${demo.individualsPerSecond.toFixed(0)} individuals/s in ${demo.seconds.toFixed(1)} s`
          + ` (original C++ on this machine: ${CPP_DEMO_INDIVIDUALS_PER_SECOND}/s, ratio ${(demo.individualsPerSecond / CPP_DEMO_INDIVIDUALS_PER_SECOND).toFixed(2)})`,
        `   FEC hit rate ${((demo.fecHitRate ?? 0) * 100).toFixed(1)}%, canonical memo hit rate ${(demo.memoHitRate * 100).toFixed(1)}%`,
        '2. Time to solve the demo: not part of this run (see README: `npx automl-zero demo --seed N`).',
        '3. Long evaluations (8000 training steps; ns per training step):',
        ...steps.map((s) => `   ${s.model.padEnd(10)} F=${String(s.F).padEnd(3)} ${Object.entries(s.nsPerStep).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}`),
        `4. Memory: RSS ${demo.rssMiB.toFixed(0)} MiB after ${demo.individuals} individuals.`,
        '5. Scaling across workers: not implemented yet (single worker).',
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
