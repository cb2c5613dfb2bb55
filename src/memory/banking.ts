import { addForms, constantForm, isConstantForm, scaleForm, type LinearForm } from '../ir/affine.js';
import { HlschedError } from '../errors.js';
import { parseType } from '../ir/types.js';
import { constantResidue, indentOf, KernelText, splitIndices } from './kernel-text.js';

/**
 * Banking of a local buffer: `memref.alloc[a]() : memref<...xNx...>` split along one dimension into
 * `factor` separate buffers (separate memories, each with its own ports, as Bambu builds one RAM per
 * alloca). Element index e of that dimension goes to bank `e mod factor` at offset `e floordiv factor`
 * (cyclic banking). MLIR 22 has no upstream pass that splits a buffer, so this is our rewrite of the
 * kernel the schedule produced (pretty-printed IR); the transformed kernel is the output, verified like
 * a schedule.
 *
 * An access whose bank is the same in every iteration (a constant index, or `iv + c` where every loop
 * variable's step times its coefficient is a multiple of the factor, as after unroll-and-jam by the
 * factor) goes to that bank at `(index) floordiv factor`. Any other access is dispatched: a load reads
 * every bank at that offset and selects by `index mod factor`, a store is guarded per bank (scf.if),
 * which costs multiplexers and a port on every bank, but keeps the rewrite total. Static, rank-keeping
 * `memref.subview`s of the buffer are folded into their accesses. Any other use (a call, a cast, a view
 * with dynamic offsets) refuses the rewrite.
 */
export interface BankSpec {
  /** Which local buffer: the n-th memref.alloc/alloca without operands in the text, from 0. */
  buffer: number;
  dim: number;
  factor: number;
}

export interface BankSlot { bank: number; offset: number }
/** Where a constant element index `c` of the banked dimension lives. */
export type BankIndexMap = (c: number, factor: number, extent: number) => BankSlot;

export const cyclicBanks: BankIndexMap = (c, factor) => ({ bank: c % factor, offset: Math.floor(c / factor) });

const ALLOC = /^(\s*)(%[\w$.-]+) = memref\.(alloca?)\(\)(?: \{[^}]*\})? : memref<([^>]+)>(.*)$/;
const COLLAPSE = /^\s*(%[\w$.-]+) = memref\.collapse_shape (%[\w$.-]+) (\[\[[\d, \[\]]*\]\]) : /;
const SUBVIEW = /^\s*(%[\w$.-]+) = memref\.subview (%[\w$.-]+)\[([^\]]*)\] \[([^\]]*)\] \[([^\]]*)\] : /;
const ACCESS = /^(\s*)(?:(%[\w$.-]+) = )?affine\.(load|store) (.*?)(%[\w$.-]+)\[(.*)\] : (.*)$/;

function rejected(message: string, hint?: string): HlschedError {
  return new HlschedError('SCHEDULE_REJECTED', `bank: ${message}`, hint ? { hint } : {});
}

export function localBuffers(text: string): Array<{ name: string; type: string; line: number }> {
  const found: Array<{ name: string; type: string; line: number }> = [];
  text.split('\n').forEach((line, index) => {
    const match = ALLOC.exec(line);
    if (match) found.push({ name: match[2]!, type: `memref<${match[4]}>`, line: index });
  });
  return found;
}

/** Shape and element type of a local buffer's type (an alloc without operands: every dimension static). */
export function shapeOf(type: string): { shape: number[]; element: string } {
  const parsed = parseType(type);
  if (parsed.kind !== 'memref') throw rejected(`${type} is not a memref type`);
  return { shape: parsed.shape.map((dim) => dim ?? Number.NaN), element: parsed.element };
}

/**
 * A name that means the buffer at some lines: the buffer itself, a static view of it, or a
 * `memref.collapse_shape` of it (`reassociation`: which buffer dimensions each index covers).
 */
interface Alias { name: string; line: number; offsets: number[]; strides: number[]; reassociation?: number[][]; pattern?: RegExp }

