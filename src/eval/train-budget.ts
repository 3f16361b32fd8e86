/**
 * Train budget (SPEC §7.6): a static cost model. An algorithm whose cost per
 * task exceeds `factor` times the (padded) baseline's gets no training at all.
 */
import type { Algorithm } from '../ir/algorithm';
import type { Instruction } from '../ir/instruction';
import { OPS } from '../ir/ops';

export function instructionsCost(list: readonly Instruction[]): number {
  let cost = 0;
  for (const ins of list) cost += OPS[ins.op]!.cost;
  return cost;
}

export class TrainBudget {
  private readonly baseSetup: number;
  private readonly baseStep: number;

  constructor(baseline: Algorithm, readonly thresholdFactor: number) {
    this.baseSetup = instructionsCost(baseline.setup);
    this.baseStep = instructionsCost(baseline.predict) + instructionsCost(baseline.learn);
  }

  /** The number of training examples the algorithm may use: all of them, or 0. */
  trainExamples(alg: Algorithm, budget: number): number {
    const step = instructionsCost(alg.predict) + instructionsCost(alg.learn);
    if (!(step > 0)) throw new Error('train budget: Predict and Learn are both empty');
    const baseline = this.baseSetup + budget * this.baseStep;
    const candidate = instructionsCost(alg.setup) + budget * step;
    return candidate <= this.thresholdFactor * baseline ? budget : 0;
  }
}
