/**
 * The original C++ (`run_search_experiment` of google-research's automl_zero,
 * built by the user with the demo's address counts, as run_demo.sh builds it)
 * run by the bench next to our runs. This machine's speed drifts by up to 1.6x
 * from one minute to the next (README, Performance), so a ratio to a figure
 * measured once says as much about the two moments as about the two programs;
 * runs back to back see the same phase. Nothing of the original is part of
 * this project: the bench runs a binary the user names, with the demo's
 * configuration from samples/configs as its flags.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { UserError } from '../util/errors';
import { packageRoot } from '../util/package-root';

export interface OriginalRun {
  seed: number;
  /** Experiments run ("Running evolution experiment" lines). */
  experiments: number;
  /**
   * Individuals of all its experiments, each as its last progress line has
   * them (it prints one after the initial population, then every 10,000 of an experiment).
   */
  individuals: number;
  /** Wall time of the whole process (until it was stopped, for a throughput run). */
  seconds: number;
  /**
   * Over its first experiment, from the progress line after the initial
   * population to its last: lines are timed as they arrive (it flushes each;
   * it prints only whole seconds). Like our figure 1, the initial population is left out.
   */
  individualsPerSecond: number;
  /** Select fitness of each experiment's candidate. */
  selectFitnesses: number[];
  finalFitness: number | null;
}

/**
 * Our demo files carry the address counts the original fixes when it is
 * compiled (-DMAX_*_ADDRESSES); its parser does not know those fields.
 */
const OUR_FIELDS = /^\s*max_(scalar|vector|matrix)_addresses\s*:.*$/gm;

function demoText(name: string): string {
  return readFileSync(join(packageRoot(), 'samples', 'configs', name), 'utf8').replace(OUR_FIELDS, '');
}

/** An experiment the train-step budget never ends: the throughput runs stop it at a number of individuals. */
const UNLIMITED_TRAIN_STEPS = 1e15;

/**
 * run_demo.sh's flags with a fixed seed: `maxExperiments` 0 runs experiments
 * until one solves the demo; `maxTrainSteps` replaces the demo's budget per experiment.
 */
export function originalDemoArgs(seed: number, maxExperiments: number, maxTrainSteps?: number): string[] {
  let spec = demoText('demo_search_experiment_spec.textproto');
  if (maxTrainSteps !== undefined) spec = spec.replace(/^max_train_steps: \d+$/m, `max_train_steps: ${maxTrainSteps}`);
  return [
    `--search_experiment_spec=${spec}`,
    `--select_tasks=${demoText('demo_select_tasks.textproto')}`,
    `--final_tasks=${demoText('demo_final_tasks.textproto')}`,
    `--random_seed=${seed}`,
    `--max_experiments=${maxExperiments}`,
    '--randomize_task_seeds',
    '--sufficient_fitness=0.9999',
  ];
}

/** Reads the original's output line by line, each line with the milliseconds at which it arrived. */
export class OriginalOutput {
  experiments = 0;
  readonly selectFitnesses: number[] = [];
  finalFitness: number | null = null;
  /** (individuals, milliseconds) of the first experiment's progress lines. */
  readonly firstExperiment: Array<readonly [number, number]> = [];

  /** Individuals of the experiments before the current one. */
  private before = 0;
  /** The current experiment's individuals at its last progress line. */
  private current = 0;

  /** Individuals of all experiments so far. */
  get individuals(): number {
    return this.before + this.current;
  }

  line(text: string, ms: number): void {
    if (text.startsWith('Running evolution experiment')) {
      this.experiments++;
      this.before += this.current;
      this.current = 0;
    }
    const progress = /^indivs=(\d+), /.exec(text);
    if (progress) {
      // Each experiment counts its own individuals.
      this.current = Number(progress[1]);
      if (this.experiments === 1) this.firstExperiment.push([this.current, ms]);
    }
    const select = /^Select fitness for candidate algorithm = (\S+)$/.exec(text);
    if (select) this.selectFitnesses.push(Number(select[1]));
    const final = /^Final evaluation fitness \(on unseen data\) = (\S+)$/.exec(text);
    if (final) this.finalFitness = Number(final[1]);
  }

  /** Individuals per second over the first experiment's progress lines (NaN with fewer than two). */
  rate(): number {
    const points = this.firstExperiment;
    if (points.length < 2) return NaN;
    const [[i0, t0], [i1, t1]] = [points[0]!, points.at(-1)!];
    return ((i1 - i0) * 1000) / (t1 - t0);
  }
}

/** Checks that `binary` can be run, before any figure is measured. */
export function checkOriginalBinary(binary: string): void {
  try {
    if (!statSync(binary).isFile()) throw new Error('not a file');
    accessSync(binary, constants.X_OK);
  } catch (e) {
    throw new UserError(`--original ${binary}: not an executable file (${(e as Error).message})`);
  }
}

/**
 * The original's demo search with `seed` until `individuals` (one experiment
 * whose train-step budget never ends, stopped at the progress line that
 * reaches them, as our figure 1 stops its run): its individuals per second from
 * the initial population on, as our figure 1 measures ours.
 */
export function originalThroughput(binary: string, seed: number, individuals: number): Promise<OriginalRun> {
  return spawnOriginal(binary, seed, originalDemoArgs(seed, 1, UNLIMITED_TRAIN_STEPS), individuals);
}

/** The original's whole demo with `seed` (experiments until one solves it, then the final evaluation), timed as a whole. */
export function originalTimeToSolve(binary: string, seed: number): Promise<OriginalRun> {
  return spawnOriginal(binary, seed, originalDemoArgs(seed, 0), Infinity);
}

async function spawnOriginal(binary: string, seed: number, args: string[], stopAt: number): Promise<OriginalRun> {
  const what = `--original ${binary} (seed ${seed})`;
  const output = new OriginalOutput();
  const start = performance.now();
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr = (stderr + chunk).slice(-4096); });
  let stopped = false;
  createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', (text) => {
    // Lines read before the stop took effect are not part of the run.
    if (stopped) return;
    output.line(text, performance.now());
    if (output.individuals >= stopAt) {
      stopped = true;
      child.kill();
    }
  });
  const [status, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
    child.on('error', (e) => reject(new UserError(`${what}: ${e.message}`)));
    // 'close': stdout has been read to its end.
    child.on('close', (code, sig) => resolve([code, sig]));
  });
  const seconds = (performance.now() - start) / 1000;
  if (!stopped && status !== 0) {
    const tail = stderr.trim().split('\n').slice(-3).join(' | ');
    throw new UserError(`${what}: exited with ${status ?? signal}${tail ? `: ${tail}` : ''}`);
  }
  const individualsPerSecond = output.rate();
  if (output.experiments === 0 || !(individualsPerSecond > 0)) {
    throw new UserError(`${what}: its output has no experiment with progress lines ("indivs=..."): is it automl_zero's run_search_experiment?`);
  }
  return {
    seed, experiments: output.experiments, individuals: output.individuals, seconds, individualsPerSecond,
    selectFitnesses: output.selectFitnesses, finalFitness: output.finalFitness,
  };
}
