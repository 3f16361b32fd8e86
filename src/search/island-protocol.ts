/**
 * Messages between the island coordinator (islands.ts) and its workers
 * (island-worker.ts). Everything is plain, structured-clonable data.
 */
import type { EngineName } from '../eval/engine';
import type { ExperimentSpec, TaskCollection } from '../config/types';
import type { Algorithm } from '../ir/algorithm';
import type { MemorySizes } from '../ir/memory';

export interface IslandSetup {
  readonly island: number;
  readonly seed: number;
  readonly spec: ExperimentSpec;
  readonly tasks: TaskCollection;
  readonly sizes: MemorySizes;
  readonly engine: EngineName;
}

/** Migrants packed by packAlgorithms (search/packed.ts), with their fitnesses. */
export interface Migrants {
  readonly algorithms: Float64Array;
  readonly fitnesses: Float64Array;
}

export type IslandRequest =
  | { readonly type: 'setup'; readonly setup: IslandSetup }
  | { readonly type: 'init' }
  /**
   * Take in `immigrants` (if any), run `count` generations, then send a sample
   * of `emigrants` individuals (0: none) with the status: a migration costs no
   * round trip of its own.
   */
  | { readonly type: 'generations'; readonly count: number; readonly immigrants: Migrants | null; readonly emigrants: number }
  | { readonly type: 'immigrate'; readonly immigrants: Migrants }
  | { readonly type: 'best' }
  | { readonly type: 'close' };

/** What an island reports after init and after every generation. */
export interface IslandStatus {
  readonly individuals: number;
  readonly steps: number;
  readonly fecHits: number;
  readonly fecLookups: number;
  readonly memoHits: number;
  readonly memoLookups: number;
  readonly fitnesses: Float64Array;
}

export type IslandReply =
  | { readonly type: 'ok' }
  | { readonly type: 'status'; readonly status: IslandStatus; readonly emigrants: Migrants | null }
  | { readonly type: 'best'; readonly algorithm: Algorithm; readonly fitness: number }
  | { readonly type: 'error'; readonly message: string; readonly stack?: string };
