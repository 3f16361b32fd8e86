/**
 * `automl-zero export FILE --out model.ts`: writes an algorithm as a
 * self-contained, typed TypeScript module (codegen/export.ts), and with
 * `--bundle` also a standalone ES module in JavaScript next to it.
 *
 * Files are written whole or not at all: each goes to a temporary file in the
 * target folder that is renamed into place once everything has been
 * generated; on any error the temporary files are removed.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Command } from 'commander';
import { bundleModule, checkModuleName, defaultModuleName, exportModule } from '../../../codegen/export';
import { loadAlgorithmFile } from '../../text/load';
import { UserError } from '../../util/errors';
import { parseFeaturesSize, parseMemoryOption } from '../options';
import { packageRoot } from '../package-root';

interface ExportFlags {
  out: string;
  featuresSize: string;
  memory: string;
  name?: string;
  bundle?: boolean;
  raw?: boolean;
}

/** This tool's version, from its package.json. */
export function toolVersion(): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : 'unknown';
}

/** `model.ts` → `model.mjs`. */
export function bundlePath(out: string): string {
  return out.replace(/\.ts$/, '.mjs');
}

function checkOutPath(out: string, bundle: boolean): void {
  if (!/\.ts$/.test(out) || /\.d\.ts$/.test(out) || basename(out) === '.ts') {
    throw new UserError(`invalid --out '${out}': expected the path of a .ts file, e.g. model.ts`);
  }
  const dir = dirname(out);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UserError(`invalid --out '${out}': no such folder '${dir}'`);
  for (const path of bundle ? [out, bundlePath(out)] : [out]) {
    if (existsSync(path) && statSync(path).isDirectory()) throw new UserError(`cannot write '${path}': it is a folder`);
  }
}

/**
 * Writes every file or none: temporary files first, then renames. If a step
 * fails, the temporary files are removed (a rename already done stays: the
 * failure then happened after a complete file was in place).
 */
export function writeFilesAtomically(files: ReadonlyArray<{ path: string; text: string }>): void {
  const temps: string[] = [];
  try {
    for (const file of files) {
      const temp = join(dirname(file.path), `.${basename(file.path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
      temps.push(temp);
      writeFileSync(temp, file.text, { flag: 'wx' });
    }
    files.forEach((file, i) => renameSync(temps[i]!, file.path));
  } catch (err) {
    for (const temp of temps) rmSync(temp, { force: true });
    const e = err as NodeJS.ErrnoException;
    if (e.code !== undefined) throw new UserError(`cannot write ${e.path ?? 'the output'}: ${e.code}`);
    throw err;
  }
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('write an algorithm as a typed, self-contained TypeScript module (a class with setup, predict and learn)')
    .argument('<file>', 'algorithm file (readable text or JSON)')
    .requiredOption('--out <file.ts>', 'the TypeScript module to write')
    .option('--features-size <F>', 'feature size F (vectors have F elements, matrices F×F)', '4')
    .option('--memory <S,V,M>', 'number of scalar, vector and matrix addresses', '20,20,20')
    .option('--name <NAME>', 'name of the exported class (default: from the file name, e.g. linear.txt → Linear)')
    .option('--raw', 'export the program as written, without dropping dead code or folding constants')
    .option('--bundle', 'also write a standalone ES module in JavaScript (the --out path with .mjs), built with esbuild')
    .action(async (file: string, flags: ExportFlags) => {
      const F = parseFeaturesSize(flags.featuresSize);
      const sizes = parseMemoryOption(flags.memory);
      const name = flags.name ?? defaultModuleName(file);
      checkModuleName(name);
      checkOutPath(flags.out, flags.bundle === true);
      const alg = loadAlgorithmFile(file, sizes);
      const ts = exportModule(alg, {
        featuresSize: F, sizes, name, raw: flags.raw === true,
        provenance: { source: file, toolVersion: toolVersion() },
      });
      const files = [{ path: flags.out, text: ts }];
      if (flags.bundle) files.push({ path: bundlePath(flags.out), text: await bundleModule(ts) });
      writeFilesAtomically(files);
      for (const f of files) process.stderr.write(`wrote ${f.path}\n`);
    });
}
