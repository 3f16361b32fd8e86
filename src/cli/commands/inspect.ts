/**
 * `automl-zero inspect FILE`: what an algorithm does, for a person. The
 * readable form; the simplified form with every dropped instruction marked and
 * why, and folded constants; the canonical form; per component function the
 * memory read and written; the JavaScript the JIT generates. `--json` gives
 * the same as data.
 */
import type { Command } from 'commander';
import {
  COMPONENT_TITLE, type Cell, type MemoryAccess, type SimplificationReport, cellName, describeCell, explainSimplification,
  memoryAccess, printAnnotated,
} from '../../../codegen/explain';
import { generateAlgorithmSource } from '../../../codegen/jit';
import type { Algorithm, ComponentName } from '../../ir/algorithm';
import { COMPONENTS } from '../../ir/algorithm';
import { type MemorySizes, MemoryLayout } from '../../ir/memory';
import { loadAlgorithmFile } from '../../text/load';
import { printAlgorithm, printInstruction } from '../../text/print';
import { parseFeaturesSize, parseMemoryOption } from '../options';

interface InspectFlags {
  featuresSize: string;
  memory: string;
  json?: boolean;
}

export interface Inspection {
  readonly file: string;
  readonly featuresSize: number;
  readonly memory: MemorySizes;
  readonly report: SimplificationReport;
  readonly access: { readonly original: Record<ComponentName, MemoryAccess>; readonly simplified: Record<ComponentName, MemoryAccess> };
  /** generateAlgorithmSource of the simplified program. */
  readonly javascript: string;
}

export function inspectAlgorithm(alg: Algorithm, file: string, F: number, sizes: MemorySizes): Inspection {
  const layout = new MemoryLayout(F, sizes);
  const report = explainSimplification(alg);
  return {
    file,
    featuresSize: F,
    memory: sizes,
    report,
    access: { original: memoryAccess(alg), simplified: memoryAccess(report.simplified) },
    javascript: generateAlgorithmSource(report.simplified, layout),
  };
}

const names = (cells: readonly Cell[]): string => (cells.length === 0 ? 'none' : cells.map(describeCell).join(', '));

function accessListing(access: Record<ComponentName, MemoryAccess>): string {
  return COMPONENTS.map((c) => {
    const a = access[c];
    return `  ${`${COMPONENT_TITLE[c]}:`.padEnd(9)} reads ${names(a.reads)}; writes ${names(a.writes)}; reads before writing ${names(a.inputs)}\n`;
  }).join('');
}

export function inspectionText(x: Inspection): string {
  const c = x.report.counts;
  const { scalars, vectors, matrices } = x.memory;
  return [
    `Algorithm ${JSON.stringify(x.file)} (F = ${x.featuresSize}; memory ${scalars} scalars, ${vectors} vectors, ${matrices} matrices)`,
    '',
    '== Readable form ==',
    printAlgorithm(x.report.original),
    `== Simplified: ${c.kept + c.folded} of ${c.total} instructions kept (${c.folded} folded into constants), ${c.dropped} dropped ==`,
    '(- dropped: cannot affect a prediction; ~ folded: replaced by the constant it always computes)',
    printAnnotated(x.report),
    '== Simplified program ==',
    printAlgorithm(x.report.simplified),
    '== Canonical form (addresses renamed in order of first use) ==',
    printAlgorithm(x.report.canonical),
    '== Memory read and written by each component function ==',
    'as written:',
    accessListing(x.access.original),
    'simplified:',
    accessListing(x.access.simplified),
    `== Generated JavaScript for the simplified program (codegen/jit.ts, F = ${x.featuresSize}) ==`,
    x.javascript,
    '',
  ].join('\n');
}

/** A double as JSON, exactly: NaN, ±Infinity and -0 as the strings the JSON algorithm form uses. */
function exactNumber(x: number): number | string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (Object.is(x, -0)) return '-0';
  return x;
}

function accessJson(access: Record<ComponentName, MemoryAccess>) {
  const list = (cells: readonly Cell[]) => cells.map(cellName);
  return Object.fromEntries(COMPONENTS.map((c) => [c, {
    reads: list(access[c].reads), writes: list(access[c].writes), reads_before_writing: list(access[c].inputs),
  }]));
}

export function inspectionJson(x: Inspection): unknown {
  return {
    file: x.file,
    features_size: x.featuresSize,
    memory: x.memory,
    readable: printAlgorithm(x.report.original),
    simplified: {
      counts: x.report.counts,
      readable: printAlgorithm(x.report.simplified),
      canonical: printAlgorithm(x.report.canonical),
      instructions: COMPONENTS.flatMap((comp) => x.report.instructions[comp].map((r) => ({
        component: comp,
        index: r.index,
        text: r.text,
        fate: r.fate,
        ...(r.reason === undefined ? {} : { reason: r.reason }),
        ...(r.detail === undefined ? {} : { detail: r.detail }),
        ...(r.replacement === undefined ? {} : { replacement: printInstruction(r.replacement), value: exactNumber(r.replacement.activation) }),
      }))),
    },
    memory_access: { original: accessJson(x.access.original), simplified: accessJson(x.access.simplified) },
    javascript: x.javascript,
  };
}

export function registerInspect(program: Command): void {
  program
    .command('inspect')
    .description('show an algorithm: readable form, simplified form (dropped instructions and why), memory use, generated JavaScript')
    .argument('<file>', 'algorithm file (readable text or JSON)')
    .option('--features-size <F>', 'feature size F for the generated JavaScript', '4')
    .option('--memory <S,V,M>', 'number of scalar, vector and matrix addresses', '20,20,20')
    .option('--json', 'print the same as one JSON object')
    .action((file: string, flags: InspectFlags) => {
      const F = parseFeaturesSize(flags.featuresSize);
      const sizes = parseMemoryOption(flags.memory);
      const alg = loadAlgorithmFile(file, sizes);
      const x = inspectAlgorithm(alg, file, F, sizes);
      process.stdout.write(flags.json ? `${JSON.stringify(inspectionJson(x), null, 2)}\n` : inspectionText(x));
    });
}
