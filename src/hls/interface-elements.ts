import type { LinearForm } from '../ir/affine.js';
import { listFunctions } from '../ir/functions.js';
import { splitIndices, KernelText } from '../memory/kernel-text.js';

/**
 * Distinct elements of each argument array the kernel reads and writes, whatever the schedule: a
 * written element crosses the interface at least once, and so does an element of an array the kernel
 * only reads. Read off the kernel lowered to affine loops (pretty-printed, as mlir-opt prints it) by
 * enumerating the index tuples of every access over its loops (triangular bounds exactly: syrk writes
 * 136 elements of its 16x16 C). An array used any other way (a view, a call), accessed under a
 * condition, or with an index or bound that is not affine has no count.
 */
export interface ArgumentAccess { line: number; kind: 'load' | 'store'; forms: Array<LinearForm | undefined> }

const FUNC = /^\s*func\.func (?:(?:public|private|nested) )?@([\w$.-]+)\((.*)$/;
const ACCESS = /^\s*(?:%[\w$.-]+ = )?affine\.(load|store) (?:.*?, )?(%[\w$.-]+)\[(.*)\] : memref</;
const CONDITION = /^\s*(?:%[\w$.-]+(?::\d+)? = )?(?:affine|scf)\.if\b/;

/** Whether the outermost loop around `line` holds a branch (an access there may not run at every iteration). */
export function underCondition(text: KernelText, line: number): boolean {
  const top = text.enclosingLoops(line)[0];
  return top !== undefined && text.lines.slice(top.line, top.end).some((source) => CONDITION.test(source));
}

/** Every affine access of argument `name` in program order; undefined when it has another use. */
export function argumentAccesses(text: KernelText, funcLine: number, end: number, name: string): ArgumentAccess[] | undefined {
  const pattern = new RegExp(`${name.replace(/[$.]/g, '\\$&')}(?![\\w$.-])`);
  const accesses: ArgumentAccess[] = [];
  for (let i = funcLine + 1; i < end; i++) {
    const source = text.lines[i]!;
    if (!pattern.test(source)) continue;
    const access = ACCESS.exec(source);
    // Another use (a view, a call, a copy) or the name defined again in a region: not followed.
    if (!access || access[2] !== name || text.definition(name, i) !== funcLine) return undefined;
    accesses.push({ line: i, kind: access[1] as 'load' | 'store', forms: splitIndices(access[3]!).map((index) => text.indexForm(index, i)) });
  }
  return accesses;
}

/** The function's line and memref arguments (name and shape), or undefined. */
export function memrefArguments(text: KernelText, functionName?: string): { at: number; end: number; memrefs: Array<{ name: string; elements: number }> } | undefined {
  const at = text.lines.findIndex((line) => { const m = FUNC.exec(line); return m !== null && (functionName === undefined || m[1] === functionName); });
  if (at < 0) return undefined;
  const memrefs = [...text.lines[at]!.matchAll(/(%[\w$.-]+): memref<([^>]*)>/g)]
    .map((m) => ({ name: m[1]!, elements: m[2]!.split('x').slice(0, -1).map(Number).reduce((product, extent) => product * extent, 1) }));
  return { at, end: text.closing(at), memrefs };
}

export interface ElementCounts { read?: number; written?: number }

/** Distinct elements read and written per memref argument, by position among the memref arguments. */
export function interfaceElements(source: string, functionName?: string): Map<number, ElementCounts> {
  const text = new KernelText(source);
  const counts = new Map<number, ElementCounts>();
  const fn = memrefArguments(text, functionName);
  if (!fn) return counts;
  fn.memrefs.forEach((argument, position) => {
    const accesses = argumentAccesses(text, fn.at, fn.end, argument.name);
    if (!accesses || accesses.length === 0) return;
    if (accesses.some((access) => underCondition(text, access.line))) return;
    const count = (kind: 'load' | 'store'): number | undefined => {
      const seen = new Set<string>();
      let total: number | undefined = 0;
      for (const access of accesses.filter((a) => a.kind === kind)) {
        total = text.distinctIndices(access.line, access.forms, seen);
        if (total === undefined) return undefined;
      }
      return total;
    };
    const entry: ElementCounts = {};
    const read = count('load');
    const written = count('store');
    if (read !== undefined) entry.read = Math.min(read, argument.elements);
    if (written !== undefined) entry.written = Math.min(written, argument.elements);
    counts.set(position, entry);
  });
  return counts;
}

/** Counts by position among the memref arguments, keyed by the argument names of the kernel as written. */
export function byArgumentName<T>(byPosition: ReadonlyMap<number, T>, original: string, functionName: string): Map<string, T> {
  const names = (listFunctions(original).find((fn) => fn.name === functionName)?.arguments ?? [])
    .filter((argument) => argument.type.kind === 'memref').map((argument) => `%${argument.name}`);
  const byName = new Map<string, T>();
  for (const [position, count] of byPosition) {
    const name = names[position];
    if (name) byName.set(name, count);
  }
  return byName;
}

/** `interfaceElements` of the lowered kernel, keyed by the argument names of the kernel as written. */
export function interfaceElementsByName(lowered: string, original: string, functionName: string): Map<string, ElementCounts> {
  return byArgumentName(interfaceElements(lowered, functionName), original, functionName);
}
