/**
 * `datasets`: real data for projected binary classification tasks.
 *
 *   datasets build  turns a labelled image dataset (IDX, CIFAR-10 binary, CSV)
 *                   into the projected binary dataset files (SPEC §5.4)
 *   datasets eval   accuracy of algorithms (default: the hand-designed LINEAR
 *                   and NEURAL_NET) per class pair and the mean
 */
import { basename, extname, join } from 'node:path';
import { type Command, Option } from 'commander';
import { buildProjectedDatasets } from '../../datasets/builder';
import { buildPairTasks, datasetNamesIn, evaluateOnPairs, HELD_OUT_PAIRS, type Pair } from '../../datasets/evaluate';
import { createProgress } from '../../datasets/progress';
import { parseSourceSpec, SOURCE_FORMS } from '../../datasets/source-spec';
import type { EngineName } from '../../eval/engine';
import { loadAlgorithmFile } from '../../text/load';
import { UserError } from '../../util/errors';
import { parseMemoryOption } from '../options';
import { packageRoot } from '../package-root';
import { engineOption, parseNumberFlag } from './search';

/** `0..9`, `3`, `0,2,5`, `0..4,7` (ranges inclusive) → sorted unique integers. */
export function parseIntList(text: string, flag: string): number[] {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const p = part.trim();
    const range = /^(\d+)\s*\.\.\s*(\d+)$/.exec(p);
    if (range) {
      const a = Number(range[1]);
      const b = Number(range[2]);
      if (b < a) throw new UserError(`${flag}: empty range '${p}'`);
      if (b - a > 1_000_000) throw new UserError(`${flag}: range '${p}' is too long`);
      for (let k = a; k <= b; k++) out.add(k);
    } else if (/^\d+$/.test(p)) {
      out.add(Number(p));
    } else {
      throw new UserError(`${flag}: expected integers and inclusive ranges like 0..9 separated by commas, got '${text}'`);
    }
  }
  return [...out].sort((a, b) => a - b);
}

const PAIR_SETS: Record<string, readonly Pair[]> = {
  'held-out': HELD_OUT_PAIRS,
  'held-out-valid': HELD_OUT_PAIRS.slice(0, 4),
  'held-out-test': HELD_OUT_PAIRS.slice(4),
};

/** `held-out` (the 9 pairs SPEC §5.3 holds out), `held-out-valid` (its first 4), `held-out-test` (the other 5), `all`, or `a-b,c-d,...`. */
export function parsePairs(text: string): Pair[] {
  const t = text.trim();
  if (t in PAIR_SETS) return [...PAIR_SETS[t]!];
  if (t === 'all') {
    const all: Pair[] = [];
    for (let i = 0; i < 10; i++) for (let j = i + 1; j < 10; j++) all.push([i, j]);
    return all;
  }
  const pairs: Pair[] = [];
  const seen = new Set<string>();
  for (const part of t.split(',')) {
    const m = /^\s*(\d+)\s*[-:/]\s*(\d+)\s*$/.exec(part);
    if (!m) throw new UserError(`--pairs: expected held-out, held-out-valid, held-out-test, all, or pairs like 0-5,3-8; got '${text}'`);
    const a = Number(m[1]);
    const b = Number(m[2]);
    if (a === b) throw new UserError(`--pairs: '${part.trim()}' pairs a class with itself`);
    const p: Pair = [Math.min(a, b), Math.max(a, b)];
    if (!seen.has(`${p[0]},${p[1]}`)) {
      seen.add(`${p[0]},${p[1]}`);
      pairs.push(p);
    }
  }
  return pairs;
}

const positiveInt = (value: string, flag: string): number => {
  const n = parseNumberFlag(value, flag, true);
  if (n <= 0) throw new UserError(`${flag}: expected a positive integer, got '${value}'`);
  return n;
};

interface BuildFlags {
  source: string; out: string; dim: string; seeds: string; classes: string;
  train: string; valid: string; test: string; name?: string; unpacked?: boolean; progress: boolean; json?: boolean;
}

interface EvalFlags {
  data: string; name?: string; pairs: string; seeds: string; train?: string; examples?: string;
  split: 'valid' | 'test'; dim: string; memory: string; seed: string; max_abs_error: string; engine: EngineName; json?: boolean;
}

const fmt = (x: number) => x.toFixed(4);

