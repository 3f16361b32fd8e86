/**
 * SearchSession: stepping gives runSearch's result; a state taken at any
 * boundary, written to a checkpoint file's text and read back, continues
 * with exactly the result and events of the uninterrupted run.
 */
import { describe, expect, it } from 'vitest';
import { driveSearch } from '../../src/experiment/drive';
import { type SearchEvent, SearchSession, type SearchState, runSearch } from '../../src/experiment/search';
import { decodeCheckpoint, encodeCheckpoint } from '../../src/run/checkpoint';
import { wasmMachineFor } from '../../codegen/wasm/interpreter';
import { MemoryLayout } from '../../src/ir/memory';
import { essence, smallRun } from './helpers';

/** Deterministic content of an event (wall-clock fields dropped). */
function eventKey(e: SearchEvent): unknown {
  switch (e.type) {
    case 'progress':
      return [e.type, e.experiment, e.individuals, e.totalIndividuals, e.mean, e.stdev, e.best, e.bestIndex, e.fecHitRate];
    case 'experiment-end':
      return [e.type, e.experiment, e.individuals, e.totalIndividuals, e.searchFitness, e.selectFitness, e.trainSteps, e.fecHitRate, e.candidate];
    default:
      return e;
  }
}

/** Through a checkpoint file's text and back. */
function viaFile(state: SearchState): SearchState {
  const text = encodeCheckpoint({ meta: { engine: 'auto', progressLogBytes: 0, configSha256: '' }, state });
  return decodeCheckpoint(text).state;
}

describe('SearchSession', () => {
  const run = smallRun(424242);
  const events: SearchEvent[] = [];
  const reference = runSearch(run, { onEvent: (e) => events.push(e) });

  it('each experiment starts with the WebAssembly data regions empty (what earlier ones placed is done with)', () => {
    const spec = run.searchExperimentSpec;
    const machine = wasmMachineFor(new MemoryLayout(spec.searchTasks.tasks[0]!.featuresSize, spec.memorySizes!))!;
    const resets = machine.dataResets;
    runSearch(run);
    // Experiments 2 and 3 start after their predecessors placed tasks.
    expect(machine.dataResets - resets).toBeGreaterThanOrEqual(2);
  });

  it('runSearch is reproducible, and the small search exercises what a resume must restore', () => {
    expect(essence(runSearch(run))).toEqual(essence(reference));
    expect(reference.complete).toBe(true);
    expect(reference.experiments).toHaveLength(3);
    expect(reference.individuals).toBe(3 * 450);
    expect(reference.fecHitRate).toBeGreaterThan(0);
    expect(reference.simplifiedText).toMatch(/^def Setup\(\):/);
    const finished = new SearchSession(run);
    while (finished.step());
    expect(finished.snapshot()).toMatchObject({ experiment: 2, totalIndividuals: 3 * 450, population: null, experimentProgress: null });
  });

  it('resumes exactly from every boundary (after init, mid-experiment, between experiments)', () => {
    // Count the boundaries of the whole run first.
    const probe = new SearchSession(run);
    let boundaries = 0;
    do if (probe.atBoundary) boundaries++; while (probe.step());
    expect(boundaries).toBeGreaterThan(20);

    for (const at of [1, 2, 7, Math.floor(boundaries / 2), boundaries - 2]) {
      const before: SearchEvent[] = [];
      const first = new SearchSession(run, { onEvent: (e) => before.push(e) });
      let seen = 0;
      let state: SearchState | null = null;
      do {
        if (first.atBoundary && ++seen === at) {
          state = viaFile(first.state());
          break;
        }
      } while (first.step());
      expect(state).not.toBeNull();
      const after: SearchEvent[] = [];
      const resumed = new SearchSession(run, { onEvent: (e) => after.push(e) }, state!);
      while (resumed.step());
      expect(essence(resumed.result()), `resumed at boundary ${at}`).toEqual(essence(reference));
      expect([...before, ...after].map(eventKey), `events around boundary ${at}`).toEqual(events.map(eventKey));
    }
  });

  it('a stopped session reports the summary so far', () => {
    const session = new SearchSession(run);
    for (let i = 0; i < 3; i++) session.step();
    const partial = session.result();
    expect(partial.complete).toBe(false);
    expect(partial.finalFitness).toBeNull();
    expect(partial.individuals).toBe(90);
    expect(partial.experiments).toHaveLength(0);
    expect(partial.algorithmText).toMatch(/^def Setup/);
    const snapshot = session.snapshot();
    expect(snapshot.experiment).toBe(0);
    expect(snapshot.totalIndividuals).toBe(90);
    expect(snapshot.experimentProgress).toBeCloseTo(90 / 450);
    expect(snapshot.population?.best).toBeGreaterThanOrEqual(snapshot.population!.mean);
  });

  it('state() is refused between boundaries', () => {
    const session = new SearchSession(smallRun(1, { maxIndividuals: 30 }, { maxExperiments: 1 }));
    while (session.atBoundary) session.step();
    expect(() => session.state()).toThrow(/no consistent search state/);
  });
});

describe('driveSearch', () => {
  it('gives the same result as runSearch, yields to timers, and stops at a boundary with a checkpoint', async () => {
    const run = smallRun(99);
    const reference = runSearch(run);
    let ticks = 0;
    const done = await driveSearch(new SearchSession(run), { yieldMillis: 0, tickMillis: 0, onTick: () => ticks++ });
    expect(done).toBe('done');
    expect(ticks).toBeGreaterThan(10);

    const session = new SearchSession(run);
    let steps = 0;
    const saved: SearchState[] = [];
    const outcome = await driveSearch(session, {
      shouldStop: () => ++steps > 12,
      onCheckpoint: (s) => saved.push(viaFile(s)),
    });
    expect(outcome).toBe('stopped');
    expect(saved).toHaveLength(1);
    const resumed = new SearchSession(run, {}, saved[0]!);
    expect(await driveSearch(resumed, { checkpointEverySeconds: 1e-9, onCheckpoint: (s) => saved.push(s) })).toBe('done');
    expect(saved.length).toBeGreaterThan(5); // a checkpoint at every boundary
    expect(essence(resumed.result())).toEqual(essence(reference));
  });
});
