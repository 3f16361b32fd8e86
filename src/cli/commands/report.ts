/** `automl-zero report DIR`: one self-contained HTML page about a run folder. */
import type { Command } from 'commander';
import { RunFolder } from '../../run/folder';
import { reportHtml } from '../../run/report-page';
import { checkRunDir } from './plot';

export function registerReport(program: Command): void {
  program.command('report')
    .description('write report.html into a run folder: chart, settings, experiments, best algorithm raw and simplified, exported code')
    .argument('<dir>', 'run folder (written by search or demo)')
    .action(async (dir: string) => {
      checkRunDir(dir);
      const html = await reportHtml(dir);
      const folder = RunFolder.open(dir);
      folder.write('report', html);
      process.stdout.write(`${folder.path('report')}\n`);
    });
}
