import type { Command } from 'commander';
import { registerBench } from './bench';
import { registerCompile } from './compile';
import { registerDatasets } from './datasets';
import { registerDemo } from './demo';
import { registerEval } from './eval';
import { registerPlot } from './plot';
import { registerPrint } from './print';
import { registerReport } from './report';
import { registerSearch } from './search';
import { registerExport } from './export';
import { registerInspect } from './inspect';

/** Every subcommand registers itself on the program. */
export const COMMANDS: ReadonlyArray<(program: Command) => void> = [
  registerPrint,
  registerSearch,
  registerDemo,
  registerEval,
  registerBench,
  registerCompile,
  registerDatasets,
  registerExport,
  registerInspect,
  registerPlot,
  registerReport,
];
