/**
 * Islands in worker threads (the paper's migration model): each worker runs
 * regularized evolution on its own population; every `migrationInterval`
 * generations each island sends a random sample of its population, and the
 * same number of its individuals are replaced by migrants drawn across all
 * islands. Islands run freely between migrations and meet there; the
 * coordinator shuffles migrants with its own generator, so a run depends only
 * on the seed and the number of workers, never on thread timing. Emigrants
 * come back with the generations that end at a migration, and immigrants go
 * out with the next generations (or before anything else that reads the
 * populations): a migration adds no round trip of its own, in which every
 * island would wait for the slowest twice more.
 *
 * The coordinator waits for replies synchronously (a shared counter and
 * `receiveMessageOnPort`), so the experiment flow stays synchronous.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from 'node:worker_threads';
import type { ExperimentSpec, TaskCollection } from '../config/types';
import type { EngineName } from '../eval/engine';
import type { Algorithm } from '../ir/algorithm';
import { packedRanges, repack } from './packed';
import type { MemorySizes } from '../ir/memory';
import { packageRoot } from '../util/package-root';
import type { Rng } from '../util/rng';
import type { PopulationStats } from './evolution';
import { sampleIndices } from './island';
import type { IslandReply, IslandRequest, IslandStatus, Migrants } from './island-protocol';

export interface IslandOptions {
  readonly workers: number;
  readonly spec: ExperimentSpec;
  readonly tasks: TaskCollection;
  readonly sizes: MemorySizes;
  readonly engine: EngineName;
  /** Generations between migrations. */
  readonly migrationInterval?: number;
  /** Migrants each island sends per migration (default: half its population). */
  readonly migrants?: number;
  /** Each island's seed (default: drawn from the coordinator's generator). */
  readonly seeds?: readonly number[];
}

interface Handle {
  readonly worker: Worker;
  readonly port: MessagePort;
  readonly signal: Int32Array;
  seen: number;
}

export const DEFAULT_MIGRATION_INTERVAL = 10;

function workerScript(): string {
  const file = join(packageRoot(), 'dist', 'island-worker.js');
  if (!existsSync(file)) throw new Error(`worker bundle ${file} is missing: run npm run build`);
  return file;
}

/**
 * The worker threads that islands run in. A search keeps them from one
 * experiment to the next: a new thread loads the search's code again, and
 * V8 compiles it again as it warms up (about a second of compiling per
 * thread, competing with the islands for the cores); each experiment then
 * started about a second slower on the demo with 2 workers.
 */
export class IslandWorkers {
  private readonly handles: Handle[];
  private closed = false;

  constructor(readonly count: number) {
    if (!(count >= 2)) throw new RangeError('islands need at least 2 workers');
    const script = workerScript();
    this.handles = Array.from({ length: count }, () => {
      const { port1, port2 } = new MessageChannel();
      const signal = new Int32Array(new SharedArrayBuffer(4));
      const worker = new Worker(script, { workerData: { port: port2, signal }, transferList: [port2] });
      worker.unref();
      return { worker, port: port1, signal, seen: 0 };
    });
  }

  get threadIds(): number[] {
    return this.handles.map((h) => h.worker.threadId);
  }

  /** Sends one request to every worker (they work in parallel), then collects the replies in worker order. */
  all(request: (island: number) => IslandRequest): IslandReply[] {
    if (this.closed) throw new Error('the island workers are closed');
    this.handles.forEach((h, i) => h.worker.postMessage(request(i)));
    return this.handles.map((h) => this.receive(h));
  }

  private receive(h: Handle): IslandReply {
    for (;;) {
      const message = receiveMessageOnPort(h.port);
      if (message) {
        h.seen++;
        const reply = message.message as IslandReply;
        if (reply.type === 'error') throw new Error(`island worker failed: ${reply.message}\n${reply.stack ?? ''}`);
        return reply;
      }
      Atomics.wait(h.signal, 0, h.seen, 1000);
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const h of this.handles) {
      h.worker.postMessage({ type: 'close' } satisfies IslandRequest);
      void h.worker.terminate();
    }
  }
}

export class IslandSearch {
  private readonly workers: IslandWorkers;
  /** Whether the workers were started for this search alone (and end with it). */
  private readonly ownWorkers: boolean;
  private statuses: IslandStatus[] = [];
  private generations = 0;
  /** Each island's share of the last migration, until it is sent. */
  private immigrants: Migrants[] | null = null;
  readonly migrationInterval: number;
  readonly migrants: number;

  /**
   * `rng` (the experiment's) seeds the islands and shuffles migrants. `workers`:
   * threads to run in (each island starts afresh there), kept open by `close`.
   */
  constructor(readonly options: IslandOptions, private readonly rng: Rng, workers?: IslandWorkers) {
    if (workers && workers.count !== options.workers) throw new RangeError(`${options.workers} islands given ${workers.count} workers`);
    this.migrationInterval = options.migrationInterval ?? DEFAULT_MIGRATION_INTERVAL;
    this.migrants = options.migrants ?? Math.floor(options.spec.populationSize / 2);
    this.workers = workers ?? new IslandWorkers(options.workers);
    this.ownWorkers = workers === undefined;
    this.all((island) => ({
      type: 'setup',
      setup: {
        island, seed: options.seeds?.[island] ?? rng.uniformRandomSeed(), spec: options.spec, tasks: options.tasks,
        sizes: options.sizes, engine: options.engine,
      },
    }));
  }

