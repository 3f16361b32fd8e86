import { describe, expect, it } from 'vitest';
import { dynamicEmitter } from '../../codegen/dispatch';
import { Code } from '../../codegen/wasm/binary';
import { WASM_MAX_F, buildWasmMachine, wasmMachineFor } from '../../codegen/wasm/interpreter';
import { Unsupported, translateStatements } from '../../codegen/wasm/translate';
import { MemoryLayout } from '../../src/ir/memory';
import { OPS } from '../../src/ir/ops';
import { DEMO_SIZES } from '../eval/helpers';

const LOCALS = ['pc', 'o', 'a', 'b', 'i0', 'i1', 'i2'];
function translate(source: string): Code {
  const code = new Code();
  translateStatements(source, {
    code,
    local: (name) => {
      const i = LOCALS.indexOf(name);
      if (i < 0) throw new Unsupported(name);
      return i;
    },
    arrays: { m: 0, T: 1024, C: 2048 },
    imported: (callee) => {
      const known = ['Math.sin', 'Math.cos', 'Math.tan', 'Math.asin', 'Math.acos', 'Math.atan', 'Math.exp', 'Math.log', 'R.gaussian', 'R.uniformOpen'];
      if (!known.includes(callee)) throw new Unsupported(callee);
      return known.indexOf(callee);
    },
  });
  return code;
}

describe('WebAssembly interpreter', () => {
  it('translates every op template natively up to F = WASM_MAX_F (none calls back into JavaScript)', () => {
    for (let F = 1; F <= WASM_MAX_F; F *= 2) {
      const untranslated = OPS.filter((op) => {
        try {
          translate(op.emit(dynamicEmitter(F)).join('\n'));
          return false;
        } catch (e) {
          if (e instanceof Unsupported) return true;
          throw e;
        }
      });
      expect(untranslated.map((op) => op.name), `F = ${F}`).toEqual([]);
    }
  });

  it('refuses JavaScript outside the template language', () => {
    for (const source of [
      'while (true) {}', 'm[o] = x;', 'm[o] = Math.foo(m[a]);', 'q[o] = 1;', 'm[o] += 1;',
      'for (let i0 = 0; i0 < n; i0++) m[o] = 1;', 'm[0.5] = 1;', 'm[o] = "1";', 'm[o] = m[a] % m[b];',
      'for (let i0 = 0; i0 < 4; i0++) {', 'unknownCell = 1;',
    ]) {
      expect(() => translate(source), source).toThrow(Unsupported);
    }
    expect(translate('m[o] = Math.sin(m[a]) < 0 ? 1 : -m[b];').bytes.length).toBeGreaterThan(0);
  });

  it('places task data in its memory, growing it, and keeps what it placed', () => {
    const layout = new MemoryLayout(4, DEMO_SIZES);
    const machine = buildWasmMachine(layout);
    const small = Float64Array.from({ length: 100 }, (_, i) => i / 7);
    const large = Float64Array.from({ length: 1 << 18 }, (_, i) => Math.sqrt(i));
    const order = Int32Array.from({ length: 1000 }, (_, i) => 999 - i);
    const at = [small, large, order].map((a) => machine.place(a));
    expect(machine.place(small)).toBe(at[0]);
    expect(Array.from(machine.f64.subarray(at[0]! / 8, at[0]! / 8 + 100))).toEqual(Array.from(small));
    expect(Array.from(machine.f64.subarray(at[1]! / 8, at[1]! / 8 + large.length))).toEqual(Array.from(large));
    expect(Array.from(machine.i32.subarray(at[2]! / 4, at[2]! / 4 + 1000))).toEqual(Array.from(order));
  });

  it('has no module for feature sizes whose unrolled templates would be too large', () => {
    expect(wasmMachineFor(new MemoryLayout(64, DEMO_SIZES))).toBeNull();
    expect(wasmMachineFor(new MemoryLayout(WASM_MAX_F, DEMO_SIZES))).not.toBeNull();
  });
});
