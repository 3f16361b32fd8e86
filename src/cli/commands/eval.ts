/** `eval`: one algorithm on a task collection, fitness per task and combined (mean). */
import type { Command } from 'commander';
import { parseTaskCollection } from '../../config/load';
import type { EngineName } from '../../eval/engine';
import { Evaluator } from '../../eval/evaluator';
import { combineFitnesses } from '../../eval/fitness';
import { DEFAULT_MEMORY_SIZES } from '../../ir/memory';
import { buildTasks } from '../../tasks/build';
import { loadAlgorithmFile } from '../../text/load';
import { Rng } from '../../util/rng';
import { parseMemoryOption } from '../options';
import { engineOption, parseNumberFlag, textOrFile } from './search';

export function registerEval(program: Command): void {
  program.command('eval')
    .description('evaluate an algorithm file on a task collection')
    .argument('<file>', 'algorithm file (readable text or JSON)')
    .requiredOption('--tasks <text|file>', 'TaskCollection in protobuf text format (or a file)')
    .option('--memory <S,V,M>', 'scalar, vector and matrix address counts', '20,20,20')
    .option('--seed <n>', 'seed of the generator used by random ops', '1')
    .option('--max_abs_error <x>', 'training stops when a prediction error exceeds this', '100')
    .addOption(engineOption())
    .option('--json', 'print {"fitness": ..., "task_fitnesses": [...]} on stdout')
    .action((file: string, flags: { tasks: string; memory: string; seed: string; max_abs_error: string; engine: EngineName; json?: boolean }) => {
      const sizes = flags.memory ? parseMemoryOption(flags.memory) : DEFAULT_MEMORY_SIZES;
      const alg = loadAlgorithmFile(file, sizes);
      const { text, source } = textOrFile(flags.tasks, '--tasks');
      const tasks = buildTasks(parseTaskCollection(text, source));
      const evaluator = new Evaluator({
        tasks, sizes, mode: 'MEAN_FITNESS_COMBINATION', rng: new Rng(parseNumberFlag(flags.seed, '--seed', true)),
        maxAbsError: parseNumberFlag(flags.max_abs_error, '--max_abs_error', false), engine: flags.engine,
      });
      const perTask = evaluator.evaluatePerTask(alg);
      const fitness = combineFitnesses(perTask, 'MEAN_FITNESS_COMBINATION');
      if (flags.json) {
        process.stdout.write(`${JSON.stringify({ fitness, task_fitnesses: perTask })}\n`);
        return;
      }
      perTask.forEach((f, i) => process.stdout.write(`task ${i}: ${f.toFixed(6)}\n`));
      process.stdout.write(`fitness (mean over ${perTask.length} tasks) = ${fitness.toFixed(6)}\n`);
    });
}
