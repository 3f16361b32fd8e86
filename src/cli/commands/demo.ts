/** `demo`: the original 5-minute demo (run_demo.sh): rediscover linear regression trained by SGD. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { parseRunSpec } from '../../config/load';
import type { RunSpec } from '../../config/types';
import type { EngineName } from '../../eval/engine';
import { packageRoot } from '../package-root';
import { type RunFlags, engineOption, executeRun, parseNumberFlag, runFolderOptions } from './search';

export function demoRunSpec(): RunSpec {
  const file = join(packageRoot(), 'samples', 'configs', 'demo.textproto');
  return parseRunSpec(readFileSync(file, 'utf8'), file);
}

export function registerDemo(program: Command): void {
  const command = program.command('demo')
    .description('run the original demo: evolve linear regression trained by gradient descent (SPEC §9.2 run_demo.sh)')
    .option('--seed <n>', 'random seed (default: from the clock, as the original)')
    .addOption(engineOption())
    .option('--json', 'print one JSON summary on stdout (progress stays on stderr)');
  runFolderOptions(command)
    .action(async (flags: RunFlags & { seed?: string; engine: EngineName }) => {
      const run = demoRunSpec();
      const seed = flags.seed !== undefined ? parseNumberFlag(flags.seed, '--seed', true) : run.randomSeed;
      await executeRun({ ...run, randomSeed: seed }, flags);
    });
}
