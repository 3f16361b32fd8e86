/** `automl-zero plot DIR`: the fitness chart of a run folder, as SVG and PNG (no browser needed). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { RUN_FILES } from '../../run/folder';
import { plotRun } from '../../run/plot';
import { UserError } from '../../util/errors';
import { parseNumberFlag } from './search';

export function checkRunDir(dir: string): void {
  if (!existsSync(join(dir, RUN_FILES.configJson))) throw new UserError(`${dir}: not a run folder (no ${RUN_FILES.configJson}; run folders are written by search and demo)`);
}

export function registerPlot(program: Command): void {
  program.command('plot')
    .description('draw fitness over individuals of a run folder (population best and mean, candidates\' select fitness) to fitness.svg and fitness.png')
    .argument('<dir>', 'run folder (written by search or demo)')
    .option('--scale <x>', 'PNG pixels per SVG unit', '2')
    .action(async (dir: string, flags: { scale: string }) => {
      checkRunDir(dir);
      const scale = parseNumberFlag(flags.scale, '--scale', false);
      if (!(scale > 0 && scale <= 8)) throw new UserError(`--scale: expected a number in (0, 8], got '${flags.scale}'`);
      const files = await plotRun(dir, scale);
      process.stdout.write(`${files.svg} (${files.width}x${files.height})\n${files.png} (${files.pngWidth}x${files.pngHeight} px)\n`);
    });
}
