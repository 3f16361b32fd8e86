/**
 * Export: an algorithm as a self-contained, typed TypeScript module (a class
 * with `setup`, `predict`, `learn`), built with ts-morph.
 *
 * The module structure (interface, classes, fields, methods, parameters,
 * types, doc comments) is made of ts-morph structures; the statements of the
 * component functions come from the op table's `emit` templates through
 * `TsEmitter`, the same templates the JIT compiles, so the arithmetic (the
 * pairwise summation order included) is the engine's, bit for bit.
 *
 * Memory is the executor's: zeroed when the model is built (and by `setup()`),
 * then Setup; v0 = features and s0 = 0 before every Predict; v0 = features and
 * s0 = label before every Learn. Random ops draw from a `RandomSource` the user
 * may pass; the module ships `SeededRandom`, which with the same seed draws
 * exactly what the engine's generator (src/util/rng.ts) draws.
 *
 * The program exported is the simplified one (codegen/explain.ts: constants
 * folded, instructions that cannot affect a prediction dropped) with its
 * original addresses, so that each statement's doc comment shows the original
 * instruction as written.
 */
import { createRequire } from 'node:module';
import type * as TsMorph from 'ts-morph';
import type { Algorithm, ComponentName } from '../src/ir/algorithm';
import { COMPONENTS } from '../src/ir/algorithm';
import type { Instruction } from '../src/ir/instruction';
import { FEATURES_VECTOR, LABEL_SCALAR, type Kind, type MemorySizes, MemoryLayout, PREDICTION_SCALAR } from '../src/ir/memory';
import { type Emitter, type Idx, type Operand, OPS, constIndex, pairwiseExpression } from '../src/ir/ops';
import { validateAlgorithm } from '../src/ir/validate';
import { printAlgorithm } from '../src/text/print';
import { UserError } from '../src/util/errors';
import { type InstructionReport, type SimplificationReport, explainSimplification, siteName } from './explain';
import { jsIndex, jsNumber } from './literal';

export interface ExportProvenance {
  /** The file the algorithm came from, as the user named it. */
  readonly source?: string;
  /** Fitness, if known (e.g. the search's final fitness). */
  readonly fitness?: number;
  /** Where the fitness comes from, e.g. "final evaluation on 100 unseen tasks". */
  readonly fitnessNote?: string;
  /** Version of this tool (package.json). */
  readonly toolVersion: string;
}

export interface ExportOptions {
  /** Feature size F. */
  readonly featuresSize: number;
  /** Address counts the algorithm was written for (checked, and shown in the header). */
  readonly sizes: MemorySizes;
  /** Name of the exported class: a JavaScript identifier. */
  readonly name: string;
  readonly provenance: ExportProvenance;
  /** Export the program as written instead of simplified (default false). */
  readonly raw?: boolean;
}

/** Names the module itself declares or uses at top level: a class cannot take them. */
const TAKEN_NAMES = new Set([
  'RandomSource', 'SeededRandom', 'Math', 'Float64Array', 'Uint32Array', 'RangeError', 'Error', 'ArrayLike', 'Number',
  'Object', 'Array', 'Infinity', 'NaN', 'undefined', 'globalThis', 'Symbol', 'String', 'Boolean', 'Promise', 'Function',
]);

const RESERVED_WORDS = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum', 'export',
  'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null', 'return', 'super',
  'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'as', 'implements', 'interface',
  'let', 'package', 'private', 'protected', 'public', 'static', 'yield', 'any', 'boolean', 'constructor', 'declare',
  'get', 'module', 'require', 'number', 'set', 'string', 'symbol', 'type', 'from', 'of', 'await', 'async', 'never',
  'object', 'unknown', 'bigint', 'keyof', 'readonly', 'unique', 'infer', 'is', 'asserts', 'namespace', 'abstract',
  'accessor', 'global', 'out', 'override', 'satisfies', 'arguments', 'eval',
]);

