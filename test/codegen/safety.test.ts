/**
 * The generated source is built only from op templates and validated numbers.
 *
 * Every generated program (component functions and task kernels, all 65 ops,
 * several F, both storage modes) is parsed with acorn and every node is
 * checked against an allowlist of node types, operators, identifiers and
 * property names: no strings, no calls except Math/R methods, no
 * access except to the known arrays. Numbers are printed so that they
 * evaluate back to the very same double, and nothing that is not a validated
 * number or address gets into the source.
 */
import * as acorn from 'acorn';
import * as walk from 'acorn-walk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileAlgorithm, generateAlgorithmSource, generateTaskKernelSource } from '../../codegen/jit';
import { jsIndex, jsNumber } from '../../codegen/literal';
import type { Algorithm } from '../../src/ir/algorithm';
import { MemoryLayout } from '../../src/ir/memory';
import { InvalidAlgorithmError } from '../../src/ir/validate';
import { Rng } from '../../src/util/rng';
import { MODES, SPECIAL_DOUBLES, algorithm, memorySizes } from './arbitraries';

const NODE_TYPES = new Set([
  'Program', 'ExpressionStatement', 'FunctionDeclaration', 'BlockStatement', 'VariableDeclaration',
  'VariableDeclarator', 'ReturnStatement', 'IfStatement', 'ForStatement', 'Identifier', 'Literal',
  'AssignmentExpression', 'BinaryExpression', 'LogicalExpression', 'UnaryExpression', 'UpdateExpression',
  'ConditionalExpression', 'CallExpression', 'NewExpression', 'MemberExpression', 'ObjectExpression', 'Property',
]);

const BINARY_OPERATORS = new Set(['+', '-', '*', '/', '<', '>', '<=', '>=', '===', '!==']);
const ASSIGNMENT_OPERATORS = new Set(['=', '+=']);
const UNARY_OPERATORS = new Set(['-']);
const LOGICAL_OPERATORS = new Set(['||']);
const UPDATE_OPERATORS = new Set(['++']);

/** Names a generated program may mention (besides memory cells and loop variables). */
const IDENTIFIERS = new Set([
  // parameters (C: the constant pool of shape kernels)
  'm', 'R', 'X', 'Y', 'order', 'begin', 'end', 'n', 'maxAbsError', 'accuracy', 'errors', 'C',
  // functions and the scratch array
  'setup', 'predict', 'learn', 'train', 'validate', 'T',
  // kernel locals
  't', 'row', 'y', 'e', 'err', 'p', 'loss', 'k',
  // globals
  'Math', 'Float64Array', 'NaN', 'Infinity',
]);
/** Memory cells in locals (s3, v1_2, m0_15), staging locals (t0_3), loop variables (i0). */
const GENERATED_NAME = /^(s\d+|[vm]\d+_\d+|t\d+_\d+|i\d+)$/;

