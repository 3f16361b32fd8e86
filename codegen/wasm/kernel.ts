/**
 * Shape kernels in WebAssembly: the loops of loops.ts with one program's
 * Predict and Learn inline, every memory cell they touch in a local (so in
 * a register, not in memory), constants read from the module's constant
 * region, so that one kernel serves every program of its canonical shape.
 * WebAssembly is compiled to machine code when instantiated, so unlike a
 * fresh JavaScript function a kernel is fast from its first call; it shares
 * the interpreter's memory (task data, program memory, constants) and is
 * driven by the same runner.
 *
 * The statements are the JavaScript kernel's (BodyEmitter in locals mode),
 * translated by translate.ts: the same op templates, the same arithmetic.
 */
import type { Algorithm } from '../../src/ir/algorithm';
import { FEATURES_VECTOR, LABEL_SCALAR, type MemoryLayout, PREDICTION_SCALAR } from '../../src/ir/memory';
import { BodyEmitter } from '../emit';
import { Code, F64, moduleBytes } from './binary';
import { type WasmLoops, type WasmMachine, importsFor, loopFunctions } from './interpreter';
import { LOOP_BODY_FIRST_LOCAL, type ProgramBody } from './loops';
import { Unsupported, translateStatements } from './translate';

/**
 * Compiles the kernel for Predict and Learn of a canonical program. Their
 * constants are read from where Predict's start in the constant region (the
 * loops' first parameter): programs of one shape differ in their Setup.
 * Throws Unsupported if a template is outside the language.
 */
export function compileWasmKernel(program: Pick<Algorithm, 'predict' | 'learn'>, machine: WasmMachine): WasmLoops {
  const { layout, regions } = machine;
  const emitter = new BodyEmitter(layout, 'locals', true);
  // One statement per source text, so that parses are reused across kernels.
  const predict = emitter.emit(program.predict, 0);
  const learn = emitter.emit(program.learn, program.predict.length);
  const io = {
    label: emitter.local('s', LABEL_SCALAR, 0),
    prediction: emitter.local('s', PREDICTION_SCALAR, 0),
    features: Array.from({ length: layout.F }, (_, k) => emitter.local('v', FEATURES_VECTOR, k)),
  };
  const cells = [...emitter.cells.values()];
  const names = [...cells.map((c) => c.name), ...emitter.tempNames];

  const imports = importsFor(() => machine);
  // Predict and Learn translated once per position of the body's locals (train and validate share one).
  const translated = new Map<number, { predict: Code; learn: Code }>();
  const translate = (firstLocal: number) => {
    let t = translated.get(firstLocal);
    if (!t) {
      const context = (code: Code) => ({
        code,
        local: (name: string): number => { throw new Unsupported(`no integer local ${name} in a kernel`); },
        arrays: { T: regions.scratch, C: regions.consts },
        origins: { C: 0 },
        imported: (callee: string) => imports.index(callee),
        cell: (name: string) => {
          const i = names.indexOf(name);
          return i < 0 ? undefined : firstLocal + i;
        },
      });
      t = { predict: new Code(), learn: new Code() };
      for (const line of predict) translateStatements(line, context(t.predict));
      for (const line of learn) translateStatements(line, context(t.learn));
      translated.set(firstLocal, t);
    }
    return t;
  };
  const body = (firstLocal: number): ProgramBody => {
    const local = (name: string) => firstLocal + names.indexOf(name);
    const { predict: predictCode, learn: learnCode } = translate(firstLocal);
    return {
      locals: names.map(() => F64),
      load(code) {
        for (const c of cells) code.i32Const(0).f64Load(regions.memory + c.offset * 8).localSet(local(c.name));
      },
      store(code) {
        for (const c of cells) code.i32Const(0).localGet(local(c.name)).f64Store(regions.memory + c.offset * 8);
      },
      loadFeatures(code, xrow) {
        io.features.forEach((c, k) => code.localGet(xrow).f64Load(k * 8).localSet(local(c.name)));
      },
      setLabel(code, push) {
        push();
        code.localSet(local(io.label.name));
      },
      prediction: (code) => code.localGet(local(io.prediction.name)),
      setPrediction(code, push) {
        push();
        code.localSet(local(io.prediction.name));
      },
      predict: (code) => code.append(predictCode),
      learn: (code) => code.append(learnCode),
    };
  };
  // Translate before counting the imports: translation may add some.
  translate(LOOP_BODY_FIRST_LOCAL);
  const exp = imports.index('Math.exp');
  const functions = loopFunctions(layout, regions, body, exp, imports.list.length);
  const bytes = moduleBytes({ imports: imports.list, functions, memory: { pages: machine.memory.buffer.byteLength / 65536, imported: true } });
  const env: Record<string, unknown> = { memory: machine.memory };
  imports.list.forEach((imp, i) => { env[imp.name] = imports.functions[i]; });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { js: env });
  return instance.exports as unknown as WasmLoops;
}
