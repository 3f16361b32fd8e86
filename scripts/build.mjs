// Bundles the CLI (and worker entry points) into dist/ with esbuild.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const entryPoints = ['src/cli/entry.ts', 'src/search/island-worker.ts'].filter((p) => existsSync(p));
await build({
  entryPoints,
  outdir: 'dist',
  entryNames: '[name]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