/** Throws a UserError unless `name` can name the exported class. */
export function checkModuleName(name: string): void {
  if (!/^[A-Za-z_$][A-Za-z0-9_$]{0,99}$/.test(name)) {
    throw new UserError(`invalid name '${name}': expected a JavaScript identifier (ASCII letters, digits, _ or $, not starting with a digit, at most 100 characters)`);
  }
  if (RESERVED_WORDS.has(name)) throw new UserError(`invalid name '${name}': it is a reserved word`);
  if (TAKEN_NAMES.has(name)) throw new UserError(`invalid name '${name}': the module already uses that name`);
}

/** A class name from a file name: `linear_regressor.txt` → `LinearRegressor`; `Model` if that is not a usable name. */
export function defaultModuleName(file: string | undefined): string {
  const base = (file ?? '').replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
  const name = base.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
  try {
    checkModuleName(name);
    return name;
  } catch {
    return 'Model';
  }
}

/** A quoted string inside a block comment: printable ASCII only, and no comment terminator. */
function commentSafe(text: string): string {
  return JSON.stringify(text)
    .replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/\*\//g, '*\\/');
}

/** The same without the quotes, for free text. */
function commentText(text: string): string {
  return commentSafe(text).slice(1, -1);
}

// ---------------------------------------------------------------------------
// Statements from the op templates
// ---------------------------------------------------------------------------

/** Local names the generated methods use. */
const SCALARS = 's';
const SCRATCH = 't';
const RANDOM = 'random';
const vectorName = (addr: number) => `v${addr}`;
const matrixName = (addr: number) => `m${addr}`;

/**
 * Instantiates op templates into TypeScript statements over the model's
 * memory: scalars `s[k]`, vectors `vK[i]`, matrices `mK[i * F + j]`
 * (row-major), element loops as `for` loops, reductions as the template's
 * pairwise expressions. Remembers which memory fields a body uses.
 */
class TsEmitter {
  readonly vectors = new Set<number>();
  readonly matrices = new Set<number>();
  usesScalars = false;
  usesScratch = false;
  usesRandom = false;

  constructor(readonly F: number) {}

  emit(ins: Instruction): string[] {
    const op = OPS[ins.op]!;
    return op.emit(this.emitterFor(ins)).map(tidyLiteral);
  }

  private emitterFor(ins: Instruction): Emitter {
    const F = this.F;
    const op = OPS[ins.op]!;
    const self = this;
    let depth = 0;
    const index = (idx: Idx) => (typeof idx === 'number' ? jsIndex(idx) : idx);
    return {
      F,
      rng: RANDOM,
      cell(which: Operand, idx: Idx): string {
        const kind: Kind | null = op[which];
        if (!kind) throw new Error(`${op.name} has no ${which} operand`);
        const addr = ins[which];
        switch (kind) {
          case 's':
            self.usesScalars = true;
            return `${SCALARS}[${jsIndex(addr)}]`;
          case 'v':
            self.vectors.add(addr);
            return `${vectorName(addr)}[${index(idx)}]`;
          case 'm':
            self.matrices.add(addr);
            return `${matrixName(addr)}[${index(idx)}]`;
        }
      },
      flat(i: Idx, j: Idx): Idx {
        if (typeof i === 'number' && typeof j === 'number') return i * F + j;
        if (typeof i === 'number') return i === 0 ? j : `${jsIndex(i * F)} + ${j}`;
        return j === 0 ? `${i} * ${jsIndex(F)}` : `${i} * ${jsIndex(F)} + ${index(j)}`;
      },
      each(n: number, body: (i: Idx) => string[]): string[] {
        if (n === 1) return body(0);
        const v = `i${depth++}`;
        const inner = body(v);
        depth--;
        return [`for (let ${v} = 0; ${v} < ${jsIndex(n)}; ${v}++) {`, ...inner.map((l) => `  ${l}`), '}'];
      },
      sum(n: number, term: (k: number) => string): string {
        const terms: string[] = [];
        for (let k = 0; k < n; k++) terms.push(term(k));
        return pairwiseExpression(terms);
      },
      temp() {
        self.usesScratch = true;
        return (idx: Idx) => `${SCRATCH}[${index(idx)}]`;
      },
      data: (field) => {
        if (op.random) self.usesRandom = true;
        return jsNumber(ins[field]);
      },
      index: (field) => constIndex(F, ins[field]),
    };
  }
}

