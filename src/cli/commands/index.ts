import type { Command } from 'commander';
import { registerBench } from './bench';
import { registerCompile } from './compile';
import { registerDemo } from './demo';
import { registerEval } from './eval';
import { registerPrint } from './print';
import { registerSearch } from './search';

/** Every subcommand registers itself on the program. */
export const COMMANDS: ReadonlyArray<(program: Command) => void> = [
  registerPrint,
  registerSearch,
  registerDemo,
  registerEval,
  registerBench,
  registerCompile,
];
