import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { HlschedError } from '../errors.js';
import { listFunctions, type FunctionInfo } from '../ir/functions.js';
import { isFunctionDefinition, moduleFunctions, parseGenericModule, symbolName, type GenericOp } from '../ir/generic.js';
import { splitModule } from '../ir/module-text.js';
import { parseDiagnostics } from '../toolchain/diagnostics.js';
import { describeRunEnd, runTool } from '../toolchain/run-tool.js';
import { withTempDir } from '../toolchain/temp-dir.js';
import type { Toolchain } from '../toolchain/types.js';
import { inferShapes } from './shapes.js';

/**
 * Dynamic sizes and size arguments, the way Polygeist and other C frontends leave them: decide the
 * static shape of every dynamic memref argument (given with --shape, else inferred from constant loop
 * bounds) and, when the body's trip counts depend on scalar arguments (`--scalar n=40`) or on the
 * shapes themselves, write a specialized copy of the kernel in which they are constants.
 */
export interface SizeChoice {
  /** Shapes by source argument name, for the verification harness. */
  shapes: Record<string, number[]>;
  scalars: Record<string, string>;
  /** One line saying what was inferred (empty when nothing was). */
  note: string;
}

function typeWithShape(type: string, shape: number[]): string {
  const inner = type.replace(/^memref<|>$/g, '');
  const element = inner.split('x').pop()!;
  return `memref<${shape.join('x')}x${element}>`;
}

/**
 * Shapes for every dynamic argument of `fn`: the user's first, then inferred ones. Throws exit 2
 * naming the flag when one is neither given nor certain.
 */
export function chooseSizes(fn: GenericOp, source: FunctionInfo | undefined, given: { shapes?: Record<string, number[]>; scalars?: Record<string, string> }): SizeChoice {
  const args = fn.regions[0]?.[0]?.arguments ?? [];
  const nameOf = (i: number) => source?.arguments[i]?.name ?? args[i]!.name.replace(/^%/, '');
  const shapes: Record<string, number[]> = { ...(given.shapes ?? {}) };
  const scalarValues = new Map<number, number>();
  args.forEach((_, i) => { const value = Number(given.scalars?.[nameOf(i)]); if (given.scalars?.[nameOf(i)] !== undefined && Number.isInteger(value)) scalarValues.set(i, value); });
  const inferred = inferShapes(fn, scalarValues);
  const said: string[] = [];
  for (const [position, shape] of inferred.shapes) {
    const name = nameOf(position);
    if (shapes[name]) continue;
    shapes[name] = shape;
    said.push(`${name}=${shape.join('x')}`);
  }
  for (const [position, type] of inferred.unknown) {
    const name = nameOf(position);
    if (shapes[name]) continue;
    throw new HlschedError('USAGE', `argument %${name} of @${symbolName(fn)} has dynamic shape ${type} and no constant loop bound makes its size certain`,
      { hint: `give its size with --shape ${name}=${type.replace(/^memref<|>$/g, '').split('x').slice(0, -1).map((d) => (d === '?' ? '64' : d)).join('x')}${/\bindex_cast\b/.test(JSON.stringify([...fn.regions])) ? ' (and the size arguments with --scalar NAME=VALUE)' : ''}` });
  }
  return { shapes, scalars: { ...(given.scalars ?? {}) }, note: said.length ? `inferred from the loop bounds: --shape ${said.join(' --shape ')}` : '' };
}

/**
 * A copy of the kernel with `fn`'s dynamic arguments static and the given scalars constant: a wrapper
 * with the static signature calls the kernel, mlir-opt inlines and folds it, and the wrapper takes the
 * kernel's name. Returns the specialized file, written in `dir`.
 */