/** `s[2] = (-0.5);` → `s[2] = -0.5;` (a lone negative literal needs no parentheses). */
function tidyLiteral(line: string): string {
  return line.replace(/^(\s*\S+ = )\((-(?:[0-9][0-9.e+-]*|Infinity))\);$/, '$1$2;');
}

// ---------------------------------------------------------------------------
// The module
// ---------------------------------------------------------------------------

let tsMorph: typeof TsMorph | null = null;

/** ts-morph loads the TypeScript compiler (about half a second): only when a module is exported. */
function loadTsMorph(): typeof TsMorph {
  tsMorph ??= createRequire(import.meta.url)('ts-morph') as typeof TsMorph;
  return tsMorph;
}

/** Method statements written line by line, exactly as given ('' = blank line). */
function code(lines: readonly string[]): TsMorph.WriterFunction {
  return (writer) => {
    for (const line of lines) {
      if (line === '') writer.blankLine();
      else writer.writeLine(line);
    }
  };
}

interface Body {
  readonly lines: string[];
  readonly emitter: TsEmitter;
}

const RANDOM_SOURCE_DOC = 'What random ops draw from. `SeededRandom` implements it; pass your own to control the stream.';
const NO_RANDOM_SOURCE_DOC = 'What random ops draw from (this algorithm has none, so the model never calls it).';

const SEEDED_RANDOM_DOC = [
  'MT19937 with the distributions automl-zero uses for random ops: with the same seed it',
  'draws exactly the numbers the engine\'s generator draws, so a run can be reproduced.',
].join('\n');

/** The self-contained generator (a port of src/util/rng.ts: MT19937, uniform01, uniformOpen, gaussian). */
function seededRandomClass(M: typeof TsMorph): TsMorph.ClassDeclarationStructure {
  return {
    kind: M.StructureKind.Class,
    name: 'SeededRandom',
    isExported: true,
    implements: ['RandomSource'],
    docs: [SEEDED_RANDOM_DOC],
    properties: [
      { name: 'mt', scope: M.Scope.Private, isReadonly: true, initializer: 'new Uint32Array(624)' },
      { name: 'index', scope: M.Scope.Private, initializer: '624' },
    ],
    ctors: [{
      parameters: [{ name: 'seed', type: 'number' }],
      docs: ['@param seed - any integer; its low 32 bits seed the generator.'],
      statements: code([
        'const mt = this.mt;',
        'mt[0] = seed >>> 0;',
        'for (let i = 1; i < 624; i++) {',
        '  const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);',
        '  mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;',
        '}',
      ]),
    }],
    methods: [
      {
        name: 'nextUint32',
        returnType: 'number',
        docs: ['The next 32-bit output of MT19937.'],
        statements: code([
          'const mt = this.mt;',
          'if (this.index >= 624) {',
          '  for (let i = 0; i < 624; i++) {',
          '    const y = (mt[i] & 0x80000000) | (mt[(i + 1) % 624] & 0x7fffffff);',
          '    let next = mt[(i + 397) % 624] ^ (y >>> 1);',
          '    if (y & 1) next ^= 0x9908b0df;',
          '    mt[i] = next >>> 0;',
          '  }',
          '  this.index = 0;',
          '}',
          'let y = mt[this.index++];',
          'y ^= y >>> 11;',
          'y ^= (y << 7) & 0x9d2c5680;',
          'y ^= (y << 15) & 0xefc60000;',
          'y ^= y >>> 18;',
          'return y >>> 0;',
        ]),
      },
      {
        name: 'uniform01',
        returnType: 'number',
        docs: ['Uniform in [0, 1) with 53 random bits.'],
        statements: code([
          'const hi = this.nextUint32() >>> 5;',
          'const lo = this.nextUint32() >>> 6;',
          'return (hi * 67108864 + lo) / 9007199254740992;',
        ]),
      },
      {
        name: 'uniformOpen',
        parameters: [{ name: 'lo', type: 'number' }, { name: 'hi', type: 'number' }],
        returnType: 'number',
        docs: ['Uniform in the open interval (lo, hi); lo when the interval is empty or inverted.'],
        statements: code([
          'if (!(lo < hi)) return lo;',
          'for (;;) {',
          '  const x = lo + this.uniform01() * (hi - lo);',
          '  if (x > lo && x < hi) return x;',
          '}',
        ]),
      },
      {
        name: 'gaussian',
        parameters: [{ name: 'mean', type: 'number' }, { name: 'sd', type: 'number' }],
        returnType: 'number',
        docs: ['Normal N(mean, sd) by Box-Muller, one value per pair of uniform draws.'],
        statements: code([
          'const u1 = 1 - this.uniform01();',
          'const u2 = this.uniform01();',
          'return mean + sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);',
        ]),
      },
    ],
  };
}

