/**
 * An error caused by what the user gave us (a file, a flag, a config). The CLI
 * prints its message and exits with code 2; the library never exits.
 */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

/** A problem at a position in a text the user wrote. */
export class ParseError extends UserError {
  constructor(readonly source: string, readonly line: number, readonly column: number, readonly detail: string) {
    super(`${source}:${line}:${column}: ${detail}`);
    this.name = 'ParseError';
  }
}
