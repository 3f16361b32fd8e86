/**
 * The mutator (SPEC §7.3, §7.4): one action drawn from the configured list,
 * applied to a component function drawn among those with a non-empty op list.
 */
import type { MutationType } from '../config/types';
import type { Algorithm, AlgorithmEdit, ComponentName } from '../ir/algorithm';
import { type Instruction, instructionsIdentical } from '../ir/instruction';
import type { Rng } from '../util/rng';
import type { Randomizer } from './randomizer';

export interface ComponentLimits {
  readonly ops: readonly number[];
  /** 0 = unset: removal may empty the function. */
  readonly minSize: number;
  /** 0 = unset: insertion is never blocked. The largest reachable size is max - 1. */
  readonly maxSize: number;
}

export interface MutatorOptions {
  readonly mutationTypes: readonly MutationType[];
  readonly mutateProb: number;
  readonly setup: ComponentLimits;
  readonly predict: ComponentLimits;
  readonly learn: ComponentLimits;
}

type Components = Record<ComponentName, Instruction[]>;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export class Mutator {
  private readonly mutable: ComponentName[];
  /** Bits (setup 1, predict 2, learn 4) of the components the child being made already has copies of. */
  private copied = 0;
  private readonly lastEdit: Mutable<AlgorithmEdit> = { kind: 'same', component: 'setup', index: 0, removed: null, added: null };

  constructor(readonly options: MutatorOptions, readonly randomizer: Randomizer, readonly rng: Rng) {
    if (options.mutationTypes.length === 0) throw new Error('allowed_mutation_types must not be empty');
    this.mutable = (['setup', 'predict', 'learn'] as const).filter((c) => options[c].ops.length > 0);
  }

  /** What the last `mutate` did to its parent (valid until the next call). */
  get edit(): AlgorithmEdit {
    return this.lastEdit;
  }

  /** Applies `count` mutations with probability mutate_prob; otherwise returns the parent unchanged. */
  mutate(parent: Algorithm, count = 1): Algorithm {
    this.lastEdit.kind = 'same';
    if (this.options.mutateProb < 1 && !(this.rng.uniformProbability() < this.options.mutateProb)) return parent;
    if (count === 0) return parent;
    // Component lists are copied when first changed: the child shares the others with its parent (algorithms are read-only).
    const child: Algorithm = { setup: parent.setup, predict: parent.predict, learn: parent.learn };
    this.copied = 0;
    for (let i = 0; i < count; i++) this.mutateOnce(child as Components);
    const e = this.lastEdit;
    if (count > 1 && e.kind !== 'same') e.kind = 'other';
    // A parameter drawn again often comes out as it was (one matrix address, one of four scalars): the code is then the parent's.
    else if (e.kind === 'replace' && instructionsIdentical(e.removed!, e.added!)) e.kind = 'same';
    return child;
  }

  private record(kind: AlgorithmEdit['kind'], component: ComponentName, index: number, removed: Instruction | null, added: Instruction | null): void {
    const e = this.lastEdit;
    e.kind = kind;
    e.component = component;
    e.index = index;
    e.removed = removed;
    e.added = added;
  }

  /** The child's list for component `c`, copied from the parent's first if it is not yet its own. */
  private own(alg: Components, c: ComponentName): Instruction[] {
    const bit = c === 'setup' ? 1 : c === 'predict' ? 2 : 4;
    if ((this.copied & bit) === 0) {
      alg[c] = alg[c].slice();
      this.copied |= bit;
    }
    return alg[c];
  }

  private mutateOnce(alg: Components): void {
    const types = this.options.mutationTypes;
    const action = types[this.rng.uniformInt(0, types.length)]!;
    switch (action) {
      case 'ALTER_PARAM_MUTATION_TYPE': {
        const c = this.component();
        const list = this.own(alg, c);
        if (list.length > 0) {
          const i = this.rng.uniformInt(0, list.length);
          const removed = list[i]!;
          list[i] = this.randomizer.alterParam(removed);
          this.record('replace', c, i, removed, list[i]!);
        }
        return;
      }
      case 'RANDOMIZE_INSTRUCTION_MUTATION_TYPE': {
        const c = this.component();
        const list = this.own(alg, c);
        if (list.length > 0) {
          const i = this.rng.uniformInt(0, list.length);
          const removed = list[i]!;
          list[i] = this.randomInstruction(c);
          this.record('replace', c, i, removed, list[i]!);
        }
        return;
      }
      case 'RANDOMIZE_COMPONENT_FUNCTION_MUTATION_TYPE':
        this.randomizeComponent(alg, this.component());
        return;
      case 'IDENTITY_MUTATION_TYPE':
        return;
      case 'INSERT_INSTRUCTION_MUTATION_TYPE': {
        const c = this.component();
        const list = this.own(alg, c);
        const max = this.options[c].maxSize;
        if (max !== 0 && list.length >= max - 1) return;
        const i = this.rng.uniformInt(0, list.length + 1);
        const added = this.randomInstruction(c);
        list.splice(i, 0, added);
        this.record('insert', c, i, null, added);
        return;
      }
      case 'REMOVE_INSTRUCTION_MUTATION_TYPE': {
        const c = this.component();
        const list = this.own(alg, c);
        if (list.length <= this.options[c].minSize) return;
        const i = this.rng.uniformInt(0, list.length);
        this.record('remove', c, i, list[i]!, null);
        list.splice(i, 1);
        return;
      }
      case 'TRADE_INSTRUCTION_MUTATION_TYPE': {
        const c = this.component();
        const list = this.own(alg, c);
        list.splice(this.rng.uniformInt(0, list.length + 1), 0, this.randomInstruction(c));
        list.splice(this.rng.uniformInt(0, list.length), 1);
        this.lastEdit.kind = 'other';
        return;
      }
      case 'RANDOMIZE_ALGORITHM_MUTATION_TYPE':
        for (const c of this.mutable) this.randomizeComponent(alg, c);
        return;
    }
  }

  private component(): ComponentName {
    if (this.mutable.length === 0) throw new Error('no component function has an op list to mutate');
    return this.mutable[this.rng.uniformInt(0, this.mutable.length)]!;
  }

  randomInstruction(c: ComponentName): Instruction {
    const ops = this.options[c].ops;
    return this.randomizer.instruction(ops[this.rng.uniformInt(0, ops.length)]!);
  }

  private randomizeComponent(alg: Components, c: ComponentName): void {
    const list = this.own(alg, c);
    for (let i = 0; i < list.length; i++) list[i] = this.randomInstruction(c);
    if (list.length > 0) this.lastEdit.kind = 'other';
  }
}
