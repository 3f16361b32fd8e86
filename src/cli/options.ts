/**
 * Parsers for option values shared by several subcommands. They throw
 * UserError so that the CLI reports a bad flag with exit code 2.
 */
import { checkMemorySizes, type MemorySizes, SUPPORTED_FEATURE_SIZES } from '../ir/memory';
import { UserError } from '../util/errors';

/** `S,V,M`, e.g. `20,20,20` or `4,3,1`: the number of scalar, vector and matrix addresses. */
export function parseMemoryOption(text: string): MemorySizes {
  const match = /^\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*$/.exec(text);
  if (!match) {
    throw new UserError(`invalid --memory '${text}': expected three integers S,V,M (scalar, vector and matrix addresses), e.g. 20,20,20`);
  }
  const sizes = { scalars: Number(match[1]), vectors: Number(match[2]), matrices: Number(match[3]) };
  try {
    checkMemorySizes(sizes);
  } catch (err) {
    throw new UserError(`invalid --memory '${text}': ${(err as Error).message}`);
  }
  return sizes;
}

/** A feature size F; one of SUPPORTED_FEATURE_SIZES. */
export function parseFeaturesSize(text: string): number {
  const value = /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
  if (!SUPPORTED_FEATURE_SIZES.includes(value)) {
    throw new UserError(`invalid features size '${text}': expected one of ${SUPPORTED_FEATURE_SIZES.join(', ')}`);
  }
  return value;
}
