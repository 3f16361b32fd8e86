import type { Command } from 'commander';

/** Every subcommand registers itself on the program. */
export const COMMANDS: ReadonlyArray<(program: Command) => void> = [];
