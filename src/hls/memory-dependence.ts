import { addForms, isConstantForm, sameForm, type LinearForm } from '../ir/affine.js';
import type { GenericOp } from '../ir/generic.js';
import type { OpKind } from './operations.js';

/**
 * Dependence tests on affine addresses (one linear form per dimension), for the scheduler and the
 * recurrence analysis, and the front end's clean-up of redundant accesses.
 */

/** Whether two addresses differ in some dimension by a nonzero constant: then they never alias. */
export function provablyDistinct(a: LinearForm[] | undefined, b: LinearForm[] | undefined): boolean {
  if (!a || !b || a.length !== b.length) return false;
  return a.some((form, dim) => {
    const difference = addForms(form, b[dim]!, -1);
    return isConstantForm(difference) && difference.constant !== 0;
  });
}

/**
 * Iteration distance at which a load reads what a store wrote (store in iteration i, load in i + d),
 * over the loop variable `iv`. 0: no loop-carried flow; unanalysable pairs count as distance 1.
 */
export function carriedDistance(store: LinearForm[] | undefined, load: LinearForm[] | undefined, iv: string): number {
  if (!store || !load || store.length !== load.length) return 1;
  let distance: number | undefined;
  for (let dim = 0; dim < store.length; dim++) {
    const s = store[dim]!;
    const l = load[dim]!;
    const cs = s.coefficients.get(iv) ?? 0;
    const cl = l.coefficients.get(iv) ?? 0;
    const rest = addForms({ coefficients: new Map([...s.coefficients].filter(([v]) => v !== iv)), constant: s.constant },
      { coefficients: new Map([...l.coefficients].filter(([v]) => v !== iv)), constant: l.constant }, -1);
    if (!isConstantForm(rest)) return 1; // depends on other values differently: assume the worst
    if (cs !== cl) return 1;
    if (cs === 0) {
      if (rest.constant !== 0) return 0; // two fixed, different addresses
      continue; // same address every iteration: any distance, the nearest is 1
    }
    // s(i) = cs*i + rest_s equals l(i + d) = cs*(i + d) + rest_l  =>  d = (rest_s - rest_l) / cs
    const d = rest.constant / cs;
    if (!Number.isInteger(d) || d <= 0) return 0;
    if (distance !== undefined && distance !== d) return 0;
    distance = d;
  }
  return distance ?? 1;
}

export interface AccessRecord {
  op: GenericOp;
  kind: OpKind;
  /** The memory accessed, by any identity the caller uses. */
  memory?: { key: string };
  address?: LinearForm[];
}

export function sameAddress(a: LinearForm[] | undefined, b: LinearForm[] | undefined): boolean {
  return !!a && !!b && a.length === b.length && a.every((form, dim) => sameForm(form, b[dim]!));
}

/**
 * What an HLS front end (LLVM -O2 in Bambu) does to straight-line code before scheduling: a load of
 * an address just stored or loaded takes that value, a store overwritten before any load that might
 * read it disappears, and so does a store of the value the address already holds (a copy-out of an
 * element nothing changed), unless a store to another memory of its dependence chain (`chainOf`:
 * arguments that may alias) came in between. Returns the removed records and the values that replace
 * removed loads.
 */
export function eliminateRedundantAccesses(records: AccessRecord[], chainOf: (key: string) => string = (key) => key): { removed: Set<number>; alias: Map<string, string> } {
  const removed = new Set<number>();
  const alias = new Map<string, string>();
  const known = new Map<string, Array<{ address: LinearForm[]; value: string; chainAt: number; ownAt: number }>>();
  const pendingStores = new Map<string, Array<{ address: LinearForm[] | undefined; index: number }>>();
  const chainStores = new Map<string, number>();
  const ownStores = new Map<string, number>();
  const entry = (key: string, address: LinearForm[], value: string) => ({ address, value, chainAt: chainStores.get(chainOf(key)) ?? 0, ownAt: ownStores.get(key) ?? 0 });
  /** Whether every store to the chain since the entry was to its own memory. */
  const unchanged = (key: string, found: { chainAt: number; ownAt: number }) =>
    (chainStores.get(chainOf(key)) ?? 0) - found.chainAt === (ownStores.get(key) ?? 0) - found.ownAt;
  records.forEach((record, index) => {
    if (!record.memory) return;
    const key = record.memory.key;
    if (record.kind.kind === 'load') {
      const value = record.op.results[0];
      const hit = record.address && (known.get(key) ?? []).find((entry) => sameAddress(entry.address, record.address));
      // A store to another memory of the chain since then may have changed the value: load again.
      if (hit && value && unchanged(key, hit)) {
        removed.add(index);
        alias.set(value, alias.get(hit.value) ?? hit.value);
        return;
      }
      // A real load may read any pending store it cannot be told apart from: those stores stay. A
      // store to another memory of its chain (an argument that may alias) can never be told apart.
      pendingStores.set(key, (pendingStores.get(key) ?? []).filter((store) => provablyDistinct(store.address, record.address)));
      for (const other of pendingStores.keys()) if (other !== key && chainOf(other) === chainOf(key)) pendingStores.set(other, []);
      if (record.address && value) known.set(key, [...(known.get(key) ?? []), entry(key, record.address, value)]);
    } else if (record.kind.kind === 'store') {
      const stored = alias.get(record.op.operands[0]!) ?? record.op.operands[0]!;
      const holds = record.address && (known.get(key) ?? []).find((entry) => sameAddress(entry.address, record.address));
      if (holds && holds.value === stored && unchanged(key, holds)) {
        removed.add(index);
        return;
      }
      const pending = pendingStores.get(key) ?? [];
      for (const store of pending) if (sameAddress(store.address, record.address)) removed.add(store.index);
      pendingStores.set(key, [...pending.filter((store) => !sameAddress(store.address, record.address)), { address: record.address, index }]);
      chainStores.set(chainOf(key), (chainStores.get(chainOf(key)) ?? 0) + 1);
      ownStores.set(key, (ownStores.get(key) ?? 0) + 1);
      const survivors = (known.get(key) ?? []).filter((entry) => provablyDistinct(entry.address, record.address));
      known.set(key, record.address ? [...survivors, entry(key, record.address, stored)] : survivors);
    }
  });
  return { removed, alias };
}