export async function specializeKernel(toolchain: Toolchain, kernelPath: string, kernelText: string, functionName: string,
  sizes: SizeChoice, dir: string): Promise<string> {
  const fn = listFunctions(kernelText).find((f) => f.name === functionName && !f.isDeclaration);
  if (!fn) throw new HlschedError('FUNCTION_NOT_FOUND', `kernel ${kernelPath} has no function @${functionName}`);
  const wrapperArgs: string[] = [];
  const body: string[] = [];
  const operands = fn.arguments.map((arg, i) => {
    const shape = sizes.shapes[arg.name];
    const scalar = sizes.scalars[arg.name];
    if (arg.type.kind === 'scalar' && scalar !== undefined) {
      body.push(`    %s${i} = arith.constant ${scalar}${arg.type.element.startsWith('f') && !/[.eE]/.test(scalar) ? '.0' : ''} : ${arg.type.text}`);
      return `%s${i}`;
    }
    if (arg.type.kind === 'memref' && shape && arg.type.shape.includes(null)) {
      const staticType = typeWithShape(arg.type.text, shape);
      wrapperArgs.push(`%a${i}: ${staticType}`);
      body.push(`    %c${i} = memref.cast %a${i} : ${staticType} to ${arg.type.text}`);
      return `%c${i}`;
    }
    wrapperArgs.push(`%a${i}: ${arg.type.text}`);
    return `%a${i}`;
  });
  const wrapperName = `${functionName}__hlsched_static`;
  const wrapper = [
    `  func.func @${wrapperName}(${wrapperArgs.join(', ')}) {`, ...body,
    `    func.call @${functionName}(${operands.join(', ')}) : (${fn.arguments.map((a) => a.type.text).join(', ')}) -> ()`,
    '    return', '  }',
  ].join('\n');
  const close = kernelText.lastIndexOf('}');
  const combined = !/^\s*module\b/m.test(kernelText) || close < 0 ? `module {\n${kernelText}\n${wrapper}\n}\n` : `${kernelText.slice(0, close)}\n${wrapper}\n}\n`;
  const folded = await withTempDir(async (scratch) => {
    const withWrapper = path.join(scratch, 'with-wrapper.mlir');
    await writeFile(withWrapper, combined);
    return runTool(toolchain, 'mlir-opt', [withWrapper, '--inline', '--canonicalize', '--mlir-print-local-scope']);
  });
  if (folded.exitCode !== 0) {
    throw new HlschedError('KERNEL_UNSUPPORTED', `specializing @${functionName} to the given sizes failed: ${parseDiagnostics(folded.stderr)[0]?.message ?? describeRunEnd(folded)}`,
      { hint: 'check that --shape and --scalar values fit the kernel' });
  }
  // Keep the module's attributes and the other symbols; the wrapper replaces the kernel under its name.
  const ops = splitModule(folded.stdout);
  const kept = ops.filter((op) => op.symbol !== functionName).map((op) => (op.symbol === wrapperName ? op.text.replace(`@${wrapperName}`, `@${functionName}`) : op.text));
  const header = /^module\b.*\{\s*$/m.exec(folded.stdout)?.[0] ?? 'module {';
  const out = path.join(dir, `${path.basename(kernelPath, '.mlir')}.specialized.mlir`);
  await writeFile(out, `${header}\n${kept.join('\n')}\n}\n`);
  return out;
}

/**
 * Whether `fn` (generic form) has a loop bound that depends on something other than enclosing loop
 * variables (a size argument, a `memref.dim`): then the sizes must be folded in to count trips.
 */
export function hasSymbolicBounds(fn: GenericOp): boolean {
  let found = false;
  const loopVariables = new Set<string>();
  const visit = (op: GenericOp) => {
    if (op.name === 'affine.for') {
      const segments = /array<i32:\s*(\d+),\s*(\d+)/.exec(op.properties.get('operandSegmentSizes') ?? '');
      const boundOperands = segments ? op.operands.slice(0, Number(segments[1]) + Number(segments[2])) : [];
      if (boundOperands.some((operand) => !loopVariables.has(operand))) found = true;
    }
    if (op.name === 'affine.for' || op.name === 'scf.for') {
      const iv = op.regions[0]?.[0]?.arguments[0]?.name;
      if (iv) loopVariables.add(iv);
    }
    for (const region of op.regions) for (const block of region) for (const inner of block.ops) visit(inner);
  };
  visit(fn);
  return found;
}

/** The function of a module printed in generic form, by name. */
export function genericFunction(printed: string, name: string): GenericOp | undefined {
  return moduleFunctions(parseGenericModule(printed)).find((f) => symbolName(f) === name && isFunctionDefinition(f));
}
