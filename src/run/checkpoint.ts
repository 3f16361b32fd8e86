/**
 * The checkpoint file: a SearchState (experiment/search.ts) as exact JSON
 * (./exact-json.ts), with what the run folder needs to continue consistently
 * (the engine, the length of the progress log at the time). Algorithms are
 * stored compactly, one array [op, in1, in2, out, activation, f0, f1, f2] per
 * instruction.
 */
import type { Algorithm } from '../ir/algorithm';
import type { Instruction } from '../ir/instruction';
import type { ExperimentResult, SearchState } from '../experiment/search';
import { parseExact, stringifyExact } from './exact-json';

export const CHECKPOINT_FORMAT = 'automl-zero checkpoint';
export const CHECKPOINT_VERSION = 1;

export interface CheckpointMeta {
  readonly engine: string;
  /** Bytes of progress.jsonl that belong to the run up to this state. */
  readonly progressLogBytes: number;
  /** SHA-256 of the run folder's config.json, to refuse a changed config. */
  readonly configSha256: string;
}

export interface Checkpoint {
  readonly meta: CheckpointMeta;
  readonly state: SearchState;
}

type EncodedInstruction = [number, number, number, number, number, number, number, number];
interface EncodedAlgorithm { setup: EncodedInstruction[]; predict: EncodedInstruction[]; learn: EncodedInstruction[] }

function encodeAlgorithm(alg: Algorithm): EncodedAlgorithm {
  const list = (l: readonly Instruction[]) => l.map((i): EncodedInstruction => [i.op, i.in1, i.in2, i.out, i.activation, i.f0, i.f1, i.f2]);
  return { setup: list(alg.setup), predict: list(alg.predict), learn: list(alg.learn) };
}

function decodeAlgorithm(value: unknown, where: string): Algorithm {
  const alg = value as EncodedAlgorithm;
  const list = (l: unknown, c: string): Instruction[] => {
    if (!Array.isArray(l)) throw new Error(`${where}.${c}: expected a list of instructions`);
    return l.map((i: unknown, k) => {
      if (!Array.isArray(i) || i.length !== 8 || !i.every((x) => typeof x === 'number')) {
        throw new Error(`${where}.${c}[${k}]: expected [op, in1, in2, out, activation, f0, f1, f2]`);
      }
      const [op, in1, in2, out, activation, f0, f1, f2] = i as EncodedInstruction;
      return { op, in1, in2, out, activation, f0, f1, f2 };
    });
  };
  if (alg === null || typeof alg !== 'object') throw new Error(`${where}: expected an algorithm`);
  return { setup: list(alg.setup, 'setup'), predict: list(alg.predict, 'predict'), learn: list(alg.learn, 'learn') };
}

function encodeExperiment(e: ExperimentResult): unknown {
  return { ...e, candidate: encodeAlgorithm(e.candidate) };
}

function decodeExperiment(value: unknown, where: string): ExperimentResult {
  const e = value as ExperimentResult;
  return { ...e, candidate: decodeAlgorithm(e.candidate, `${where}.candidate`) };
}

function encodeRng(state: { mt: readonly number[]; index: number }): unknown {
  return { mt: Uint32Array.from(state.mt), index: state.index };
}

function decodeRng(value: unknown): { mt: number[]; index: number } {
  const v = value as { mt: Uint32Array; index: number };
  if (!(v.mt instanceof Uint32Array) || typeof v.index !== 'number') throw new Error('checkpoint: bad random generator state');
  return { mt: Array.from(v.mt), index: v.index };
}

export function encodeCheckpoint(checkpoint: Checkpoint): string {
  const { meta, state } = checkpoint;
  const c = state.current;
  const encoded = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    written_at: new Date().toISOString(),
    // A glance for people; the resume reads only `meta` and `state`.
    progress: {
      experiment: c ? c.experiment : state.experiments.length,
      individuals: state.individuals + (c ? c.evolution.individuals : 0),
      elapsed_seconds: state.elapsedSeconds,
    },
    meta,
    state: {
      ...state,
      rng: encodeRng(state.rng),
      best: encodeAlgorithm(state.best),
      experiments: state.experiments.map(encodeExperiment),
      current: c === null ? null : {
        ...c,
        evaluator: { ...c.evaluator, fecRng: encodeRng(c.evaluator.fecRng) },
        evolution: { ...c.evolution, algorithms: c.evolution.algorithms.map(encodeAlgorithm) },
      },
    },
  };
  return `${stringifyExact(encoded)}\n`;
}

export function decodeCheckpoint(text: string, source = 'checkpoint'): Checkpoint {
  let raw: Record<string, unknown>;
  try {
    raw = parseExact(text) as Record<string, unknown>;
  } catch (err) {
    throw new Error(`${source}: not a checkpoint (${(err as Error).message})`);
  }
  if (raw === null || typeof raw !== 'object' || raw.format !== CHECKPOINT_FORMAT) throw new Error(`${source}: not an automl-zero checkpoint`);
  if (raw.version !== CHECKPOINT_VERSION) throw new Error(`${source}: checkpoint version ${String(raw.version)}, this program reads version ${CHECKPOINT_VERSION}`);
  const meta = raw.meta as CheckpointMeta;
  const s = raw.state as Record<string, unknown> & SearchState;
  const c = s.current as (Record<string, unknown> & NonNullable<SearchState['current']>) | null;
  const state: SearchState = {
    ...s,
    rng: decodeRng(s.rng),
    best: decodeAlgorithm(s.best, 'state.best'),
    experiments: (s.experiments as unknown[]).map((e, i) => decodeExperiment(e, `state.experiments[${i}]`)),
    current: c === null ? null : {
      ...c,
      evaluator: { ...c.evaluator, fecRng: decodeRng(c.evaluator.fecRng) },
      evolution: {
        ...c.evolution,
        algorithms: (c.evolution.algorithms as unknown[]).map((a, i) => decodeAlgorithm(a, `state.current.evolution.algorithms[${i}]`)),
      },
    },
  };
  return { meta, state };
}
