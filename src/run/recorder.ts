/**
 * Writes a search into its run folder as it happens: progress records,
 * every experiment's candidate, the best algorithm so far, and at the end
 * the summary.
 */
import { simplify } from '../../codegen/analysis';
import { exportModule } from '../../codegen/export';
import type { RunSpec } from '../config/types';
import { DEFAULT_MEMORY_SIZES } from '../ir/memory';
import type { Algorithm } from '../ir/algorithm';
import type { ExperimentResult, SearchEvent, SearchResult, SearchState } from '../experiment/search';
import { algorithmToJson } from '../text/json';
import { printAlgorithm } from '../text/print';
import type { RunFolder } from './folder';
import { experimentJson, summaryObject } from './summary';

export interface RecorderOptions {
  /** This tool's version, for the exported module's header. */
  readonly toolVersion: string;
  /** Called when a file could not be produced (the run goes on). */
  readonly onWarning?: (message: string) => void;
}

/** The exported TypeScript module of the best algorithm (codegen/export.ts). */
export function bestModuleText(alg: Algorithm, run: RunSpec, toolVersion: string, note: { source: string; fitness?: number; fitnessNote?: string }): string {
  const spec = run.searchExperimentSpec;
  return exportModule(alg, {
    featuresSize: spec.searchTasks.tasks[0]?.featuresSize ?? 4,
    sizes: spec.memorySizes ?? DEFAULT_MEMORY_SIZES,
    name: 'BestAlgorithm',
    provenance: { toolVersion, source: note.source, fitness: note.fitness, fitnessNote: note.fitnessNote },
  });
}

export class RunRecorder {
  private readonly experiments: ExperimentResult[] = [];
  private bestSelect = -Number.MAX_VALUE;

  constructor(readonly folder: RunFolder, readonly run: RunSpec, private readonly options: RecorderOptions, resumed?: SearchState) {
    if (resumed) {
      this.experiments.push(...resumed.experiments);
      this.bestSelect = resumed.bestSelect;
    }
  }

  onEvent(event: SearchEvent): void {
    switch (event.type) {
      case 'progress':
        this.folder.appendProgress({
          type: 'progress',
          experiment: event.experiment,
          individuals: event.individuals,
          total_individuals: event.totalIndividuals,
          elapsed_seconds: event.elapsedSeconds,
          run_elapsed_seconds: event.runElapsedSeconds,
          individuals_per_second: event.individuals / Math.max(event.elapsedSeconds, 1e-9),
          mean: event.mean,
          stdev: event.stdev,
          best: event.best,
          fec_hit_rate: event.fecHitRate,
        });
        break;
      case 'experiment-end': {
        const { type: _type, ...result } = event;
        this.experiments.push(result);
        this.folder.appendProgress({
          type: 'experiment',
          experiment: result.experiment,
          individuals: result.individuals,
          total_individuals: event.totalIndividuals,
          elapsed_seconds: result.elapsedSeconds,
          search_fitness: result.searchFitness,
          select_fitness: result.selectFitness,
          fec_hit_rate: result.fecHitRate,
        });
        this.writeExperiments();
        if (result.selectFitness >= this.bestSelect) {
          this.bestSelect = result.selectFitness;
          this.writeBest(result.candidate, {
            fitness: result.selectFitness, fitnessNote: `select fitness of experiment ${result.experiment + 1} (best so far)`,
          });
        }
        break;
      }
      default:
        break;
    }
  }

  writeExperiments(): void {
    this.folder.writeJson('experiments', this.experiments.map((e) => ({
      ...experimentJson(e, true),
      candidate_simplified: printAlgorithm(simplify(e.candidate)),
      candidate_json: JSON.parse(algorithmToJson(e.candidate)) as unknown,
    })));
  }

  writeBest(alg: Algorithm, note: { fitness?: number; fitnessNote?: string }): void {
    this.folder.write('bestText', printAlgorithm(alg));
    this.folder.write('bestSimplified', printAlgorithm(simplify(alg)));
    this.folder.write('bestJson', algorithmToJson(alg));
    try {
      this.folder.write('bestModule', bestModuleText(alg, this.run, this.options.toolVersion, { source: `run folder ${this.folder.dir}`, ...note }));
    } catch (err) {
      this.options.onWarning?.(`could not export the best algorithm as TypeScript: ${(err as Error).message}`);
    }
  }

  /** The summary (and the best algorithm) at the end of a run, or of a stopped run so far. */
  finish(result: SearchResult, extra: Record<string, unknown> = {}): Record<string, unknown> {
    const summary = summaryObject(result, { run_dir: this.folder.dir, ...extra });
    if (result.complete || result.experiments.length > 0 || result.individuals > 0) {
      const note = result.finalFitness !== null
        ? { fitness: result.finalFitness, fitnessNote: 'final evaluation on unseen tasks' }
        : result.experiments.length > 0
          ? { fitness: result.selectFitness, fitnessNote: 'select fitness (run stopped before the final evaluation)' }
          : { fitnessNote: 'best of the population so far (run stopped during the first experiment)' };
      this.writeBest(result.algorithm, note);
    }
    this.folder.writeJson('summary', summary);
    return summary;
  }
}
