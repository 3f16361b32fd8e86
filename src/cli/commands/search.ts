/**
 * `search`: the original `run_search_experiment` binary. Its flags keep their
 * original spelling so that the original run scripts' arguments paste unchanged.
 */
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { type Command, Option } from 'commander';
import { checkRunSpec } from '../../config/check';
import { parseExperimentSpec, parseRunSpec, parseTaskCollection } from '../../config/load';
import type { RunSpec } from '../../config/types';
import { ENGINES, type EngineName } from '../../eval/engine';
import { type DriveOutcome, driveSearch } from '../../experiment/drive';
import { SearchSession, memorySizesOf, timeSeed } from '../../experiment/search';
import type { Checkpoint } from '../../run/checkpoint';
import { RunFolder, defaultRunDir } from '../../run/folder';
import { RunRecorder } from '../../run/recorder';
import { UserError } from '../../util/errors';
import { parseMemoryOption } from '../options';
import { createProgressDisplay } from '../progress';
import { summaryText } from '../report';
import { toolVersion } from './export';

/** Exit code of a run stopped by Ctrl-C (128 + SIGINT), as shells report it. */
export const EXIT_INTERRUPTED = 130;

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

/** How a run is driven: engine, output, run folder, checkpoints. */
export interface RunFlags {
  engine: EngineName;
  workers?: string;
  json?: boolean;
  out?: string;
  checkpointEvery?: string;
}

export function runFolderOptions(command: Command): Command {
  return command
    .option('--workers <n>', `islands in worker threads, exchanging migrants (default: the number of cores, ${availableParallelism()}); `
      + 'a run is reproducible for a given seed and worker count')
    .option('--out <dir>', 'run folder for config, progress log, candidates, summary, best algorithm, checkpoints (default: a new folder under runs/)')
    .option('--checkpoint-every <seconds>', 'write a checkpoint of the complete search state this often (resume with search --resume DIR)');
}

function parseCheckpointEvery(value: string | undefined): number {
  const seconds = value !== undefined ? parseNumberFlag(value, '--checkpoint-every', false) : 0;
  if (seconds < 0) throw new UserError('--checkpoint-every: expected a number of seconds >= 0');
  return seconds;
}

function parseWorkers(flags: RunFlags, checkpointEvery: number): number {
  if (flags.workers === undefined) return checkpointEvery > 0 ? 1 : availableParallelism();
  const workers = parseNumberFlag(flags.workers, '--workers', true);
  if (workers < 1) throw new UserError('--workers: expected at least 1');
  if (workers > 1 && checkpointEvery > 0) throw new UserError('--checkpoint-every needs --workers 1: islands in worker threads cannot be checkpointed');
  return workers;
}

/** Runs a search in a new run folder (see src/run/folder.ts), with progress on stderr and the summary on stdout. */
export async function executeRun(run: RunSpec, flags: RunFlags, extra: Record<string, unknown> = {}): Promise<void> {
  checkRunSpec(run);
  const spec = run.searchExperimentSpec;
  // Resolve what the config leaves open, so the run folder's config says exactly what ran.
  const resolved: RunSpec = {
    ...run,
    randomSeed: run.randomSeed !== 0 ? run.randomSeed : timeSeed(),
    searchExperimentSpec: { ...spec, memorySizes: memorySizesOf(spec) },
  };
  const checkpointEvery = parseCheckpointEvery(flags.checkpointEvery);
  const workers = parseWorkers(flags, checkpointEvery);
  const dir = flags.out ?? defaultRunDir(resolved.randomSeed);
  let folder: RunFolder;
  try {
    folder = RunFolder.create(dir);
  } catch (err) {
    throw new UserError(`--out: ${(err as Error).message}`);
  }
  folder.writeConfig(resolved);
  folder.writeJson('run', {
    command: process.argv.slice(2), engine: flags.engine, workers, tool_version: toolVersion(), node_version: process.version,
    started_at: new Date().toISOString(),
  });
  await driveRun(folder, resolved, flags.engine, { json: flags.json, checkpointEvery, workers, extra: { ...extra, workers } });
}