export function registerDatasets(program: Command): void {
  const datasets = program.command('datasets')
    .description('build projected binary classification datasets from real data, and evaluate algorithms on them');

  datasets.command('build')
    .description('turn a labelled dataset into binary_<name>-pos_<i>-neg_<j>-dim_<d>-seed_<s> files (SPEC 5.4)')
    .requiredOption('--source <source>', `the labelled data: ${SOURCE_FORMS}`)
    .requiredOption('--out <dir>', 'folder for the dataset files (created if missing)')
    .option('--dim <n>', 'projected features per example (the tasks\' features_size)', '16')
    .option('--seeds <list>', 'dataset seeds, e.g. 0..99 or 0,3,7 (inclusive ranges)', '0..99')
    .option('--classes <list>', 'class ids; every pair i<j is built', '0..9')
    .option('--train <n>', 'train examples per file', '8000')
    .option('--valid <n>', 'valid examples per file', '1000')
    .option('--test <n>', 'test examples per file', '1000')
    .option('--name <name>', 'dataset name in the file names (default: fashion_mnist / mnist / cifar10 / the CSV file name)')
    .option('--unpacked', 'write repeated floats unpacked, byte for byte as a proto2 writer does (files ~20% larger)')
    .option('--no-progress', 'no progress display')
    .option('--json', 'print a JSON summary on stdout')
    .action(async (flags: BuildFlags) => {
      const source = parseSourceSpec(flags.source);
      const settings = {
        outDir: flags.out,
        name: flags.name ?? source.defaultName,
        dim: positiveInt(flags.dim, '--dim'),
        seeds: parseIntList(flags.seeds, '--seeds'),
        classes: parseIntList(flags.classes, '--classes'),
        numTrain: positiveInt(flags.train, '--train'),
        numValid: positiveInt(flags.valid, '--valid'),
        numTest: parseNumberFlag(flags.test, '--test', true),
        packed: !flags.unpacked,
      };
      const log = (line: string) => process.stderr.write(`${line}\n`);
      const report = await buildProjectedDatasets(source, settings, {
        log: flags.progress ? log : undefined,
        progress: (o) => createProgress({ ...o, enabled: flags.progress }),
      });
      if (flags.json) {
        process.stdout.write(`${JSON.stringify({
          name: settings.name, out: settings.outDir, files: report.files.length, examples_read: report.examplesRead,
          input_dim: report.inputDim, dim: settings.dim, seconds: report.seconds,
        })}\n`);
      } else {
        process.stdout.write(`wrote ${report.files.length} files (binary_${settings.name}-pos_<i>-neg_<j>-dim_${settings.dim}-seed_<s>) `
          + `to ${settings.outDir} in ${report.seconds.toFixed(1)} s\n`);
      }
    });

  datasets.command('eval')
    .description('accuracy of algorithms on class pairs of built dataset files: per pair (mean over seeds) and the mean')
    .argument('[algorithms...]', 'algorithm files (default: samples/algorithms/linear.txt and neural_net.txt)')
    .requiredOption('--data <dir>', 'folder of the dataset files')
    .option('--name <name>', 'dataset name in the file names (default: the only one in the folder)')
    .option('--pairs <pairs>', 'held-out (the 9 pairs search holds out), held-out-valid, held-out-test, all, or 0-5,3-8,...', 'held-out')
    .option('--seeds <list>', 'dataset seeds to average over, e.g. 0..4', '0..4')
    .option('--train <n>', 'train examples per task (default: all in the files)')
    .option('--examples <n>', 'evaluation examples per task (default: all of the evaluated part)')
    .addOption(new Option('--split <part>', 'the files\' part the accuracy is measured on').choices(['valid', 'test']).default('valid'))
    .option('--dim <n>', 'features per example (features_size)', '16')
    .option('--memory <S,V,M>', 'scalar, vector and matrix address counts', '20,20,20')
    .option('--seed <n>', 'seed of the generator used by random ops', '1')
    .option('--max_abs_error <x>', 'training stops when a prediction error exceeds this', '100')
    .addOption(engineOption())
    .option('--json', 'print the results as JSON on stdout')
    .action((files: string[], flags: EvalFlags) => {
      const sizes = parseMemoryOption(flags.memory);
      const paths = files.length > 0 ? files : ['linear.txt', 'neural_net.txt'].map((f) => join(packageRoot(), 'samples', 'algorithms', f));
      const algorithms = paths.map((file) => ({ name: basename(file, extname(file)), file, algorithm: loadAlgorithmFile(file, sizes) }));
      let name = flags.name;
      if (name === undefined) {
        const names = datasetNamesIn(flags.data);
        if (names.length !== 1) {
          throw new UserError(names.length === 0
            ? `--data ${flags.data}: no binary_<name>-pos_<i>-neg_<j>-dim_<d>-seed_<s> files in this folder`
            : `--data ${flags.data}: files of several datasets (${names.join(', ')}); choose one with --name`);
        }
        name = names[0]!;
      }
      const seeds = parseIntList(flags.seeds, '--seeds');
      const pairs = parsePairs(flags.pairs);
      const tasks = buildPairTasks({
        dataDir: flags.data, name, dim: positiveInt(flags.dim, '--dim'), pairs, seeds, split: flags.split,
        numTrain: flags.train !== undefined ? positiveInt(flags.train, '--train') : undefined,
        numEval: flags.examples !== undefined ? positiveInt(flags.examples, '--examples') : undefined,
      });
      const results = evaluateOnPairs(algorithms, tasks, {
        sizes, seed: parseNumberFlag(flags.seed, '--seed', true),
        maxAbsError: parseNumberFlag(flags.max_abs_error, '--max_abs_error', false), engine: flags.engine,
      });
      const t0 = tasks[0]!.task;
      if (flags.json) {
        process.stdout.write(`${JSON.stringify({
          dataset: name, split: flags.split, seeds, train_examples: t0.numTrainExamples, eval_examples: t0.numValidExamples,
          algorithms: results.map((r, k) => ({
            name: r.name, file: algorithms[k]!.file, mean: r.mean,
            pairs: r.pairs.map((p) => ({ pair: p.pair, accuracy: p.accuracy, per_seed: p.perSeed })),
          })),
        }, null, 2)}\n`);
        return;
      }
      const width = Math.max(10, ...results.map((r) => r.name.length + 2));
      const col = (s: string) => s.padStart(width);
      const out: string[] = [];
      out.push(`accuracy on ${name} ${flags.split} examples (${t0.numTrainExamples} train, ${t0.numValidExamples} evaluated per task), `
        + `mean over seeds ${seeds.join(',')}`);
      out.push(`${'pair'.padEnd(8)}${results.map((r) => col(r.name)).join('')}`);
      pairs.forEach((p, i) => {
        out.push(`${`(${p[0]},${p[1]})`.padEnd(8)}${results.map((r) => col(fmt(r.pairs[i]!.accuracy))).join('')}`);
      });
      out.push(`${'mean'.padEnd(8)}${results.map((r) => col(fmt(r.mean))).join('')}`);
      process.stdout.write(`${out.join('\n')}\n`);
    });
}
