import { HlschedError } from '../errors.js';
import { parseType, splitTopLevel } from '../ir/types.js';
import { bankedAccesses, bankName, bankTypeOf, cyclicBanks, type BankIndexMap } from './banking.js';
import { KernelText } from './kernel-text.js';

/**
 * Partitioned arguments: the accelerator's interface changes from one memory per argument array to
 * `factor` memories (ScaleHLS's array_partition on the top function, which ScaleHLS's published
 * PolyBench results rely on). Element index e of the partitioned dimension lives in memory
 * `e mod factor` at `e floordiv factor` (cyclic), as banking.ts does for local buffers.
 *
 * The kernel becomes two functions:
 * - `@<name>_partitioned`, the accelerator: each partitioned argument replaced by its banks, every
 *   access rewritten onto them (banking.ts), each bank marked `llvm.noalias` (separate memories: the
 *   HLS front end must not order one bank's accesses after another's);
 * - `@<name>`, with the original signature: the host side, which splits each partitioned array into
 *   its banks, calls the accelerator and gathers the banks back. It is what differential verification
 *   runs against the original; the estimate is the accelerator's.
 * A function with results, or an argument that is not a static memref with the identity layout, or
 * used other than by affine loads and stores, is refused with the reason.
 */
export interface PartitionSpec {
  /** Which argument: its position in the function's signature, from 0. */
  argument: number;
  dim: number;
  factor: number;
}

export const PARTITIONED_SUFFIX = '_partitioned';

function rejected(message: string, hint?: string): HlschedError {
  return new HlschedError('SCHEDULE_REJECTED', `partition: ${message}`, hint ? { hint } : {});
}

interface Signature {
  line: number;
  indent: string;
  head: string;
  args: Array<{ text: string; name: string; type: string }>;
  tail: string;
}

