/**
 * The readable form of an algorithm (SPEC §3, the original's `ToReadable`).
 *
 * Every line comes from the op table's `text` template, so the printer knows
 * nothing about individual ops; the parser (parse.ts) reads the same templates back.
 */
import type { Algorithm, ComponentName } from '../ir/algorithm';
import { COMPONENTS } from '../ir/algorithm';
import type { Instruction } from '../ir/instruction';
import type { OpSpec } from '../ir/ops';
import { opById } from '../ir/ops';
import { formatG } from '../util/cformat';

/** Header line of each component function, in the order they must appear. */
export const HEADERS: Readonly<Record<ComponentName, string>> = {
  setup: 'def Setup():',
  predict: 'def Predict():',
  learn: 'def Learn():',
};

/** Template placeholders: `$o`, `$a`, `$b` addresses, `$c` activation, `$f0..$f2` float data. */
export const PLACEHOLDER = /\$(o|a|b|c|f0|f1|f2)/g;

/** Which instruction field each placeholder stands for. */
export const PLACEHOLDER_FIELD = {
  o: 'out', a: 'in1', b: 'in2', c: 'activation', f0: 'f0', f1: 'f1', f2: 'f2',
} as const;
export type Placeholder = keyof typeof PLACEHOLDER_FIELD;

/** One instruction without indentation or newline, e.g. `s3 = s1 + s2`. */
export function printInstruction(ins: Instruction): string {
  const op = opById(ins.op);
  return op.text.replace(PLACEHOLDER, (_, name: Placeholder) => {
    const field = PLACEHOLDER_FIELD[name];
    if (field === 'out' || field === 'in1' || field === 'in2') return `${operandKind(op, field)}${ins[field]}`;
    // Constants print as C's %g: float data is float32 already, activation a double.
    return formatG(ins[field]);
  });
}

/** `def Setup():` then two-space indented lines, then Predict and Learn; ends with a newline. */
export function printAlgorithm(alg: Algorithm): string {
  let text = '';
  for (const component of COMPONENTS) {
    text += `${HEADERS[component]}\n`;
    for (const ins of alg[component]) text += `  ${printInstruction(ins)}\n`;
  }
  return text;
}

function operandKind(op: OpSpec, field: 'out' | 'in1' | 'in2'): string {
  const kind = op[field];
  // A template naming an operand the op does not have is a bug in the op table.
  if (kind === null) throw new Error(`op table: ${op.name} prints ${field} but has no such operand`);
  return kind;
}
