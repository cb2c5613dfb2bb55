import { createHash } from 'node:crypto';
import { calleesOf, chooseFunction, isFunctionDefinition, moduleFunctions, parseGenericModule, symbolName, walk, type GenericOp } from '../ir/generic.js';
import { kernelDoesNotParse, parseDiagnostics } from '../toolchain/diagnostics.js';
import { describeRunEnd, runTool } from '../toolchain/run-tool.js';
import type { Toolchain } from '../toolchain/types.js';
import { readInput } from '../verify/inputs.js';

/** What the optimizer needs to know about a kernel before proposing recipes. */
export interface LinalgOpInfo {
  name: string;
  /** Among ops of this name, in program order. */
  index: number;
  /** From the generalized op; empty when it does not generalize. */
  iterators: Array<'parallel' | 'reduction'>;
  line?: number;
}

export interface KernelInfo {
  path: string;
  text: string;
  sha256: string;
  functionName: string;
  /** `(memref<32x32xf32>, f32) -> ()` */
  signature: string;
  linalgOps: LinalgOpInfo[];
  linalgCounts: Record<string, number>;
  /** The function works on tensors: the schedule bufferizes it first. */
  tensors: boolean;
  /** Functions the entry calls: the schedule inlines them first (and the analysis reads the inlined entry). */
  inlined: string[];
  /** The module as mlir-opt printed it (generic form with locations), and generalized: what the chunker reads. */
  printed: { generic: string; generalized?: string };
}

const PRINT = ['--mlir-print-op-generic', '--mlir-print-local-scope', '--mlir-print-debuginfo'];

function linalgOpsIn(fn: GenericOp): GenericOp[] {
  const ops: GenericOp[] = [];
  walk(fn, (op) => { if (op.name.startsWith('linalg.') && op.name !== 'linalg.yield' && op.name !== 'linalg.index') ops.push(op); });
  return ops;
}

/** Tensor arguments, results or values anywhere in the function body. */
function usesTensors(fn: GenericOp): boolean {
  if (/tensor</.test(fn.properties.get('function_type') ?? '')) return true;
  let found = false;
  walk(fn, (op) => { if (!found && (op.name.startsWith('tensor.') || op.resultTypes.some((t) => t.includes('tensor<')))) found = true; });
  return found;
}

export async function analyzeKernel(toolchain: Toolchain, kernelPath: string, requested?: string): Promise<KernelInfo> {
  const text = await readInput(kernelPath, 'kernel');
  const print = (before: string[]) => Promise.all([
    runTool(toolchain, 'mlir-opt', [kernelPath, ...before, ...PRINT]),
    runTool(toolchain, 'mlir-opt', [kernelPath, ...before, '--linalg-generalize-named-ops', ...PRINT]),
  ]);
  let [plain, generalized] = await print([]);
  if (plain.exitCode !== 0) {
    throw kernelDoesNotParse(kernelPath, parseDiagnostics(plain.stderr, { [kernelPath]: { role: 'kernel', file: kernelPath } }), describeRunEnd(plain));
  }
  const functions = moduleFunctions(parseGenericModule(plain.stdout));
  let fn = chooseFunction(functions, requested, `kernel ${kernelPath}`);
  const functionName = symbolName(fn);
  // An entry that calls functions of the module is read (and scheduled) with its callees inlined.
  const defined = new Set(functions.filter(isFunctionDefinition).map(symbolName));
  const inlined = [...new Set(calleesOf(fn))].filter((name) => defined.has(name));
  if (inlined.length > 0) {
    const [a, b] = await print(['--inline']);
    if (a.exitCode === 0) {
      [plain, generalized] = [a, b];
      fn = moduleFunctions(parseGenericModule(plain.stdout)).find((f) => symbolName(f) === functionName) ?? fn;
    }
  }
  const named = linalgOpsIn(fn);
  const genericFn = generalized.exitCode === 0 ? moduleFunctions(parseGenericModule(generalized.stdout)).find((f) => symbolName(f) === functionName && isFunctionDefinition(f)) : undefined;
  const generics = genericFn ? linalgOpsIn(genericFn) : [];
  const counts: Record<string, number> = {};
  const linalgOps = named.map((op, position) => {
    const index = counts[op.name] ?? 0;
    counts[op.name] = index + 1;
    const generic = generics.length === named.length ? generics[position] : undefined;
    const iterators = generic?.name === 'linalg.generic'
      ? [...(generic.properties.get('iterator_types') ?? '').matchAll(/iterator_type<(parallel|reduction)>/g)].map((m) => m[1] as 'parallel' | 'reduction')
      : [];
    return { name: op.name, index, iterators, ...(op.loc ? { line: op.loc.line } : {}) };
  });
  const signature = fn.properties.get('function_type') ?? '';
  return {
    path: kernelPath, text, sha256: createHash('sha256').update(text).digest('hex'), functionName,
    signature: signature.trim(), linalgOps, tensors: usesTensors(fn), inlined, linalgCounts: counts,
    printed: { generic: plain.stdout, ...(generalized.exitCode === 0 ? { generalized: generalized.stdout } : {}) },
  };
}
