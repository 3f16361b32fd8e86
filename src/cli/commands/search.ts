/**
 * `search`: the original `run_search_experiment` binary. Its flags keep their
 * original spelling so that the original run scripts' arguments paste unchanged.
 */
import { existsSync, readFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { checkRunSpec } from '../../config/check';
import { parseExperimentSpec, parseRunSpec, parseTaskCollection } from '../../config/load';
import type { RunSpec } from '../../config/types';
import { ENGINES, type EngineName } from '../../eval/engine';
import { runSearch } from '../../experiment/search';
import { UserError } from '../../util/errors';
import { parseMemoryOption } from '../options';
import { progressPrinter, summaryJson, summaryText } from '../report';

/** A flag value that is either inline text-format or the path of a file holding it. */
export function textOrFile(value: string, flag: string): { text: string; source: string } {
  const trimmed = value.trim();
  const looksLikeProto = /[{:]/.test(trimmed);
  if (!looksLikeProto) {
    if (!existsSync(trimmed)) throw new UserError(`${flag}: no such file '${trimmed}' (give a file or the text itself)`);
    return { text: readFileSync(trimmed, 'utf8'), source: trimmed };
  }
  return { text: value, source: flag };
}

export function parseBool(value: string | boolean | undefined, flag: string): boolean {
  if (value === undefined || value === true) return true;
  if (value === false) return false;
  if (/^(true|1|yes)$/i.test(value)) return true;
  if (/^(false|0|no)$/i.test(value)) return false;
  throw new UserError(`${flag}: expected true or false, got '${value}'`);
}

export function parseNumberFlag(value: string, flag: string, integer: boolean): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || (integer && (!Number.isInteger(n) || n < 0))) {
    throw new UserError(`${flag}: expected ${integer ? 'a non-negative integer' : 'a number'}, got '${value}'`);
  }
  return n;
}

export interface SearchFlags {
  search_experiment_spec?: string;
  select_tasks?: string;
  final_tasks?: string;
  max_experiments?: string;
  random_seed?: string;
  randomize_task_seeds?: string | boolean;
  sufficient_fitness?: string;
  config?: string;
  engine: EngineName;
  memory?: string;
  json?: boolean;
}

export function engineOption(): Option {
  return new Option('--engine <engine>', 'how algorithms are executed').choices(ENGINES).default('auto');
}

/** Builds the run from `--config` and/or the original flags (flags override the file). */
export function runSpecFromFlags(flags: SearchFlags): RunSpec {
  let base: Partial<RunSpec> = {};
  if (flags.config !== undefined) {
    if (!existsSync(flags.config)) throw new UserError(`--config: no such file '${flags.config}'`);
    base = parseRunSpec(readFileSync(flags.config, 'utf8'), flags.config);
  }
  const piece = <T>(value: string | undefined, flag: string, parse: (text: string, source: string) => T): T | undefined => {
    if (value === undefined) return undefined;
    const { text, source } = textOrFile(value, flag);
    return parse(text, source);
  };
  const spec = piece(flags.search_experiment_spec, '--search_experiment_spec', parseExperimentSpec) ?? base.searchExperimentSpec;
  const select = piece(flags.select_tasks, '--select_tasks', parseTaskCollection) ?? base.selectTasks;
  const final = piece(flags.final_tasks, '--final_tasks', parseTaskCollection) ?? base.finalTasks;
  if (!spec) throw new UserError('missing --search_experiment_spec (or --config FILE)');
  if (!select) throw new UserError('missing --select_tasks (or --config FILE)');
  if (!final) throw new UserError('missing --final_tasks (or --config FILE)');
  const memory = flags.memory !== undefined ? parseMemoryOption(flags.memory) : null;
  return {
    searchExperimentSpec: memory ? { ...spec, memorySizes: memory } : spec,
    selectTasks: select,
    finalTasks: final,
    maxExperiments: flags.max_experiments !== undefined
      ? parseNumberFlag(flags.max_experiments, '--max_experiments', true) : base.maxExperiments ?? 1,
    randomSeed: flags.random_seed !== undefined
      ? parseNumberFlag(flags.random_seed, '--random_seed', true) : base.randomSeed ?? 0,
    randomizeTaskSeeds: flags.randomize_task_seeds !== undefined
      ? parseBool(flags.randomize_task_seeds, '--randomize_task_seeds') : base.randomizeTaskSeeds ?? false,
    sufficientFitness: flags.sufficient_fitness !== undefined
      ? parseNumberFlag(flags.sufficient_fitness, '--sufficient_fitness', false) : base.sufficientFitness ?? Number.MAX_VALUE,
  };
}

export function executeRun(run: RunSpec, flags: { engine: EngineName; json?: boolean }, extra: Record<string, unknown> = {}): void {
  checkRunSpec(run);
  const log = progressPrinter((line) => process.stderr.write(`${line}\n`));
  const result = runSearch(run, { engine: flags.engine, onEvent: log });
  if (flags.json) process.stdout.write(`${summaryJson(result, extra)}\n`);
  else process.stdout.write(`${summaryText(result)}\n`);
}

export function registerSearch(program: Command): void {
  program.command('search')
    .description('run AutoML-Zero search experiments (the original run_search_experiment flags are accepted as is)')
    .option('--search_experiment_spec <text|file>', 'SearchExperimentSpec in protobuf text format (or a file)')
    .option('--select_tasks <text|file>', 'TaskCollection for candidate selection (T_select)')
    .option('--final_tasks <text|file>', 'TaskCollection for the final evaluation')
    .option('--max_experiments <n>', 'number of experiments; 0 = until sufficient fitness')
    .option('--random_seed <n>', 'seed; 0 = draw one from the clock')
    .option('--randomize_task_seeds [bool]', 'new task seeds for every experiment')
    .option('--sufficient_fitness <x>', 'stop once the select fitness exceeds this')
    .option('--config <file>', 'a RunSpec (text format or JSON) holding all of the above')
    .option('--memory <S,V,M>', 'scalar, vector and matrix address counts (default: from the config, else 20,20,20)')
    .addOption(engineOption())
    .option('--json', 'print one JSON summary on stdout (progress stays on stderr)')
    .action((flags: SearchFlags) => {
      executeRun(runSpecFromFlags(flags), flags);
    });
}
