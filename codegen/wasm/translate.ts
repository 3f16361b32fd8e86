/**
 * Translates an op's JavaScript template (the statements its `emit` writes
 * for the dispatching interpreter) into WebAssembly, so that the WebAssembly
 * interpreter is driven by the same op table as every other engine. The
 * templates use a small language: assignments to `m[i]` / `T[i]` cells,
 * counted `for` loops, + − × ÷, negation, comparisons in `?:`, Math calls and
 * the random source `R`. Anything outside it raises `Unsupported`, and the op
 * is then run by a call back into the JavaScript dispatcher instead.
 *
 * Results are the same doubles as in JavaScript: each JS arithmetic operator
 * is the IEEE 754 operation WebAssembly's f64 instruction performs, Math.sqrt
 * and Math.abs are f64.sqrt and f64.abs, and every other Math function is the
 * JavaScript function itself, imported.
 */
import { parse } from 'acorn';
import { Code, OP } from './binary';

export class Unsupported extends Error {}

export interface TranslationContext {
  readonly code: Code;
  /** The i32 local holding an identifier of the template (o, a, b, pc, loop variables). */
  local(name: string): number;
  /** Byte address where each array of the templates (m, T, C) starts. */
  readonly arrays: Readonly<Record<string, number>>;
  /** The imported function index for a call such as `Math.sin` or `R.gaussian`. */
  imported(callee: string): number;
  /** The f64 local holding a memory cell or temporary by name (templates emitted in locals mode); undefined if none. */
  cell?(name: string): number | undefined;
  /** For arrays indexed from a run-time origin: the i32 local added to every index. */
  readonly origins?: Readonly<Record<string, number>>;
  /**
   * Identifiers whose i32 locals hold an index already multiplied by 8 (a
   * byte offset): `m[o]` and `m[o + 2]` then load at `o` with a constant
   * offset, no shift or add per access.
   */
  readonly byteOffsets?: ReadonlySet<string>;
  /** Loop variables of unrolled loops, with their values in the copy being translated. */
  readonly constants?: ReadonlyMap<string, number>;
}

/** Loops of at most this many iterations are unrolled (their indexes become constant offsets). */
const UNROLL_MAX = 16;

// acorn's tree, as far as the templates use it.
interface AstNode {
  readonly type: string;
  readonly [field: string]: any;
}

const F64_BINARY: Readonly<Record<string, number>> = { '+': OP.f64Add, '-': OP.f64Sub, '*': OP.f64Mul, '/': OP.f64Div };
const I32_BINARY: Readonly<Record<string, number>> = { '+': OP.i32Add, '-': OP.i32Sub, '*': OP.i32Mul };
const F64_COMPARE: Readonly<Record<string, number>> = {
  '<': OP.f64Lt, '>': OP.f64Gt, '<=': OP.f64Le, '>=': OP.f64Ge, '===': OP.f64Eq, '!==': OP.f64Ne,
};
const NATIVE_MATH: Readonly<Record<string, number>> = { 'Math.sqrt': OP.f64Sqrt, 'Math.abs': OP.f64Abs };
const NAMED_NUMBERS: Readonly<Record<string, number>> = { NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY };

/** Parsed statements by source text: kernels translate the same few statements over and over. */
const parsed = new Map<string, readonly AstNode[]>();
const PARSED_LIMIT = 50_000;

/** Appends the WebAssembly for the template statements `source` to `ctx.code`. */
export function translateStatements(source: string, ctx: TranslationContext): void {
  let body = parsed.get(source);
  if (body === undefined) {
    try {
      body = (parse(source, { ecmaVersion: 2022 }) as unknown as AstNode).body as AstNode[];
    } catch (e) {
      throw new Unsupported(`not a whole statement: ${(e as Error).message}`);
    }
    if (parsed.size >= PARSED_LIMIT) parsed.clear();
    parsed.set(source, body);
  }
  for (const s of body) statement(s, ctx);
}

function unsupported(node: AstNode, what: string): never {
  throw new Unsupported(`${what} (${node.type}) is outside the template language`);
}

