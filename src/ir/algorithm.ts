import { type Instruction, instructionsEqual } from './instruction';

/** An algorithm: three straight-line component functions (SPEC §3). */
export interface Algorithm {
  readonly setup: readonly Instruction[];
  readonly predict: readonly Instruction[];
  readonly learn: readonly Instruction[];
}

export const COMPONENTS = ['setup', 'predict', 'learn'] as const;
export type ComponentName = (typeof COMPONENTS)[number];

export function algorithmsEqual(a: Algorithm, b: Algorithm): boolean {
  return COMPONENTS.every((c) => a[c].length === b[c].length
    && a[c].every((ins, i) => instructionsEqual(ins, b[c][i]!)));
}

export function emptyAlgorithm(): Algorithm {
  return { setup: [], predict: [], learn: [] };
}
