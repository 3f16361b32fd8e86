/** `automl-zero print FILE`: reads an algorithm (text or JSON) and prints its canonical form. */
import type { Command } from 'commander';
import { algorithmToJson } from '../../text/json';
import { loadAlgorithmFile } from '../../text/load';
import { printAlgorithm } from '../../text/print';
import { parseMemoryOption } from '../options';

export function registerPrint(program: Command): void {
  program
    .command('print')
    .description('print an algorithm file (readable text or JSON) in the canonical readable form')
    .argument('<file>', 'algorithm file')
    .option('--memory <S,V,M>', 'number of scalar, vector and matrix addresses', '20,20,20')
    .option('--json', 'print the JSON form instead')
    .action((file: string, opts: { memory: string; json?: boolean }) => {
      const alg = loadAlgorithmFile(file, parseMemoryOption(opts.memory));
      process.stdout.write(opts.json ? algorithmToJson(alg) : printAlgorithm(alg));
    });
}
