import { type Instruction, instructionsEqual } from './instruction';

/** An algorithm: three straight-line component functions (SPEC §3). */
export interface Algorithm {
  readonly setup: readonly Instruction[];
  readonly predict: readonly Instruction[];
  readonly learn: readonly Instruction[];
}

export const COMPONENTS = ['setup', 'predict', 'learn'] as const;
export type ComponentName = (typeof COMPONENTS)[number];

/**
 * How an algorithm was made from another (what a mutation did), so that what
 * is known of the first can be carried over instead of found again.
 * 'same': the same code; 'replace', 'insert', 'remove': one instruction of
 * `component` at `index` (`removed` and `added` as they apply); 'other':
 * anything else.
 */
export interface AlgorithmEdit {
  readonly kind: 'same' | 'replace' | 'insert' | 'remove' | 'other';
  readonly component: ComponentName;
  readonly index: number;
  readonly removed: Instruction | null;
  readonly added: Instruction | null;
}

export function algorithmsEqual(a: Algorithm, b: Algorithm): boolean {
  return COMPONENTS.every((c) => a[c].length === b[c].length
    && a[c].every((ins, i) => instructionsEqual(ins, b[c][i]!)));
}

export function emptyAlgorithm(): Algorithm {
  return { setup: [], predict: [], learn: [] };
}