/** One use of a buffer (or a view of it) at a line, in the buffer's own index space. */
export interface BufferAccess {
  line: number;
  kind: 'load' | 'store' | 'dealloc';
  /** Index texts and forms per dimension, in the buffer's space (views folded). */
  indices: string[];
  forms: Array<LinearForm | undefined>;
  /**
   * Where an index is not linear but is `form mod modulus` (the innermost dimension under a collapsed
   * index): its residue modulo any factor of the modulus is the form's.
   */
  moduloForms?: Array<{ form: LinearForm; modulus: number } | undefined>;
}

/** The bank an access goes to for the whole of its loops, if it does: `index mod factor` when constant there. */
export function accessResidue(text: KernelText, access: BufferAccess, dim: number, factor: number): number | undefined {
  const form = access.forms[dim];
  if (form) return constantResidue(text, form, factor);
  const modulo = access.moduloForms?.[dim];
  return modulo && modulo.modulus % factor === 0 ? constantResidue(text, modulo.form, factor) : undefined;
}

function escape(name: string): RegExp {
  return new RegExp(`${name.replace(/[$.]/g, '\\$&')}(?![\\w$.-])`);
}

function shifted(index: string, offset: number, stride: number): string {
  if (offset === 0 && stride === 1) return index;
  const scaled = stride === 1 ? index : /^[\w%$.-]+$/.test(index) ? `${index} * ${stride}` : `(${index}) * ${stride}`;
  return offset === 0 ? scaled : `${scaled} + ${offset}`;
}

/**
 * Every use of the buffer at `line` of `text`, views folded; throws (naming the line) at a use the
 * rewrite cannot follow.
 */
export function bufferAccesses(text: KernelText, line: number, root?: { name: string; type: string }): { accesses: BufferAccess[]; viewLines: number[] } {
  const match = root ? undefined : ALLOC.exec(text.lines[line]!)!;
  const name = root?.name ?? match![2]!;
  const { shape } = shapeOf(root?.type ?? `memref<${match![4]}>`);
  const rank = shape.length;
  const aliases: Alias[] = [{ name, line, offsets: Array(rank).fill(0), strides: Array(rank).fill(1) }];
  const accesses: BufferAccess[] = [];
  const viewLines: number[] = [];
  for (let i = line + 1; i < text.lines.length; i++) {
    const source = text.lines[i]!;
    if (!aliases.some((a) => source.includes(a.name))) continue;
    const alias = aliases.find((a) => (a.pattern ??= escape(a.name)).test(source) && text.definition(a.name, i) === a.line);
    if (!alias) continue;
    const where = `line ${i + 1}: ${source.trim().slice(0, 120)}`;
    const view = SUBVIEW.exec(source);
    if (view && view[2] === alias.name) {
      const offsets = splitIndices(view[3]!).map(Number);
      const sizes = splitIndices(view[4]!);
      const strides = splitIndices(view[5]!).map(Number);
      const resultRank = / to memref<((?:\d+x)*)[a-z]/.exec(source)?.[1]?.split('x').length;
      if (offsets.length !== rank || strides.length !== rank || sizes.length !== rank || [...offsets, ...strides].some((n) => !Number.isInteger(n)) || resultRank !== rank + 1) {
        throw rejected(`${name} has a view the rewrite cannot fold (${where})`, 'bank buffers whose views have static offsets and strides and keep the rank');
      }
      aliases.push({ name: view[1]!, line: i, offsets: offsets.map((o, d) => alias.offsets[d]! + alias.strides[d]! * o), strides: strides.map((s, d) => alias.strides[d]! * s) });
      viewLines.push(i);
      continue;
    }
    const collapse = COLLAPSE.exec(source);
    if (collapse && collapse[2] === alias.name) {
      if (alias.line !== line) throw rejected(`${name} is collapsed through a view (${where})`, 'bank buffers whose collapsed shapes are of the buffer itself');
      aliases.push({ name: collapse[1]!, line: i, offsets: alias.offsets, strides: alias.strides, reassociation: JSON.parse(collapse[3]!) as number[][] });
      viewLines.push(i);
      continue;
    }
    if (/^\s*memref\.dealloc /.test(source)) {
      if (alias.line === line) accesses.push({ line: i, kind: 'dealloc', indices: [], forms: [] });
      continue;
    }
    const access = ACCESS.exec(source);
    if (!access || access[5] !== alias.name || escape(alias.name).test(access[4]!)) {
      throw rejected(`${name} is used by something other than an affine load or store (${where})`, 'bank buffers that only affine accesses touch');
    }
    const raw = splitIndices(access[6]!);
    if (alias.reassociation) {
      if (raw.length !== alias.reassociation.length) throw rejected(`${name} is indexed with ${raw.length} indices at ${where}`);
      accesses.push({ line: i, kind: access[3] as 'load' | 'store', ...expandCollapsed(text, i, raw, alias.reassociation, shape) });
      continue;
    }
    if (raw.length !== rank) throw rejected(`${name} is indexed with ${raw.length} indices at ${where}`);
    const indices = raw.map((index, d) => shifted(index, alias.offsets[d]!, alias.strides[d]!));
    const forms = raw.map((index, d) => {
      const form = text.indexForm(index, i);
      return form && addForms(scaleForm(form, alias.strides[d]!), constantForm(alias.offsets[d]!));
    });
    accesses.push({ line: i, kind: access[3] as 'load' | 'store', indices, forms });
  }
  return { accesses, viewLines };
}

