/**
 * Worker-thread entry of one island. Requests arrive as messages; each reply
 * is posted on the coordinator's port and signalled through a shared counter,
 * so the coordinator can wait for it synchronously (islands.ts).
 */
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { type Island, createIsland, sampleIndices } from './island';
import type { IslandReply, IslandRequest, IslandStatus } from './island-protocol';
import { packAlgorithms, unpackAlgorithms } from './packed';

const { port, signal } = workerData as { port: MessagePort; signal: Int32Array };
let island: Island | null = null;

function reply(message: IslandReply): void {
  port.postMessage(message, message.type === 'migrants' ? [message.algorithms.buffer as ArrayBuffer, message.fitnesses.buffer as ArrayBuffer] : []);
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

function handle(request: IslandRequest): IslandReply | null {
  switch (request.type) {
    case 'setup': {
      const s = request.setup;
      island = createIsland(s.spec, s.tasks, s.sizes, s.engine, s.seed);
      return { type: 'ok' };
    }
    case 'init':
      island!.evolution.init();
      return { type: 'status', status: status() };
    case 'generations': {
      const evolution = island!.evolution;
      for (let g = 0; g < request.count; g++) evolution.generation();
      return { type: 'status', status: status() };
    }
    case 'emigrate': {
      const { evolution, rng } = island!;
      const chosen = sampleIndices(rng, evolution.populationSize, request.count);
      return {
        type: 'migrants',
        algorithms: packAlgorithms(chosen.map((i) => evolution.algorithms[i]!)),
        fitnesses: Float64Array.from(chosen, (i) => evolution.fitnesses[i]!),
      };
    }
    case 'immigrate': {
      const { evolution, rng } = island!;
      const algorithms = unpackAlgorithms(request.algorithms);
      const slots = sampleIndices(rng, evolution.populationSize, algorithms.length);
      slots.forEach((slot, k) => {
        evolution.algorithms[slot] = algorithms[k]!;
        evolution.fitnesses[slot] = request.fitnesses[k]!;
      });
      return { type: 'ok' };
    }
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