function signatureOf(text: KernelText, functionName: string): Signature {
  const escaped = functionName.replace(/[$.]/g, '\\$&');
  const pattern = new RegExp(`^(\\s*)(func\\.func (?:(?:public|private|nested) )?@${escaped})\\((.*)$`);
  const line = text.lines.findIndex((source) => pattern.test(source));
  if (line < 0) throw rejected(`no func.func @${functionName} in the scheduled kernel`);
  const [, indent, head, after] = pattern.exec(text.lines[line]!)!;
  let depth = 1;
  let close = -1;
  for (let i = 0; i < after!.length && close < 0; i++) {
    const ch = after![i]!;
    if (ch === '-' && after![i + 1] === '>') { i++; continue; }
    if ('(<[{'.includes(ch)) depth++;
    else if (')>]}'.includes(ch) && --depth === 0) close = i;
  }
  if (close < 0 || !/\{\s*$/.test(after!)) throw rejected(`the signature of @${functionName} is not on one line`, 'partition a kernel as mlir-opt prints it');
  const tail = after!.slice(close + 1);
  if (/^\s*->/.test(tail)) throw rejected(`@${functionName} returns values`, 'partition arguments of kernels that write their results into argument arrays');
  const args = splitTopLevel(after!.slice(0, close)).map((arg) => {
    const match = /^(%[\w$.-]+): (.*)$/.exec(arg);
    if (!match) throw rejected(`cannot read the argument ${arg.slice(0, 60)} of @${functionName}`);
    const type = splitTopLevel(match[2]!, ' ')[0]!;
    return { text: arg, name: match[1]!, type };
  });
  return { line, indent: indent!, head: head!, args, tail };
}

/** Shape and element of a static memref type with the identity layout (what a partition can split), else undefined. */
function staticLayout(type: string): { shape: number[]; element: string } | undefined {
  const parsed = parseType(type);
  if (parsed.kind !== 'memref' || parsed.shape.some((d) => d === undefined) || /,/.test(type)) return undefined;
  return { shape: parsed.shape as number[], element: parsed.element };
}

/** The type of an argument without its attributes and location, as the host function declares it. */
function plainArgument(arg: Signature['args'][number]): string {
  return `${arg.name}: ${arg.type}`;
}

export function partitionArguments(source: string, functionName: string, specs: readonly PartitionSpec[], indexMap: BankIndexMap = cyclicBanks): string {
  if (specs.length === 0) return source;
  const text = new KernelText(source);
  const signature = signatureOf(text, functionName);
  if (new Set(specs.map((s) => s.argument)).size !== specs.length) throw rejected('an argument is partitioned twice', 'partition each argument once');
  const replaced = new Map<number, string[]>();
  const partitioned = new Map<number, { shape: number[]; element: string; spec: PartitionSpec; bankType: string }>();
  for (const spec of specs) {
    const arg = signature.args[spec.argument];
    if (!arg) throw rejected(`@${functionName} has ${signature.args.length} arguments, not argument #${spec.argument}`, 'count the arguments of the signature from 0');
    const layout = staticLayout(arg.type);
    if (!layout) throw rejected(`argument #${spec.argument} (${arg.name}: ${arg.type}) is not a static memref with the identity layout`);
    const { shape, element } = layout;
    if (spec.dim >= shape.length) throw rejected(`${arg.name} has rank ${shape.length}, no dimension ${spec.dim}`);
    const extent = shape[spec.dim]!;
    if (extent % spec.factor !== 0) throw rejected(`dimension ${spec.dim} of ${arg.name} (${extent}) is not a multiple of ${spec.factor} memories`, 'choose a factor that divides the dimension');
    for (const [line, lines] of bankedAccesses(text, { name: arg.name, line: signature.line, type: arg.type }, spec, indexMap)) replaced.set(line, lines);
    partitioned.set(spec.argument, { shape, element, spec, bankType: bankTypeOf(shape, element, spec.dim, spec.factor) });
  }
  const banksOf = (index: number) => Array.from({ length: partitioned.get(index)!.spec.factor }, (_, b) => b);
  // The accelerator: partitioned arguments replaced by their banks, each its own memory.
  const coreArgs = signature.args.flatMap((arg, index) => {
    const part = partitioned.get(index);
    return part ? banksOf(index).map((b) => `${bankName(arg.name, b)}: ${part.bankType} {llvm.noalias}`) : [arg.text];
  });
  replaced.set(signature.line, [`${signature.indent}${signature.head}${PARTITIONED_SUFFIX}(${coreArgs.join(', ')})${signature.tail}`]);
  const end = text.closing(signature.line);
  replaced.set(end, [text.lines[end]!, ...hostFunction(signature, functionName, partitioned)]);
  return text.lines.flatMap((line, index) => replaced.get(index) ?? [line]).join('\n');
}

/** The host side with the original signature: split into banks, call the accelerator, gather back. */
function hostFunction(signature: Signature, functionName: string, partitioned: Map<number, { shape: number[]; element: string; spec: PartitionSpec; bankType: string }>): string[] {
  const pad = `${signature.indent}  `;
  const lines: string[] = [`${signature.indent}func.func @${functionName}(${signature.args.map(plainArgument).join(', ')}) {`];
  const callArgs: string[] = [];
  const callTypes: string[] = [];
  const copies: Array<{ from: string; fromType: string; bank: string; part: { shape: number[]; spec: PartitionSpec; bankType: string }; b: number }> = [];
  signature.args.forEach((arg, index) => {
    const part = partitioned.get(index);
    if (!part) { callArgs.push(arg.name); callTypes.push(arg.type); return; }
    for (let b = 0; b < part.spec.factor; b++) {
      const bank = `%host_${index}_${b}`;
      lines.push(`${pad}${bank} = memref.alloc() : ${part.bankType}`);
      callArgs.push(bank);
      callTypes.push(part.bankType);
      copies.push({ from: arg.name, fromType: arg.type, bank, part, b });
    }
  });
  /** Loops over a bank's elements; `body` gets the index into the array and into the bank. */
  const copyLoops = (copy: typeof copies[number], body: (whole: string, bank: string) => string[]) => {
    const bankShape = copy.part.shape.map((d, i) => (i === copy.part.spec.dim ? d / copy.part.spec.factor : d));
    const ivs = bankShape.map((_, i) => `%host_i${i}`);
    const whole = ivs.map((iv, i) => (i === copy.part.spec.dim ? `${iv} * ${copy.part.spec.factor} + ${copy.b}` : iv)).join(', ');
    const out: string[] = [];
    bankShape.forEach((extent, i) => out.push(`${pad}${'  '.repeat(i)}affine.for ${ivs[i]} = 0 to ${extent} {`));
    for (const line of body(whole, ivs.join(', '))) out.push(`${pad}${'  '.repeat(bankShape.length)}${line}`);
    for (let i = bankShape.length - 1; i >= 0; i--) out.push(`${pad}${'  '.repeat(i)}}`);
    return out;
  };
  for (const copy of copies) {
    lines.push(...copyLoops(copy, (whole, bank) => [
      `%host_v = affine.load ${copy.from}[${whole}] : ${copy.fromType}`,
      `affine.store %host_v, ${copy.bank}[${bank}] : ${copy.part.bankType}`,
    ]));
  }
  lines.push(`${pad}func.call @${functionName}${PARTITIONED_SUFFIX}(${callArgs.join(', ')}) : (${callTypes.join(', ')}) -> ()`);
  for (const copy of copies) {
    lines.push(...copyLoops(copy, (whole, bank) => [
      `%host_v = affine.load ${copy.bank}[${bank}] : ${copy.part.bankType}`,
      `affine.store %host_v, ${copy.from}[${whole}] : ${copy.fromType}`,
    ]));
  }
  for (const copy of copies) lines.push(`${pad}memref.dealloc ${copy.bank} : ${copy.part.bankType}`);
  lines.push(`${pad}return`, `${signature.indent}}`);
  return lines;
}

/** Memref arguments of `functionName` that a partition may name (position, name, static shape), and the signature's line. */
export function partitionableArguments(text: KernelText, functionName: string): { line: number; args: Array<{ argument: number; name: string; type: string; shape: number[] }> } {
  const signature = signatureOf(text, functionName);
  const args = signature.args.flatMap((arg, argument) => {
    const layout = staticLayout(arg.type);
    return layout ? [{ argument, name: arg.name, type: arg.type, shape: layout.shape }] : [];
  });
  return { line: signature.line, args };
}