  private all(request: (island: number) => IslandRequest): IslandReply[] {
    return this.workers.all(request);
  }

  private collectStatus(replies: IslandReply[]): void {
    this.statuses = replies.map((r) => {
      if (r.type !== 'status') throw new Error(`unexpected island reply ${r.type}`);
      return r.status;
    });
  }

  init(): void {
    this.collectStatus(this.all(() => ({ type: 'init' })));
  }

  /** One generation on every island, then a migration when it is due. */
  generation(): void {
    this.generationsUpTo(1);
  }

  /**
   * Up to `count` generations on every island without waiting for each other,
   * stopping early at the next migration, which then takes place. Returns the
   * number of generations run.
   */
  generationsUpTo(count: number): number {
    const untilMigration = this.migrationInterval - (this.generations % this.migrationInterval);
    const n = Math.max(1, Math.min(count, untilMigration));
    const migrates = (this.generations + n) % this.migrationInterval === 0;
    const immigrants = this.immigrants;
    this.immigrants = null;
    const replies = this.all((island) => ({
      type: 'generations', count: n, immigrants: immigrants?.[island] ?? null, emigrants: migrates ? this.migrants : 0,
    }));
    this.collectStatus(replies);
    this.generations += n;
    if (migrates) this.immigrants = this.deal(replies.map((r) => (r.type === 'status' ? r.emigrants : null)));
    return n;
  }

  /** All islands' emigrants, shuffled and dealt out evenly. */
  private deal(emigrants: Array<Migrants | null>): Migrants[] {
    // Migrants stay packed: the coordinator only deals them out (search/packed.ts).
    const slices: Array<readonly [Float64Array, number, number]> = [];
    const fitnesses: number[] = [];
    for (const sample of emigrants) {
      if (!sample) throw new Error('an island sent no emigrants');
      for (const [from, to] of packedRanges(sample.algorithms)) slices.push([sample.algorithms, from, to]);
      fitnesses.push(...sample.fitnesses);
    }
    const order = sampleIndices(this.rng, slices.length, slices.length);
    const per = this.migrants;
    return Array.from({ length: this.options.workers }, (_, island) => {
      const mine = order.slice(island * per, (island + 1) * per);
      return { algorithms: repack(mine.map((k) => slices[k]!)), fitnesses: Float64Array.from(mine, (k) => fitnesses[k]!) };
    });
  }

  /** Sends the last migration's immigrants now, if they are still held. */
  private settle(): void {
    const immigrants = this.immigrants;
    if (immigrants === null) return;
    this.immigrants = null;
    this.all((island) => ({ type: 'immigrate', immigrants: immigrants[island]! }));
  }

  private sum(field: 'individuals' | 'steps' | 'fecHits' | 'fecLookups' | 'memoHits' | 'memoLookups'): number {
    return this.statuses.reduce((total, s) => total + s[field], 0);
  }

  get individuals(): number { return this.sum('individuals'); }
  get steps(): number { return this.sum('steps'); }
  get fecHits(): number { return this.sum('fecHits'); }
  get fecLookups(): number { return this.sum('fecLookups'); }
  get fecHitRate(): number | null { const n = this.sum('fecLookups'); return n > 0 ? this.sum('fecHits') / n : null; }
  get memoHitRate(): number { const n = this.sum('memoLookups'); return n > 0 ? this.sum('memoHits') / n : 0; }

  /** Statistics over all islands' populations together. */
  stats(): PopulationStats {
    let n = 0; let sum = 0; let sumSq = 0; let best = -Infinity; let bestIndex = 0;
    for (const s of this.statuses) {
      for (const f of s.fitnesses) {
        if (f > best) { best = f; bestIndex = n; }
        sum += f; sumSq += f * f; n++;
      }
    }
    const mean = sum / n;
    return { mean, stdev: Math.sqrt(Math.max(0, sumSq / n - mean * mean)), best, bestIndex };
  }

  /** The best individual over all islands (the first island wins ties). */
  best(): { algorithm: Algorithm; fitness: number } {
    this.settle();
    let best: { algorithm: Algorithm; fitness: number } | null = null;
    for (const reply of this.all(() => ({ type: 'best' }))) {
      if (reply.type !== 'best') throw new Error(`unexpected island reply ${reply.type}`);
      if (best === null || reply.fitness > best.fitness) best = { algorithm: reply.algorithm, fitness: reply.fitness };
    }
    return best!;
  }

  /** Ends the search; its workers too, unless they were given to it. */
  close(): void {
    if (this.ownWorkers) this.workers.close();
  }
}
