/** Builds the CLI bundle once before any test spawns `bin/automl-zero.mjs`. */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export default function setup(): void {
  execFileSync(process.execPath, [join(import.meta.dirname, '..', 'scripts', 'build.mjs')], {
    cwd: join(import.meta.dirname, '..'),
    stdio: 'inherit',
  });
}