const MEMBERS: Record<string, ReadonlySet<string>> = {
  Math: new Set(['sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'exp', 'log', 'abs', 'sqrt']),
  R: new Set(['uniformOpen', 'gaussian']),
};
/** Arrays that may be indexed. */
const INDEXED = new Set(['m', 'T', 'X', 'Y', 'order', 'C', 'errors']);
const RETURNED_KEYS = new Set(['setup', 'predict', 'learn', 'train', 'validate']);

/** Parses `source` and throws on anything outside the allowlists. Returns the node count. */
function checkSource(source: string): number {
  const ast = acorn.parse(source, { ecmaVersion: 2022, sourceType: 'script', allowReturnOutsideFunction: true });
  let nodes = 0;
  const fail = (node: acorn.Node, why: string): never => {
    throw new Error(`${why} at ${node.start}: ${source.slice(node.start, Math.min(node.end, node.start + 80))}`);
  };
  const nameOf = (node: acorn.Node): string => (node.type === 'Identifier' ? (node as acorn.Identifier).name : fail(node, 'expected an identifier'));

  walk.full(ast, (node) => {
    nodes++;
    if (!NODE_TYPES.has(node.type)) fail(node, `node type ${node.type} not allowed`);
    switch (node.type) {
      case 'Identifier': {
        const { name } = node as acorn.Identifier;
        if (!IDENTIFIERS.has(name) && !GENERATED_NAME.test(name)) fail(node, `identifier ${name} not allowed`);
        break;
      }
      case 'Literal': {
        const lit = node as acorn.Literal;
        if (typeof lit.value === 'number') {
          if (!/^\d+(\.\d+)?(e[+-]\d+)?$/.test(lit.raw ?? '')) fail(node, `number written as ${lit.raw}`);
        } else if (lit.raw === 'null') {
          // `errors !== null` in the kernels.
        } else if (lit.value !== 'use strict' || source.indexOf(lit.raw!) !== 0) {
          fail(node, `literal ${lit.raw} not allowed`);
        }
        break;
      }
      case 'MemberExpression': {
        const mem = node as acorn.MemberExpression;
        const object = nameOf(mem.object);
        if (mem.computed) {
          if (!INDEXED.has(object)) fail(node, `indexing ${object} not allowed`);
        } else {
          const property = nameOf(mem.property);
          if (!MEMBERS[object]?.has(property)) fail(node, `${object}.${property} not allowed`);
        }
        break;
      }
      case 'CallExpression': {
        const call = node as acorn.CallExpression;
        if (call.callee.type !== 'MemberExpression' || call.callee.computed) fail(node, 'only method calls allowed');
        break;
      }
      case 'NewExpression': {
        const ne = node as acorn.NewExpression;
        if (nameOf(ne.callee) !== 'Float64Array') fail(node, 'only new Float64Array allowed');
        break;
      }
      case 'Property': {
        const prop = node as acorn.Property;
        if (prop.computed || !prop.shorthand || !RETURNED_KEYS.has(nameOf(prop.key))) fail(node, 'property not allowed');
        break;
      }
      case 'BinaryExpression':
        if (!BINARY_OPERATORS.has((node as acorn.BinaryExpression).operator)) fail(node, 'operator not allowed');
        break;
      case 'AssignmentExpression': {
        const asg = node as acorn.AssignmentExpression;
        if (!ASSIGNMENT_OPERATORS.has(asg.operator)) fail(node, 'operator not allowed');
        if (asg.left.type === 'Identifier' && !GENERATED_NAME.test(asg.left.name) && !['err', 'loss'].includes(asg.left.name)) {
          fail(node, `assignment to ${asg.left.name} not allowed`);
        }
        break;
      }
      case 'UnaryExpression':
        if (!UNARY_OPERATORS.has((node as acorn.UnaryExpression).operator)) fail(node, 'operator not allowed');
        break;
      case 'LogicalExpression':
        if (!LOGICAL_OPERATORS.has((node as acorn.LogicalExpression).operator)) fail(node, 'operator not allowed');
        break;
      case 'UpdateExpression':
        if (!UPDATE_OPERATORS.has((node as acorn.UpdateExpression).operator)) fail(node, 'operator not allowed');
        break;
      case 'VariableDeclaration':
        if ((node as acorn.VariableDeclaration).kind === 'var') fail(node, 'var not allowed');
        break;
      default:
        break;
    }
  });
  return nodes;
}

const SAFETY_F = fc.constantFrom(1, 2, 4, 8, 16);

describe('generated source uses only allowed syntax and names', () => {
  it('for random programs over all 65 ops, both kinds of unit, both modes', () => {
    let programs = 0;
    const seen = new Set<number>();
    fc.assert(fc.property(
      fc.tuple(SAFETY_F, memorySizes, fc.constantFrom(...MODES)).chain(([F, sizes, mode]) =>
        fc.tuple(fc.constant(F), fc.constant(sizes), fc.constant(mode), algorithm(sizes, F >= 16 ? 3 : 8))),
      ([F, sizes, mode, alg]) => {
        const layout = new MemoryLayout(F, sizes);
        expect(checkSource(generateAlgorithmSource(alg, layout, { mode }))).toBeGreaterThan(0);
        expect(checkSource(generateTaskKernelSource(alg, layout, { mode }))).toBeGreaterThan(0);
        expect(checkSource(generateTaskKernelSource(alg, layout, { mode, constantPool: true }))).toBeGreaterThan(0);
        for (const ins of [...alg.setup, ...alg.predict, ...alg.learn]) seen.add(ins.op);
        programs++;
      },
    ), { numRuns: 400 });
    expect(programs).toBe(400);
    expect(seen.size).toBe(65);
  });

  it('for every op at F = 32 in both modes', () => {
    const sizes = { scalars: 4, vectors: 3, matrices: 2 };
    const layout = new MemoryLayout(32, sizes);
    for (const mode of MODES) {
      const predict = Array.from({ length: 65 }, (_, op) => ({
        op, out: 1, in1: 1, in2: 0, activation: NaN, f0: Math.fround(0.99), f1: -0, f2: -Infinity,
      }));
      const alg: Algorithm = { setup: [], predict, learn: [] };
      checkSource(generateAlgorithmSource(alg, layout, { mode }));
      checkSource(generateTaskKernelSource(alg, layout, { mode }));
      checkSource(generateTaskKernelSource(alg, layout, { mode, constantPool: true }));
    }
  });

  it('the checker itself rejects foreign code', () => {
    for (const bad of [
      'process.exit(1);', 'm[0] = "x";', 'eval("1");', 'let a = 1;', 'm.constructor;', 'R["gaussian"](0, 1);',
      'var s1 = 0;', 'Math.random();', 'globalThis;', '(() => 1)();', 'm[0] = `${1}`;', 's1 = m[0] ?? 1;',
    ]) {
      expect(() => checkSource(bad), bad).toThrow();
    }
    expect(checkSource('"use strict";\nlet s1 = m[0];\nm[0] = Math.sqrt(s1 * (-0)) + NaN;')).toBeGreaterThan(0);
  });
});

describe('nothing but validated numbers and addresses reaches the source', () => {
  const layout = new MemoryLayout(2, { scalars: 4, vectors: 2, matrices: 1 });
  const base = { op: 56, in1: 0, in2: 0, out: 1, activation: 0.5, f0: 0, f1: 0, f2: 0 };
  const attacks: Array<[string, Record<string, unknown>]> = [
    ['string address', { out: '1]; globalThis.pwned = 1; m[1' }],
    ['string constant', { activation: '0; globalThis.pwned = 1' }],
    ['boxed number', { activation: new Number(1) }],
    ['object with valueOf', { activation: { valueOf: () => 1, toString: () => 'globalThis.pwned=1' } }],
    ['bigint constant', { activation: 1n }],
    ['fractional address', { out: 1.5 }],
    ['negative address', { out: -1 }],
    ['address out of range', { out: 4 }],
    ['string op', { op: '56' }],
    ['op out of range', { op: 65 }],
    ['non-float32 float data', { op: 57, f0: 0.1, f1: 0 }],
    ['index fraction 1', { op: 57, f0: 1 }],
    ['string float data', { op: 59, f0: '0' }],
  ];
  for (const [name, fields] of attacks) {
    it(`rejects ${name}`, () => {
      const alg = { setup: [], predict: [{ ...base, ...fields }], learn: [] } as unknown as Algorithm;
      for (const mode of MODES) {
        expect(() => generateAlgorithmSource(alg, layout, { mode })).toThrow(InvalidAlgorithmError);
        expect(() => generateTaskKernelSource(alg, layout, { mode })).toThrow(InvalidAlgorithmError);
      }
      expect((globalThis as Record<string, unknown>).pwned).toBeUndefined();
    });
  }

  it('never prints addresses an op does not use', () => {
    // Validation ignores unused addresses, so they must not reach the source either.
    const junk = 'globalThis.pwned = 1';
    const alg = {
      setup: [], learn: [],
      predict: [{ ...base, in1: junk, in2: junk }, { op: 0, in1: junk, in2: junk, out: junk, activation: 0, f0: 0, f1: 0, f2: 0 }],
    } as unknown as Algorithm;
    for (const mode of MODES) {
      for (const source of [
        generateAlgorithmSource(alg, layout, { mode }),
        generateTaskKernelSource(alg, layout, { mode }),
        generateTaskKernelSource(alg, layout, { mode, constantPool: true }),
      ]) {
        expect(source).not.toContain('pwned');
        checkSource(source);
      }
    }
  });

  it('writes constants exactly into the compiled code', () => {
    const values = [...SPECIAL_DOUBLES, -1e-320, 1e308, -5e-324];
    for (const mode of MODES) {
      const alg: Algorithm = {
        setup: values.map((activation, i) => ({ ...base, out: i, activation })), predict: [], learn: [],
      };
      const big = new MemoryLayout(2, { scalars: values.length, vectors: 1, matrices: 0 });
      const compiled = compileAlgorithm(alg, big, { mode });
      const m = big.allocate();
      compiled.setup(m, new Rng(1));
      values.forEach((x, i) => expect(Object.is(m[i], x), `s${i} = ${x}`).toBe(true));
    }
  });
});

describe('jsNumber and jsIndex', () => {
  const roundTrip = (x: number): unknown => new Function(`return ${jsNumber(x)};`)();

  it('round-trips special values exactly', () => {
    for (const x of [...SPECIAL_DOUBLES, -1e-320, -5e-324, 1e-7, 1e21, -1e21, 0.1 + 0.2, 2 ** 53 + 2, -(2 ** 31)]) {
      expect(Object.is(roundTrip(x), x), `${x} → ${jsNumber(x)}`).toBe(true);
    }
  });

  it('round-trips random doubles, subnormals included', () => {
    const subnormal = fc.double({ min: -2.2250738585072014e-308, max: 2.2250738585072014e-308 });
    fc.assert(fc.property(fc.oneof(fc.double(), subnormal, fc.float()), (x) => Object.is(roundTrip(x), x)), { numRuns: 5000 });
    // Raw bit patterns: every exponent and payload.
    const bits = new DataView(new ArrayBuffer(8));
    const rng = new Rng(7);
    for (let i = 0; i < 20000; i++) {
      bits.setUint32(0, rng.nextUint32());
      bits.setUint32(4, rng.nextUint32());
      const x = bits.getFloat64(0);
      const back = roundTrip(x);
      expect(Object.is(back, x) || (Number.isNaN(x) && Number.isNaN(back))).toBe(true);
    }
  });

  it('is safe in any expression position', () => {
    // Negative numbers and -0 are parenthesised, so `a - ${x}` or `-${x}` never forms `--` or changes meaning.
    for (const x of [-1, -0, -Infinity, -1e-320, 3]) {
      const y = new Function(`const a = 2; return a - ${jsNumber(x)} * a / -${jsNumber(x)};`)();
      expect(Object.is(y, 2 - (x * 2) / -x)).toBe(true);
    }
  });

  it('throws for anything that is not a number', () => {
    for (const bad of ['1', '', 'NaN', 1n, null, undefined, {}, [], [1], new Number(1), Symbol('x'), () => 1, true]) {
      expect(() => jsNumber(bad as unknown as number), String(typeof bad)).toThrow();
    }
  });

  it('jsIndex accepts only non-negative safe integers', () => {
    expect(jsIndex(0)).toBe('0');
    expect(jsIndex(65535 * 1024)).toBe('67107840');
    for (const bad of [-1, 1.5, NaN, Infinity, 2 ** 53, -0.5, '3', 3n, null]) {
      expect(() => jsIndex(bad as unknown as number), String(bad)).toThrow();
    }
  });
});
