/**
 * Worker-thread entry of one island. Requests arrive as messages; each reply
 * is posted on the coordinator's port and signalled through a shared counter,
 * so the coordinator can wait for it synchronously (islands.ts).
 */
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { forgetTaskData } from '../../codegen/wasm/interpreter';
import { type Island, createIsland, sampleIndices } from './island';
import type { IslandReply, IslandRequest, IslandStatus, Migrants } from './island-protocol';
import { packAlgorithms, unpackAlgorithms } from './packed';

const { port, signal } = workerData as { port: MessagePort; signal: Int32Array };
let island: Island | null = null;

function reply(message: IslandReply): void {
  const emigrants = message.type === 'status' ? message.emigrants : null;
  port.postMessage(message, emigrants ? [emigrants.algorithms.buffer as ArrayBuffer, emigrants.fitnesses.buffer as ArrayBuffer] : []);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
}

function status(): IslandStatus {
  const { evaluator, evolution } = island!;
  return {
    individuals: evolution.individuals,
    steps: evaluator.steps,
    fecHits: evaluator.cache?.hits ?? 0,
    fecLookups: evaluator.cache?.lookups ?? 0,
    memoHits: evaluator.memoHits,
    memoLookups: evaluator.memoLookups,
    fitnesses: Float64Array.from(evolution.fitnesses),
  };
}

/** A random sample of `count` individuals, copied. */
function emigrate(count: number): Migrants {
  const { evolution, rng } = island!;
  const chosen = sampleIndices(rng, evolution.populationSize, count);
  return {
    algorithms: packAlgorithms(chosen.map((i) => evolution.algorithms[i]!)),
    fitnesses: Float64Array.from(chosen, (i) => evolution.fitnesses[i]!),
  };
}

/** The migrants replace as many individuals drawn at random. */
function immigrate(migrants: Migrants): void {
  const { evolution, rng } = island!;
  const algorithms = unpackAlgorithms(migrants.algorithms);
  const slots = sampleIndices(rng, evolution.populationSize, algorithms.length);
  slots.forEach((slot, k) => evolution.replace(slot, algorithms[k]!, migrants.fitnesses[k]!));
}

function handle(request: IslandRequest): IslandReply | null {
  switch (request.type) {
    case 'setup': {
      const s = request.setup;
      // A worker runs the islands of every experiment of a search: the earlier ones' tasks are done with.
      forgetTaskData();
      island = createIsland(s.spec, s.tasks, s.sizes, s.engine, s.seed);
      return { type: 'ok' };
    }
    case 'init':
      island!.evolution.init();
      return { type: 'status', status: status(), emigrants: null };
    case 'generations': {
      if (request.immigrants) immigrate(request.immigrants);
      const evolution = island!.evolution;
      for (let g = 0; g < request.count; g++) evolution.generation();
      return { type: 'status', status: status(), emigrants: request.emigrants > 0 ? emigrate(request.emigrants) : null };
    }
    case 'immigrate':
      immigrate(request.immigrants);
      return { type: 'ok' };
    case 'best': {
      const best = island!.evolution.best();
      return { type: 'best', algorithm: best.algorithm, fitness: best.fitness };
    }
    case 'close':
      parentPort!.close();
      return null;
  }
}

parentPort!.on('message', (request: IslandRequest) => {
  try {
    const message = handle(request);
    if (message) reply(message);
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    reply({ type: 'error', message: e.message, stack: e.stack });
  }
});