/** Continues the run in `dir` from its checkpoint. */
export async function resumeRun(dir: string, flags: RunFlags): Promise<void> {
  const checkpointEvery = parseCheckpointEvery(flags.checkpointEvery);
  let folder: RunFolder;
  let checkpoint: Checkpoint;
  let run: RunSpec;
  try {
    folder = RunFolder.open(dir);
    run = folder.readConfig();
    checkpoint = folder.readCheckpoint();
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(`--resume: ${(err as Error).message}`);
  }
  checkRunSpec(run);
  folder.rewindProgress(checkpoint.meta.progressLogBytes);
  if (folder.has('run')) {
    const info = folder.readJson<Record<string, unknown>>('run');
    const resumes = Array.isArray(info.resumed_at) ? info.resumed_at : [];
    folder.writeJson('run', { ...info, resumed_at: [...resumes, new Date().toISOString()] });
  }
  const saved = ENGINES.find((e) => e === checkpoint.meta.engine) ?? 'auto';
  const engine = flags.engine !== 'auto' ? flags.engine : saved;
  if (flags.workers !== undefined && parseWorkers(flags, checkpointEvery) !== 1) throw new UserError('--resume continues with one worker (--workers 1)');
  await driveRun(folder, run, engine, { json: flags.json, checkpointEvery, workers: 1, extra: { workers: 1 }, resume: checkpoint });
}

interface DriveRunOptions {
  readonly json?: boolean;
  readonly checkpointEvery: number;
  readonly workers: number;
  readonly extra?: Record<string, unknown>;
  readonly resume?: Checkpoint;
}

async function driveRun(folder: RunFolder, run: RunSpec, engine: EngineName, options: DriveRunOptions): Promise<void> {
  const display = createProgressDisplay(process.stderr);
  const recorder = new RunRecorder(folder, run, {
    toolVersion: toolVersion(), onWarning: (message) => display.note(`warning: ${message}`),
  }, options.resume?.state);
  const session = new SearchSession(run, {
    engine,
    workers: options.workers,
    onEvent: (event) => {
      recorder.onEvent(event);
      display.event(event);
    },
  }, options.resume?.state);
  display.note(options.resume
    ? `Resuming ${folder.dir} (seed ${session.seed}) at experiment ${session.snapshot().experiment + 1}, ${session.snapshot().totalIndividuals} individuals`
    : `Run folder: ${folder.dir}`);

  let stopRequested = false;
  const onSigint = () => {
    if (stopRequested) {
      // A second Ctrl-C: stop now; the last checkpoint (if any) stays.
      display.stop();
      process.exit(EXIT_INTERRUPTED);
    }
    stopRequested = true;
    display.note(session.checkpointable
      ? 'Stopping at the end of this generation (Ctrl-C again to quit at once)...'
      : 'Stopping at the end of this generation (no checkpoint: islands in workers cannot be checkpointed)...');
  };
  process.on('SIGINT', onSigint);
  let outcome: DriveOutcome;
  try {
    outcome = await driveSearch(session, {
      checkpointEverySeconds: options.checkpointEvery,
      onCheckpoint: (state) => folder.writeCheckpoint(state, engine),
      shouldStop: () => stopRequested,
      onTick: () => display.tick(session.snapshot()),
    });
  } finally {
    process.off('SIGINT', onSigint);
    display.stop();
  }
  const result = session.result();
  session.close();
  const summary = recorder.finish(result, { ...options.extra, interrupted: outcome === 'stopped' });
  if (outcome === 'done') folder.removeCheckpoint();
  if (outcome === 'stopped') {
    process.stderr.write(session.checkpointable
      ? `Stopped. Checkpoint written; continue with: npx automl-zero search --resume ${folder.dir}\n`
      : 'Stopped (no checkpoint: islands in workers cannot be checkpointed).\n');
    process.exitCode = EXIT_INTERRUPTED;
  }
  if (options.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  else process.stdout.write(`${summaryText(result)}\n\nRun folder: ${folder.dir}\n`);
}

interface SearchCommandFlags extends SearchFlags, RunFlags {
  resume?: string;
}

export function registerSearch(program: Command): void {
  const command = program.command('search')
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
    .option('--json', 'print one JSON summary on stdout (progress stays on stderr)');
  runFolderOptions(command)
    .option('--resume <dir>', 'continue the run in this run folder from its checkpoint (takes no config flags)')
    .action(async (flags: SearchCommandFlags) => {
      if (flags.resume !== undefined) {
        const conflicting = ['search_experiment_spec', 'select_tasks', 'final_tasks', 'max_experiments', 'random_seed',
          'randomize_task_seeds', 'sufficient_fitness', 'config', 'memory', 'out'] as const;
        const given = conflicting.filter((k) => flags[k] !== undefined);
        if (given.length > 0) throw new UserError(`--resume takes the run's settings from its folder; drop --${given.join(', --')}`);
        await resumeRun(flags.resume, flags);
        return;
      }
      await executeRun(runSpecFromFlags(flags), flags);
    });
}