function statement(s: AstNode, ctx: TranslationContext): void {
  switch (s.type) {
    case 'BlockStatement':
      for (const inner of s.body as AstNode[]) statement(inner, ctx);
      return;
    case 'EmptyStatement':
      return;
    case 'ExpressionStatement': {
      const e = s.expression as AstNode;
      if (e.type !== 'AssignmentExpression' || e.operator !== '=') unsupported(e, 'statement');
      if (e.left.type === 'Identifier') {
        const local = cellLocal(e.left, ctx);
        value(e.right, ctx);
        ctx.code.localSet(local);
        return;
      }
      if (e.left.type !== 'MemberExpression') unsupported(e, 'statement');
      const base = address(e.left, ctx);
      value(e.right, ctx);
      ctx.code.f64Store(base);
      return;
    }
    case 'ForStatement':
      return countedLoop(s, ctx);
    default:
      unsupported(s, 'statement');
  }
}

/** `for (let i = start; i < count; i++) body`, with literal bounds. */
function countedLoop(s: AstNode, ctx: TranslationContext): void {
  const init = s.init as AstNode | null;
  const declarator = init?.type === 'VariableDeclaration' && init.declarations.length === 1 ? init.declarations[0] as AstNode : null;
  const name = declarator?.id.type === 'Identifier' ? declarator.id.name as string : null;
  const start = declarator ? integerLiteral(declarator.init) : null;
  const test = s.test as AstNode | null;
  const count = test?.type === 'BinaryExpression' && test.operator === '<' && test.left.type === 'Identifier' && test.left.name === name
    ? integerLiteral(test.right) : null;
  const update = s.update as AstNode | null;
  const increments = update?.type === 'UpdateExpression' && update.operator === '++' && update.argument.name === name;
  if (name === null || start === null || count === null || !increments) unsupported(s, 'loop');
  if (start >= count) return;
  if (count - start <= UNROLL_MAX) {
    for (let k = start; k < count; k++) statement(s.body, { ...ctx, constants: new Map(ctx.constants).set(name, k) });
    return;
  }
  const i = ctx.local(name);
  const { code } = ctx;
  code.i32Const(start).localSet(i).loop();
  statement(s.body, ctx);
  code.localGet(i).i32Const(1).op(OP.i32Add).localTee(i).i32Const(count).op(OP.i32LtS).brIf(0).end();
}

function integerLiteral(node: AstNode | null | undefined): number | null {
  return node?.type === 'Literal' && Number.isInteger(node.value) ? node.value as number : null;
}

/** Pushes the byte address of an `array[index]` cell (relative to the array) and returns the array's base (with any constant offset). */
function address(member: AstNode, ctx: TranslationContext): number {
  if (!member.computed || member.object.type !== 'Identifier') unsupported(member, 'cell');
  const base = ctx.arrays[member.object.name as string];
  if (base === undefined) unsupported(member, `array ${member.object.name}`);
  const scaled = byteOffsetAddress(member.property, ctx);
  if (scaled !== null) return base + scaled;
  const constant = constantIndex(member.property, ctx);
  if (constant !== null && constant >= 0 && ctx.origins?.[member.object.name as string] === undefined) {
    ctx.code.i32Const(0);
    return base + constant * 8;
  }
  index(member.property, ctx);
  const origin = ctx.origins?.[member.object.name as string];
  if (origin !== undefined) ctx.code.localGet(origin).op(OP.i32Add);
  ctx.code.i32Const(3).op(OP.i32Shl);
  return base;
}

/**
 * For an index `x` or `x + rest` where `x` holds a byte offset: pushes the
 * byte address (x, plus rest × 8 unless rest is a literal) and returns the
 * constant part of it; null for any other index.
 */
function byteOffsetAddress(e: AstNode, ctx: TranslationContext): number | null {
  const scaled = (n: AstNode) => n.type === 'Identifier' && ctx.byteOffsets?.has(n.name as string) === true;
  if (scaled(e)) {
    ctx.code.localGet(ctx.local(e.name));
    return 0;
  }
  if (e.type !== 'BinaryExpression' || e.operator !== '+' || !scaled(e.left)) return null;
  ctx.code.localGet(ctx.local(e.left.name));
  const literal = constantIndex(e.right, ctx);
  if (literal !== null && literal >= 0) return literal * 8;
  index(e.right, ctx);
  ctx.code.i32Const(3).op(OP.i32Shl).op(OP.i32Add);
  return 0;
}