function docFor(report: InstructionReport): string {
  if (report.fate === 'folded') return `/** ${report.text} (inputs are constants: folded) */`;
  return `/** ${report.text} */`;
}

/** Statements of one component function, each instruction's block under its doc comment. */
function componentBody(F: number, reports: readonly InstructionReport[]): Body {
  const emitter = new TsEmitter(F);
  const lines: string[] = [];
  for (const report of reports) {
    if (report.fate === 'dropped') continue;
    const statements = emitter.emit(report.replacement ?? report.instruction);
    if (statements.length === 0) continue; // NoOp() in a raw export
    lines.push(docFor(report), ...statements);
  }
  return { lines, emitter };
}

/** Local aliases of the memory fields a body uses (the scalars also when the caller needs them). */
function locals(body: Body, extra: { scalars?: boolean } = {}): string[] {
  const e = body.emitter;
  const lines: string[] = [];
  if (e.usesScalars || extra.scalars) lines.push(`const ${SCALARS} = this.${SCALARS};`);
  for (const v of [...e.vectors].sort((a, b) => a - b)) lines.push(`const ${vectorName(v)} = this.${vectorName(v)};`);
  for (const m of [...e.matrices].sort((a, b) => a - b)) lines.push(`const ${matrixName(m)} = this.${matrixName(m)};`);
  if (e.usesScratch) lines.push(`const ${SCRATCH} = this.${SCRATCH};`);
  if (e.usesRandom) lines.push(`const ${RANDOM} = this.${RANDOM};`);
  return lines;
}

function headerComment(name: string, options: ExportOptions, report: SimplificationReport, layoutF: number): string {
  const { sizes, provenance } = options;
  const c = report.counts;
  const lines = [
    `${name}: an algorithm exported by automl-zero ${provenance.toolVersion} as a self-contained TypeScript module.`,
    'Generated by `automl-zero export`; no runtime dependencies. Regenerate it rather than edit it.',
    '',
    `Source:        ${provenance.source === undefined ? '(not a file)' : commentSafe(provenance.source)}`,
    `Features size: F = ${layoutF} (every example has ${layoutF} features; vectors have F elements, matrices F x F)`,
    `Memory:        ${sizes.scalars} scalars, ${sizes.vectors} vectors, ${sizes.matrices} matrices (S,V,M = ${sizes.scalars},${sizes.vectors},${sizes.matrices})`,
    `Fitness:       ${provenance.fitness === undefined ? 'not known' : String(provenance.fitness)}`
      + `${provenance.fitnessNote === undefined ? '' : ` (${commentText(provenance.fitnessNote)})`}`,
    options.raw
      ? `Instructions:  ${c.total}, exported as written (not simplified)`
      : `Instructions:  ${c.kept + c.folded} of ${c.total} kept, ${c.folded} of them folded into constants; ${c.dropped} dropped (they cannot affect a prediction)`,
    '',
    'Original program:',
    ...printAlgorithm(report.original).trimEnd().split('\n').map((l) => `  ${l}`),
  ];
  const dropped = COMPONENTS.flatMap((comp) => report.instructions[comp].filter((r) => r.fate === 'dropped'));
  if (!options.raw && dropped.length > 0) {
    lines.push('', 'Dropped:');
    const width = Math.max(...dropped.map((r) => r.text.length));
    for (const r of dropped) lines.push(`  ${siteName(r).padEnd(10)} ${r.text.padEnd(width)}  -- ${r.reason}: ${r.detail}`);
  }
  lines.push(
    '',
    'Usage:',
    `  const model = new ${name}();  // zeroed memory, then Setup`,
    '  for (const [x, y] of examples) model.trainStep(x, y);  // Predict then Learn, as the engine trains',
    '  const prediction = model.predict(x);',
  );
  return ['/*', ...lines.map((l) => (l === '' ? ' *' : ` * ${l}`)), ' */'].join('\n');
}

