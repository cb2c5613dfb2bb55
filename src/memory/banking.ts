import { HlschedError } from '../errors.js';

/**
 * Banking of a local buffer: `memref.alloc[a]() : memref<...xNx...>` split along one dimension into
 * `factor` separate buffers (separate memories, each with its own ports, as Bambu builds one RAM per
 * alloca). Element index c of that dimension goes to bank `c mod factor` at offset `c floordiv factor`
 * (cyclic banking), so accesses whose index there is a constant, as after unrolling, address one bank
 * each. MLIR 22 has no upstream pass that splits a buffer, so this is our rewrite of the kernel the
 * schedule produced (pretty-printed IR); the transformed kernel is the output, verified like a schedule.
 *
 * Every use of the buffer must be an affine.load/affine.store whose index in that dimension is an integer
 * literal, or a memref.dealloc; anything else refuses the rewrite (a view or a variable index cannot be
 * sent to one bank).
 */
export interface BankSpec {
  /** Which local buffer: the n-th memref.alloc/alloca without operands in the text, from 0. */
  buffer: number;
  dim: number;
  factor: number;
}

export interface BankSlot { bank: number; offset: number }
/** Where element index `c` of the banked dimension lives. */
export type BankIndexMap = (c: number, factor: number, extent: number) => BankSlot;

export const cyclicBanks: BankIndexMap = (c, factor) => ({ bank: c % factor, offset: Math.floor(c / factor) });

const ALLOC = /^(\s*)(%[\w$.-]+) = memref\.(alloca?)\(\) : memref<([^>]+)>(.*)$/;

function rejected(message: string, hint?: string): HlschedError {
  return new HlschedError('SCHEDULE_REJECTED', `bank: ${message}`, hint ? { hint } : {});
}

/** Splits `a, b + (c, d), e` at the commas outside brackets. */
function splitTop(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    else if (ch === ',' && depth === 0) { parts.push(text.slice(start, i).trim()); start = i + 1; }
  }
  parts.push(text.slice(start).trim());
  return parts;
}

export function localBuffers(text: string): Array<{ name: string; type: string; line: number }> {
  const found: Array<{ name: string; type: string; line: number }> = [];
  text.split('\n').forEach((line, index) => {
    const match = ALLOC.exec(line);
    if (match) found.push({ name: match[2]!, type: `memref<${match[4]}>`, line: index });
  });
  return found;
}

/** Banks several buffers; each spec's buffer number counts the buffers of `text` as given. */
export function bankBuffers(text: string, specs: readonly BankSpec[], indexMap: BankIndexMap = cyclicBanks): string {
  const buffers = localBuffers(text);
  const names = specs.map((spec) => {
    const target = buffers[spec.buffer];
    if (!target) throw rejected(`the kernel after the schedule holds ${buffers.length} local buffers, not buffer #${spec.buffer}`, 'count memref.alloc/alloca in program order from 0');
    return target.name;
  });
  if (new Set(names).size !== names.length) throw rejected('a buffer is banked twice', 'bank each buffer once');
  return specs.reduce((current, spec, i) => bankNamed(current, names[i]!, spec, indexMap), text);
}

function bankNamed(text: string, bufferName: string, spec: BankSpec, indexMap: BankIndexMap): string {
  const target = localBuffers(text).find((buffer) => buffer.name === bufferName)!;
  const lines = text.split('\n');
  const allocMatch = ALLOC.exec(lines[target.line]!)!;
  const [, indent, name, kind, body, rest] = allocMatch;
  const parts = body!.split('x');
  const element = parts.pop()!;
  const shape = parts.map(Number);
  if (spec.dim >= shape.length) throw rejected(`${name} has rank ${shape.length}, no dimension ${spec.dim}`);
  const extent = shape[spec.dim]!;
  if (!Number.isInteger(extent) || extent % spec.factor !== 0) throw rejected(`dimension ${spec.dim} of ${name} (${extent}) is not a multiple of ${spec.factor} banks`, 'choose a factor that divides the dimension');
  const bankShape = shape.map((d, i) => (i === spec.dim ? extent / spec.factor : d));
  const bankType = `memref<${[...bankShape, element].join('x')}>`;
  const oldType = `memref<${body}>`;
  const bankName = (b: number) => `${name}_bank${b}`;
  const banks = Array.from({ length: spec.factor }, (_, b) => b);
  const token = new RegExp(`${name!.replace(/[$.]/g, '\\$&')}(?![\\w$.-])`);
  const access = new RegExp(`(affine\\.(?:load|store) .*?)${name!.replace(/[$.]/g, '\\$&')}\\[(.*)\\] : ${oldType.replace(/[<>]/g, '\\$&')}`);
  const out: string[] = [];
  lines.forEach((line, index) => {
    if (index === target.line) {
      for (const b of banks) out.push(`${indent}${bankName(b)} = memref.${kind}() : ${bankType}${rest}`);
      return;
    }
    if (!token.test(line)) { out.push(line); return; }
    if (/^\s*memref\.dealloc /.test(line)) {
      for (const b of banks) out.push(line.replace(token, bankName(b)).replace(oldType, bankType));
      return;
    }
    const match = access.exec(line);
    if (!match) throw rejected(`${name} is used by something other than an affine load or store (line ${index + 1}: ${line.trim().slice(0, 120)})`, 'bank buffers that only affine accesses touch');
    const indices = splitTop(match[2]!);
    const at = indices[spec.dim]!;
    if (!/^\d+$/.test(at)) throw rejected(`${name} is indexed with ${at} in dimension ${spec.dim} (line ${index + 1}): a bank must be a constant`, 'unroll the loop over that dimension first (full-unroll or register-tile)');
    const slot = indexMap(Number(at), spec.factor, extent);
    if (slot.bank < 0 || slot.bank >= spec.factor || slot.offset < 0 || slot.offset >= extent / spec.factor) throw rejected(`index ${at} maps outside the banks`);
    indices[spec.dim] = String(slot.offset);
    out.push(line.replace(access, `${match[1]}${bankName(slot.bank)}[${indices.join(', ')}] : ${bankType}`));
  });
  return out.join('\n');
}

/**
 * Banking plans for a scheduled kernel: for each local buffer that is not already a register file,
 * the dimensions (extent > 1) indexed by an integer literal at every affine access, the only uses
 * being affine loads, stores and deallocs. What the tuner may bank.
 */
export function bankableDims(text: string): Array<{ buffer: number; name: string; dim: number; extent: number }> {
  const lines = text.split('\n');
  const plans: Array<{ buffer: number; name: string; dim: number; extent: number }> = [];
  localBuffers(text).forEach((buffer, index) => {
    const parts = buffer.type.slice('memref<'.length, -1).split('x');
    parts.pop();
    const shape = parts.map(Number);
    const escaped = buffer.name.replace(/[$.]/g, '\\$&');
    const token = new RegExp(`${escaped}(?![\\w$.-])`);
    const access = new RegExp(`affine\\.(?:load|store) .*?${escaped}\\[(.*?)\\] : memref<`);
    const constant = shape.map(() => true);
    let usable = true;
    lines.forEach((line, n) => {
      if (n === buffer.line || !token.test(line) || /^\s*memref\.dealloc /.test(line)) return;
      const match = access.exec(line);
      if (!match) { usable = false; return; }
      splitTop(match[1]!).forEach((at, dim) => { if (!/^\d+$/.test(at)) constant[dim] = false; });
    });
    if (!usable || constant.every(Boolean)) return;
    shape.forEach((extent, dim) => { if (constant[dim] && extent > 1) plans.push({ buffer: index, name: buffer.name, dim, extent }); });
  });
  return plans;
}