/** The value of an index expression made of literals and unrolled loop variables; null if it has other parts. */
function constantIndex(e: AstNode, ctx: TranslationContext): number | null {
  switch (e.type) {
    case 'Literal':
      return integerLiteral(e);
    case 'Identifier':
      return ctx.constants?.get(e.name as string) ?? null;
    case 'BinaryExpression': {
      if (I32_BINARY[e.operator as string] === undefined) return null;
      const left = constantIndex(e.left, ctx);
      const right = left === null ? null : constantIndex(e.right, ctx);
      if (left === null || right === null) return null;
      return e.operator === '+' ? left + right : e.operator === '-' ? left - right : left * right;
    }
    default:
      return null;
  }
}

/** Pushes an i32 index expression. */
function index(e: AstNode, ctx: TranslationContext): void {
  switch (e.type) {
    case 'Literal': {
      const n = integerLiteral(e);
      if (n === null) unsupported(e, 'index');
      ctx.code.i32Const(n);
      return;
    }
    case 'Identifier': {
      // A byte offset is only right where byteOffsetAddress placed it.
      if (ctx.byteOffsets?.has(e.name as string)) unsupported(e, `${e.name} elsewhere than m[${e.name} + index]`);
      const constant = ctx.constants?.get(e.name as string);
      if (constant !== undefined) ctx.code.i32Const(constant);
      else ctx.code.localGet(ctx.local(e.name));
      return;
    }
    case 'BinaryExpression': {
      const op = I32_BINARY[e.operator as string];
      if (op === undefined) unsupported(e, `index operator ${e.operator}`);
      index(e.left, ctx);
      index(e.right, ctx);
      ctx.code.op(op);
      return;
    }
    default:
      unsupported(e, 'index');
  }
}

/** Pushes an f64 value expression. */
function value(e: AstNode, ctx: TranslationContext): void {
  const { code } = ctx;
  switch (e.type) {
    case 'Literal':
      if (typeof e.value !== 'number') unsupported(e, 'literal');
      code.f64Const(e.value);
      return;
    case 'Identifier': {
      const x = NAMED_NUMBERS[e.name as string];
      if (x !== undefined) code.f64Const(x);
      else code.localGet(cellLocal(e, ctx));
      return;
    }
    case 'MemberExpression':
      code.f64Load(address(e, ctx));
      return;
    case 'UnaryExpression':
      if (e.operator !== '-') unsupported(e, `operator ${e.operator}`);
      value(e.argument, ctx);
      code.op(OP.f64Neg);
      return;
    case 'BinaryExpression': {
      const op = F64_BINARY[e.operator as string];
      if (op === undefined) unsupported(e, `operator ${e.operator}`);
      value(e.left, ctx);
      value(e.right, ctx);
      code.op(op);
      return;
    }
    case 'ConditionalExpression':
      // Arms that only read can both be evaluated (select, no branch); others must not be.
      if (isPure(e.consequent) && isPure(e.alternate)) {
        value(e.consequent, ctx);
        value(e.alternate, ctx);
        condition(e.test, ctx);
        code.op(OP.select);
      } else {
        condition(e.test, ctx);
        code.ifF64();
        value(e.consequent, ctx);
        code.else();
        value(e.alternate, ctx);
        code.end();
      }
      return;
    case 'CallExpression': {
      const callee = calleeName(e);
      const native = NATIVE_MATH[callee];
      for (const arg of e.arguments as AstNode[]) value(arg, ctx);
      if (native !== undefined && e.arguments.length === 1) code.op(native);
      else code.call(ctx.imported(callee));
      return;
    }
    default:
      unsupported(e, 'value');
  }
}

function cellLocal(e: AstNode, ctx: TranslationContext): number {
  const local = ctx.cell?.(e.name as string);
  if (local === undefined) unsupported(e, `value ${e.name}`);
  return local;
}

function calleeName(call: AstNode): string {
  const callee = call.callee as AstNode;
  if (callee.type !== 'MemberExpression' || callee.computed || callee.object.type !== 'Identifier') unsupported(call, 'call');
  return `${callee.object.name}.${callee.property.name}`;
}

function isPure(e: AstNode): boolean {
  return e.type === 'Literal' || e.type === 'MemberExpression' || e.type === 'Identifier';
}

/** Pushes an i32 truth value: a comparison of two f64 values. */
function condition(e: AstNode, ctx: TranslationContext): void {
  const op = e.type === 'BinaryExpression' ? F64_COMPARE[e.operator as string] : undefined;
  if (op === undefined) unsupported(e, 'condition');
  value(e.left, ctx);
  value(e.right, ctx);
  ctx.code.op(op);
}
