/**
 * The command-line shell over the library: parses flags, calls the library,
 * prints. User mistakes exit with code 2 and a message naming what and where.
 */
import { Command, CommanderError } from 'commander';
import { InvalidAlgorithmError } from '../ir/validate';
import { UserError } from '../util/errors';
import { COMMANDS } from './commands/index';

export const EXIT_USAGE = 2;

export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('automl-zero')
    .description('Evolve machine-learning algorithms from scratch (AutoML-Zero), compiled to JavaScript.')
    .exitOverride()
    .showHelpAfterError(false)
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const register of COMMANDS) register(program);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.help' || err.code === 'commander.version') return 0;
      return EXIT_USAGE;
    }
    if (err instanceof UserError || err instanceof InvalidAlgorithmError) {
      process.stderr.write(`error: ${err.message}\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
}
