/**
 * Initial algorithms (SPEC §7.1): empty, random, or hand-designed, padded
 * with NO_OPs to the configured initial sizes.
 */
import type { HardcodedAlgorithmId } from '../config/types';
import type { Algorithm } from '../ir/algorithm';
import { linearModel, neuralNet } from '../ir/hand-designed';
import { type Instruction, NO_OP_INSTRUCTION } from '../ir/instruction';
import type { Mutator } from './mutator';

export const DEFAULT_LEARNING_RATE = 0.01;
export const DEFAULT_INIT_SCALE = 0.1;

export interface InitSizes {
  readonly setup: number;
  readonly predict: number;
  readonly learn: number;
}

function pad(list: readonly Instruction[], size: number): Instruction[] {
  const out = [...list];
  while (out.length < size) out.push(NO_OP_INSTRUCTION);
  return out;
}

export function padAlgorithm(alg: Algorithm, sizes: InitSizes): Algorithm {
  return { setup: pad(alg.setup, sizes.setup), predict: pad(alg.predict, sizes.predict), learn: pad(alg.learn, sizes.learn) };
}

export class Generator {
  constructor(readonly initial: HardcodedAlgorithmId, readonly sizes: InitSizes, readonly mutator: Mutator) {}

  initModel(): Algorithm {
    return this.modelById(this.initial);
  }

  modelById(id: HardcodedAlgorithmId): Algorithm {
    switch (id) {
      case 'NO_OP_ALGORITHM':
        return padAlgorithm({ setup: [], predict: [], learn: [] }, this.sizes);
      case 'RANDOM_ALGORITHM':
        return this.random();
      case 'LINEAR_ALGORITHM':
        return padAlgorithm(linearModel(DEFAULT_LEARNING_RATE), this.sizes);
      case 'NEURAL_NET_ALGORITHM':
        return padAlgorithm(neuralNet(DEFAULT_LEARNING_RATE, DEFAULT_INIT_SCALE, DEFAULT_INIT_SCALE), this.sizes);
      case 'INTEGRATION_TEST_DAMAGED_NEURAL_NET_ALGORITHM': {
        const net = this.modelById('NEURAL_NET_ALGORITHM');
        return { ...net, setup: net.setup.slice(2) };
      }
    }
  }

  private random(): Algorithm {
    const ops = this.mutator.options;
    const component = (c: 'setup' | 'predict' | 'learn'): Instruction[] => {
      const size = this.sizes[c];
      if (ops[c].ops.length === 0) {
        if (size > 0) throw new Error(`RANDOM_ALGORITHM needs ${c}_ops to fill ${c}_size_init = ${size}`);
        return [];
      }
      return Array.from({ length: size }, () => this.mutator.randomInstruction(c));
    };
    return { setup: component('setup'), predict: component('predict'), learn: component('learn') };
  }
}