/** An index into a collapsed shape, back in the buffer's dimensions (row-major within each group). */
function expandCollapsed(text: KernelText, line: number, raw: string[], reassociation: number[][], shape: number[]):
  Pick<BufferAccess, 'indices' | 'forms' | 'moduloForms'> {
  const indices: string[] = Array(shape.length).fill('0');
  const forms: Array<LinearForm | undefined> = Array(shape.length).fill(undefined);
  const moduloForms: Array<{ form: LinearForm; modulus: number } | undefined> = Array(shape.length).fill(undefined);
  reassociation.forEach((group, g) => {
    const index = raw[g]!;
    const form = text.indexForm(index, line);
    group.forEach((dim, position) => {
      const inner = group.slice(position + 1).reduce((p, d) => p * shape[d]!, 1);
      const extent = shape[dim]!;
      if (form && form.coefficients.size === 0) {
        const value = Math.floor(form.constant / inner) % extent;
        indices[dim] = String(value);
        forms[dim] = constantForm(value);
        return;
      }
      if (group.length === 1) { indices[dim] = index; forms[dim] = form; return; }
      const quotient = inner === 1 ? `(${index})` : `(${index}) floordiv ${inner}`;
      indices[dim] = position === 0 ? quotient : `${quotient} mod ${extent}`;
      if (position === group.length - 1 && form) moduloForms[dim] = { form, modulus: extent };
    });
  });
  return { indices, forms, moduloForms };
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

function bankNamed(source: string, bufferName: string, spec: BankSpec, indexMap: BankIndexMap): string {
  const text = new KernelText(source);
  const target = localBuffers(source).find((buffer) => buffer.name === bufferName)!;
  const [, indent, name, kind, body, rest] = ALLOC.exec(text.lines[target.line]!)!;
  const { shape, element } = shapeOf(`memref<${body}>`);
  if (spec.dim >= shape.length) throw rejected(`${name} has rank ${shape.length}, no dimension ${spec.dim}`);
  const extent = shape[spec.dim]!;
  const factor = spec.factor;
  if (!Number.isInteger(extent) || extent % factor !== 0) throw rejected(`dimension ${spec.dim} of ${name} (${extent}) is not a multiple of ${factor} banks`, 'choose a factor that divides the dimension');
  const bankType = bankTypeOf(shape, element, spec.dim, factor);
  const replaced = bankedAccesses(text, { name: name!, line: target.line, type: `memref<${body}>` }, spec, indexMap);
  replaced.set(target.line, Array.from({ length: factor }, (_, b) => `${indent}${bankName(name!, b)} = memref.${kind}() : ${bankType}${rest}`));
  return text.lines.flatMap((line, index) => replaced.get(index) ?? [line]).join('\n');
}

/** A bank's name: the buffer's with `_bankN`. */
export const bankName = (name: string, bank: number) => `${name}_bank${bank}`;

/** The type of one bank: the banked dimension divided by the factor. */
export function bankTypeOf(shape: number[], element: string, dim: number, factor: number): string {
  return `memref<${[...shape.map((d, i) => (i === dim ? d / factor : d)), element].join('x')}>`;
}

/**
 * Every use of the buffer `root` (defined at `root.line`: an alloc, or the signature of the function
 * whose argument it is) rewritten onto its banks: by line, the lines that replace it (views dropped).
 */
export function bankedAccesses(text: KernelText, root: { name: string; line: number; type: string }, spec: Pick<BankSpec, 'dim' | 'factor'>, indexMap: BankIndexMap = cyclicBanks): Map<number, string[]> {
  const name = root.name;
  const { shape, element } = shapeOf(root.type);
  const extent = shape[spec.dim]!;
  const factor = spec.factor;
  const bankType = bankTypeOf(shape, element, spec.dim, factor);
  const banks = Array.from({ length: factor }, (_, b) => b);
  const bankNameOf = (b: number) => bankName(name, b);
  const { accesses, viewLines } = bufferAccesses(text, root.line, root);
  const replaced = new Map<number, string[]>();
  for (const line of viewLines) replaced.set(line, []);
  let dispatches = 0;
  for (const access of accesses) {
    const source = text.lines[access.line]!;
    const pad = ' '.repeat(indentOf(source));
    if (access.kind === 'dealloc') {
      replaced.set(access.line, banks.map((b) => `${pad}memref.dealloc ${bankNameOf(b)} : ${bankType}`));
      continue;
    }
    const match = ACCESS.exec(source)!;
    const locSuffix = / (loc\(.*\))$/.exec(match[7]!)?.[0] ?? '';
    const head = match[4]!;
    const result = match[2];
    const at = access.indices[spec.dim]!;
    const form = access.forms[spec.dim];
    const emit = (bank: number, offset: string, lhs?: string) => {
      const indices = access.indices.map((index, d) => (d === spec.dim ? offset : index)).join(', ');
      return `${pad}${lhs ? `${lhs} = ` : ''}affine.${match[3]} ${head}${bankNameOf(bank)}[${indices}] : ${bankType}${locSuffix}`;
    };
    if (form && isConstantForm(form)) {
      const slot = indexMap(form.constant, factor, extent);
      if (slot.bank < 0 || slot.bank >= factor || slot.offset < 0 || slot.offset >= extent / factor) throw rejected(`index ${form.constant} maps outside the banks`);
      replaced.set(access.line, [emit(slot.bank, String(slot.offset), result)]);
      continue;
    }
    const names = [...new Set(at.match(/%[\w$.-]+/g) ?? [])];
    const unknown = names.find((n) => text.definition(n, access.line) === undefined);
    if (unknown) throw rejected(`${name} is indexed with ${at} in dimension ${spec.dim} (line ${access.line + 1}), and ${unknown} is defined nowhere in scope`, 'bank a kernel as mlir-opt prints it');
    const offset = `(${at}) floordiv ${factor}`;
    const residue = accessResidue(text, access, spec.dim, factor);
    if (residue !== undefined) {
      replaced.set(access.line, [emit(residue, offset, result)]);
      continue;
    }
    // The bank changes from iteration to iteration: dispatch on `index mod factor`.
    const id = `${name}_d${dispatches++}`;
    const map = `affine_map<(${names.map((_, k) => `d${k}`).join(', ')}) -> ((${at.replace(/%[\w$.-]+/g, (n) => `d${names.indexOf(n)}`)}) mod ${factor})>`;
    const lines = [`${pad}${id}_m = affine.apply ${map}(${names.join(', ')})`];
    for (const b of banks.slice(match[3] === 'load' ? 1 : 0)) {
      lines.push(`${pad}${id}_c${b} = arith.constant ${b} : index`, `${pad}${id}_e${b} = arith.cmpi eq, ${id}_m, ${id}_c${b} : index`);
    }
    if (match[3] === 'load') {
      for (const b of banks) lines.push(emit(b, offset, `${id}_v${b}`));
      for (const b of banks.slice(1)) {
        const previous = b === 1 ? `${id}_v0` : `${id}_s${b - 1}`;
        lines.push(`${pad}${b === factor - 1 ? result : `${id}_s${b}`} = arith.select ${id}_e${b}, ${id}_v${b}, ${previous} : ${element}`);
      }
    } else {
      for (const b of banks) lines.push(`${pad}scf.if ${id}_e${b} {`, `  ${emit(b, offset)}`, `${pad}}`);
    }
    replaced.set(access.line, lines);
  }
  return replaced;
}