/**
 * The TypeScript module for `alg` (see the file comment). Throws a UserError
 * for a bad name, feature size or memory, an InvalidAlgorithmError for an
 * instruction that does not fit the memory.
 */
export function exportModule(alg: Algorithm, options: ExportOptions): string {
  checkModuleName(options.name);
  let layout: MemoryLayout;
  try {
    layout = new MemoryLayout(options.featuresSize, options.sizes);
  } catch (err) {
    throw new UserError((err as Error).message);
  }
  validateAlgorithm(alg, options.sizes);
  const F = layout.F;
  const report = explainSimplification(alg);
  const reports: Record<ComponentName, readonly InstructionReport[]> = options.raw
    ? Object.fromEntries(COMPONENTS.map((c) => [c, alg[c].map((instruction, index): InstructionReport => ({
      component: c, index, instruction, text: report.instructions[c][index]!.text, fate: 'kept',
    }))])) as Record<ComponentName, InstructionReport[]>
    : report.instructions;

  const bodies = {
    setup: componentBody(F, reports.setup),
    predict: componentBody(F, reports.predict),
    learn: componentBody(F, reports.learn),
  };
  const usesRandom = COMPONENTS.some((c) => bodies[c].emitter.usesRandom);
  const usesScratch = COMPONENTS.some((c) => bodies[c].emitter.usesScratch);
  const vectors = new Set<number>([FEATURES_VECTOR]);
  const matrices = new Set<number>();
  for (const c of COMPONENTS) {
    for (const v of bodies[c].emitter.vectors) vectors.add(v);
    for (const m of bodies[c].emitter.matrices) matrices.add(m);
  }

  const M = loadTsMorph();
  const { Scope, StructureKind } = M;
  const name = options.name;
  const S = options.sizes.scalars;
  const sortedVectors = [...vectors].sort((a, b) => a - b);
  const sortedMatrices = [...matrices].sort((a, b) => a - b);

  const properties: TsMorph.PropertyDeclarationStructure[] = [
    {
      kind: StructureKind.Property, name: 'featuresSize', isStatic: true, isReadonly: true, initializer: jsIndex(F),
      docs: ['Number of features of every example (F).'],
    },
    {
      kind: StructureKind.Property, name: SCALARS, scope: Scope.Private, isReadonly: true,
      initializer: `new Float64Array(${jsIndex(S)})`,
      docs: [`Scalars s0..s${S - 1}: s${LABEL_SCALAR} is the label (0 during Predict), s${PREDICTION_SCALAR} the prediction.`],
    },
    ...sortedVectors.map((v): TsMorph.PropertyDeclarationStructure => ({
      kind: StructureKind.Property, name: vectorName(v), scope: Scope.Private, isReadonly: true,
      initializer: `new Float64Array(${jsIndex(F)})`,
      docs: [v === FEATURES_VECTOR ? 'Vector v0: the features of the current example.' : `Vector v${v}.`],
    })),
    ...sortedMatrices.map((m): TsMorph.PropertyDeclarationStructure => ({
      kind: StructureKind.Property, name: matrixName(m), scope: Scope.Private, isReadonly: true,
      initializer: `new Float64Array(${jsIndex(F * F)})`,
      docs: [`Matrix m${m}, ${F} x ${F}, row-major.`],
    })),
  ];
  if (usesScratch) {
    properties.push({
      kind: StructureKind.Property, name: SCRATCH, scope: Scope.Private, isReadonly: true,
      initializer: `new Float64Array(${jsIndex(F * F)})`,
      docs: ['Staging area of ops whose output may be one of their inputs.'],
    });
  }
  if (usesRandom) {
    properties.push({
      kind: StructureKind.Property, name: RANDOM, scope: Scope.Private, isReadonly: true, type: 'RandomSource',
      docs: ['Where random ops draw from.'],
    });
  }

  const zeroing = [
    `this.${SCALARS}.fill(0);`,
    ...sortedVectors.map((v) => `this.${vectorName(v)}.fill(0);`),
    ...sortedMatrices.map((m) => `this.${matrixName(m)}.fill(0);`),
  ];
  const setupBody = [...zeroing, ...locals(bodies.setup), ...bodies.setup.lines];
  const predictBody = [
    ...locals(bodies.predict, { scalars: true }),
    'this.load(features);',
    `${SCALARS}[${LABEL_SCALAR}] = 0;`,
    ...bodies.predict.lines,
    `return ${SCALARS}[${PREDICTION_SCALAR}];`,
  ];
  const learnBody = [
    ...locals(bodies.learn, { scalars: true }),
    'this.load(features);',
    `${SCALARS}[${LABEL_SCALAR}] = label;`,
    ...bodies.learn.lines,
  ];

  const classStructure: TsMorph.ClassDeclarationStructure = {
    kind: StructureKind.Class,
    name,
    isExported: true,
    docs: [[
      `The exported algorithm, for F = ${F}: \`predict\` gives a prediction for one example, \`learn\` trains on one`,
      'labelled example, as the engine runs them. Memory persists between calls, exactly as in the engine.',
    ].join('\n')],
    properties,
    ctors: [{
      parameters: [{ name: RANDOM, type: 'RandomSource', hasQuestionToken: true }],
      docs: [usesRandom
        ? 'Zeroes the memory and runs Setup.\n@param random - where random ops draw from; default `new SeededRandom(1)`.'
        : 'Zeroes the memory and runs Setup.\n@param random - not used: this algorithm has no random ops.'],
      statements: code([
        ...(usesRandom ? [`this.${RANDOM} = ${RANDOM} ?? new SeededRandom(1);`] : []),
        'this.setup();',
      ]),
    }],
    methods: [
      {
        name: 'setup',
        returnType: 'void',
        docs: ['Zeroes the memory and runs Setup: the model as freshly built (random draws continue from the generator).'],
        statements: code(setupBody),
      },
      {
        name: 'predict',
        parameters: [{ name: 'features', type: 'ArrayLike<number>' }],
        returnType: 'number',
        docs: [[
          'Runs Predict on one example (v0 = features, s0 = 0) and returns the prediction s1.',
          'For classification (the engine\'s ACCURACY tasks) this is a logit: see `predictProbability`.',
        ].join('\n')],
        statements: code(predictBody),
      },
      {
        name: 'learn',
        parameters: [{ name: 'features', type: 'ArrayLike<number>' }, { name: 'label', type: 'number' }],
        returnType: 'void',
        docs: [[
          'Runs Learn on one example (v0 = features, s0 = label). The engine calls it right after `predict` on',
          'the same example; `trainStep` does both.',
        ].join('\n')],
        statements: code(learnBody),
      },
      {
        name: 'predictProbability',
        parameters: [{ name: 'features', type: 'ArrayLike<number>' }],
        returnType: 'number',
        docs: [[
          'sigmoid(predict(features)): the probability of the positive class, as the engine scores ACCURACY tasks',
          '(positive when > 0.5). Memory is left as Predict left it, as in the engine\'s validation.',
        ].join('\n')],
        statements: code(['return 1 / (1 + Math.exp(-this.predict(features)));']),
      },
      {
        name: 'trainStep',
        parameters: [
          { name: 'features', type: 'ArrayLike<number>' },
          { name: 'label', type: 'number' },
          { name: 'options', type: '{ classification?: boolean; maxAbsError?: number }', initializer: '{}' },
        ],
        returnType: 'number',
        docs: [[
          'One training step exactly as the engine does it: Predict; for classification (ACCURACY tasks) the',
          'prediction is replaced by its sigmoid, in memory too, so that Learn sees the probability; then Learn,',
          'unless |label - prediction| is NaN or greater than `maxAbsError` (default Infinity), where the engine',
          'stops training. Returns the prediction (the probability for classification).',
        ].join('\n')],
        statements: code([
          `const ${SCALARS} = this.${SCALARS};`,
          'let prediction = this.predict(features);',
          'if (options.classification) {',
          '  prediction = 1 / (1 + Math.exp(-prediction));',
          `  ${SCALARS}[${PREDICTION_SCALAR}] = prediction;`,
          '}',
          'const error = Math.abs(label - prediction);',
          'if (!(error <= (options.maxAbsError ?? Infinity))) return prediction;',
          'this.learn(features, label);',
          'return prediction;',
        ]),
      },
      {
        name: 'load',
        scope: Scope.Private,
        parameters: [{ name: 'features', type: 'ArrayLike<number>' }],
        returnType: 'void',
        docs: ['v0 = features.'],
        statements: code([
          `if (features.length !== ${jsIndex(F)}) throw new RangeError(\`expected ${F} features, got \${features.length}\`);`,
          `const v0 = this.v0;`,
          `for (let k = 0; k < ${jsIndex(F)}; k++) v0[k] = features[k];`,
        ]),
      },
    ],
  };

  const statements: Array<string | TsMorph.StatementStructures> = [
    headerComment(name, options, report, F),
    {
      kind: StructureKind.Interface,
      name: 'RandomSource',
      isExported: true,
      docs: [usesRandom ? RANDOM_SOURCE_DOC : NO_RANDOM_SOURCE_DOC],
      methods: [
        {
          name: 'uniformOpen',
          parameters: [{ name: 'lo', type: 'number' }, { name: 'hi', type: 'number' }],
          returnType: 'number',
          docs: ['A draw from the open interval (lo, hi); lo when the interval is empty or inverted (lo >= hi).'],
        },
        {
          name: 'gaussian',
          parameters: [{ name: 'mean', type: 'number' }, { name: 'sd', type: 'number' }],
          returnType: 'number',
          docs: ['A draw from the normal distribution N(mean, sd).'],
        },
      ],
    },
    ...(usesRandom ? [seededRandomClass(M)] : []),
    classStructure,
  ];

  const project = new M.Project({
    useInMemoryFileSystem: true,
    manipulationSettings: {
      indentationText: M.IndentationText.TwoSpaces,
      newLineKind: M.NewLineKind.LineFeed,
      quoteKind: M.QuoteKind.Single,
    },
  });
  const file = project.createSourceFile(`${name}.ts`, { statements });
  return file.getFullText();
}

/**
 * The exported module as a standalone ES module in JavaScript, built with
 * esbuild: no imports, no Node APIs, so it runs in plain Node and in a browser.
 * The provenance header is kept. esbuild is loaded only here (it is needed
 * only for `--bundle`).
 */
export async function bundleModule(typescriptSource: string): Promise<string> {
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch (err) {
    throw new UserError(`--bundle needs the esbuild package, which could not be loaded: ${(err as Error).message}`);
  }
  const header = /^\/\*[\s\S]*?\*\//.exec(typescriptSource)?.[0] ?? '';
  const result = await esbuild.transform(typescriptSource, {
    loader: 'ts',
    format: 'esm',
    target: 'es2022',
    legalComments: 'none',
    banner: header === '' ? '' : `${header}\n// JavaScript build of the TypeScript module above (esbuild).`,
  });
  return result.code;
}
