/**
 * The reference interpreter: the semantic oracle every other engine is tested
 * against. It walks the instructions and calls each op's `exec` from the op
 * table; it favours clarity over speed.
 */
import type { Algorithm } from '../ir/algorithm';
import type { Instruction } from '../ir/instruction';
import { MemoryLayout } from '../ir/memory';
import { type ExecContext, OPS } from '../ir/ops';
import type { RandomSource } from '../util/rng';

export class Interpreter {
  private readonly ctx: ExecContext;

  constructor(readonly layout: MemoryLayout, readonly memory: Float64Array, readonly rng: RandomSource) {
    if (memory.length !== layout.size) throw new RangeError('memory does not match its layout');
    const scratch = layout.matrixSize;
    this.ctx = { m: memory, F: layout.F, rng, tmp: new Float64Array(scratch), red: new Float64Array(scratch) };
  }

  run(instructions: readonly Instruction[]): void {
    const layout = this.layout;
    for (const ins of instructions) {
      const op = OPS[ins.op];
      if (op === undefined) throw new RangeError(`unsupported op id ${ins.op}`);
      const o = op.out ? layout.offset(op.out, ins.out) : 0;
      const a = op.in1 ? layout.offset(op.in1, ins.in1) : 0;
      const b = op.in2 ? layout.offset(op.in2, ins.in2) : 0;
      op.exec(this.ctx, o, a, b, ins);
    }
  }

  setup(alg: Algorithm): void { this.run(alg.setup); }
  predict(alg: Algorithm): void { this.run(alg.predict); }
  learn(alg: Algorithm): void { this.run(alg.learn); }
}
