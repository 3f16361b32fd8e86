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
 * Kernels are built often, so all that does not depend on the program (the
 * module's sections but code, the fingerprint and hash functions, the
 * imports) is made once per interpreter.
 */
import type { Algorithm } from '../../src/ir/algorithm';
import { FEATURES_VECTOR, LABEL_SCALAR, PREDICTION_SCALAR } from '../../src/ir/memory';
import { BodyEmitter } from '../emit';
import { Code, F64, functionBody, moduleFrom, modulePrefix } from './binary';
import { type WasmLoops, type WasmMachine, fixedLoopFunctions } from './interpreter';
import {
  LOOP_BODY_FIRST_LOCAL, type LoopFunction, type ProgramBody, asDefined, trainFunction, validateFunction,
} from './loops';
import { Unsupported, translateStatements } from './translate';

/** What every kernel of one interpreter shares, for a given list of imports. */
interface KernelTemplate {
  readonly prefix: number[];
  /** Encoded bodies of the loops after train and validate (fingerprints, fullRuns). */
  readonly fixedBodies: number[][];
  readonly env: Record<string, unknown>;
}

const templates = new WeakMap<WasmMachine, Map<string, KernelTemplate>>();

/**
 * A kernel imports only the functions it calls (V8 compiles a wrapper for
 * each import of each module: importing all of the interpreter's would make
 * every kernel pay for a dozen).
 */
function templateFor(machine: WasmMachine, callees: readonly string[], train: LoopFunction, validate: LoopFunction): KernelTemplate {
  let byImports = templates.get(machine);
  if (!byImports) {
    byImports = new Map();
    templates.set(machine, byImports);
  }
  const key = callees.join();
  const known = byImports.get(key);
  if (known) return known;
  const all = machine.imports;
  const imports = callees.map((callee) => all.list[all.index(callee)]!);
  const first = imports.length;
  const fixed = fixedLoopFunctions(machine.layout.size * 8, machine.regions, first);
  const functions = [asDefined(train, 'train'), asDefined(validate, 'validate'), ...fixed];
  const env: Record<string, unknown> = { memory: machine.memory };
  for (const callee of callees) env[callee] = all.functions[all.index(callee)];
  const template: KernelTemplate = {
    prefix: modulePrefix({ imports, functions, memory: { pages: 1, imported: true } }),
    fixedBodies: fixed.map(functionBody),
    env,
  };
  byImports.set(key, template);
  return template;
}

/**
 * Compiles the kernel for Predict and Learn of a canonical program. Their
 * constants are read from where Predict's start in the constant region (the
 * loops' first parameter): programs of one shape differ in their Setup.
 * Throws Unsupported if a template is outside the language.
 */
export function compileWasmKernel(program: Pick<Algorithm, 'predict' | 'learn'>, machine: WasmMachine): WasmLoops {
  const { layout, regions } = machine;
  // The sigmoid of ACCURACY tasks needs exp; the program may need more.
  const callees = ['Math.exp'];
  const imported = (callee: string): number => {
    machine.imports.index(callee);
    if (!callees.includes(callee)) callees.push(callee);
    return callees.indexOf(callee);
  };
  const emitter = new BodyEmitter(layout, 'locals', true);
  // One statement per source text, so that parses are reused across kernels.
  const predictLines = emitter.emit(program.predict, 0);
  const learnLines = emitter.emit(program.learn, program.predict.length);
  const label = emitter.local('s', LABEL_SCALAR, 0).name;
  const prediction = emitter.local('s', PREDICTION_SCALAR, 0).name;
  const features = Array.from({ length: layout.F }, (_, k) => emitter.local('v', FEATURES_VECTOR, k).name);
  const cells = [...emitter.cells.values()];
  const localOf = new Map<string, number>();
  [...cells.map((c) => c.name), ...emitter.tempNames].forEach((name, i) => localOf.set(name, LOOP_BODY_FIRST_LOCAL + i));
  const local = (name: string) => localOf.get(name)!;

  const translated = (lines: readonly string[]): Code => {
    const code = new Code();
    const context = {
      code,
      local: (name: string): number => { throw new Unsupported(`no integer local ${name} in a kernel`); },
      arrays: { T: regions.scratch, C: regions.consts },
      origins: { C: 0 },
      imported,
      cell: (name: string) => localOf.get(name),
    };
    for (const line of lines) translateStatements(line, context);
    return code;
  };
  const predict = translated(predictLines);
  const learn = translated(learnLines);
  const body = (firstLocal: number): ProgramBody => {
    if (firstLocal !== LOOP_BODY_FIRST_LOCAL) throw new Error(`kernel locals start at ${LOOP_BODY_FIRST_LOCAL}, not ${firstLocal}`);
    return {
      locals: new Array(localOf.size).fill(F64),
      load(code) {
        for (const c of cells) code.i32Const(0).f64Load(regions.memory + c.offset * 8).localSet(local(c.name));
      },
      store(code) {
        for (const c of cells) code.i32Const(0).localGet(local(c.name)).f64Store(regions.memory + c.offset * 8);
      },
      loadFeatures(code, xrow) {
        features.forEach((name, k) => code.localGet(xrow).f64Load(k * 8).localSet(local(name)));
      },
      setLabel(code, push) {
        push();
        code.localSet(local(label));
      },
      prediction: (code) => code.localGet(local(prediction)),
      setPrediction(code, push) {
        push();
        code.localSet(local(prediction));
      },
      predict: (code) => code.append(predict),
      learn: (code) => code.append(learn),
    };
  };
  const exp = imported('Math.exp');
  const train = trainFunction(layout.F, body, exp);
  const validate = validateFunction(layout.F, body, exp);
  const template = templateFor(machine, callees, train, validate);
  const bytes = moduleFrom(template.prefix, [functionBody(train), functionBody(validate), ...template.fixedBodies]);
  const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes), { js: template.env }).exports as unknown as WasmLoops;
  // Each instance's exports object has a shape of its own: copied into one shape, calls through them stay monomorphic.
  return { train: exports.train, validate: exports.validate, fingerprints: exports.fingerprints, fullRuns: exports.fullRuns };
}
