import { sameForm, type LinearForm } from '../ir/affine.js';
import { KernelText, type LoopVar } from '../memory/kernel-text.js';
import { argumentAccesses, byArgumentName, memrefArguments, underCondition } from './interface-elements.js';

/**
 * Elements of an argument array whose value on entry the kernel reads, whatever the schedule: those
 * must cross the interface once each, and be written back once each when the kernel stores them.
 *
 * Read off the kernel lowered to affine loops (pretty-printed, as mlir-opt prints it), for the common
 * read-modify-write form (gemm's `C[i][j] *= beta`): the first access to the array in program order is
 * a load whose indices are distinct variables of loops around it (loops it does not index load the same
 * elements again: doitgen's `A[r][q][s]` under `p`), and every store to the array in the same top-level nest writes an element
 * that load has already read: in each index, the same loop variable where the loop holds both, or a
 * variable walking within the range of a loop of the load that has ended (gemm's `C[i][j]` scaled in
 * one j loop, accumulated in a later one). Then no store comes before the load of its element, and
 * the first load of each element reads its value on entry: as many elements as the indexing loops' trips. Any other use of the array
 * (a view, a call, another shape of access) gives 0, which leaves the bound as it was.
 */
export function initialReads(source: string, functionName?: string): Map<number, number> {
  const text = new KernelText(source);
  const counts = new Map<number, number>();
  const fn = memrefArguments(text, functionName);
  if (!fn) return counts;
  fn.memrefs.forEach((argument, position) => {
    const count = readsOnEntry(text, fn.at, fn.end, argument.name);
    if (count > 0 && Number.isFinite(argument.elements)) counts.set(position, Math.min(count, argument.elements));
  });
  return counts;
}

function readsOnEntry(text: KernelText, funcLine: number, end: number, name: string): number {
  const accesses = argumentAccesses(text, funcLine, end, name);
  if (!accesses) return 0;
  const first = accesses[0];
  if (!first || first.kind !== 'load' || first.forms.some((form) => form === undefined)) return 0;
  const forms = first.forms as LinearForm[];
  const loops: LoopVar[] = text.enclosingLoops(first.line);
  if (loops.length === 0) return 0;
  // Distinct loop variables of loops around it, coefficient 1, one per index: distinct elements per
  // iteration of those loops (loops it does not index read the same elements again).
  const keys = forms.flatMap((form) => [...form.coefficients.keys()]);
  if (forms.some((form) => form.coefficients.size > 1 || [...form.coefficients.values()].some((c) => c !== 1))) return 0;
  if (new Set(keys).size !== keys.length || keys.some((key) => !loops.some((loop) => loop.key === key))) return 0;
  const top = loops[0]!;
  // A load under a condition may not run at every iteration.
  if (underCondition(text, first.line)) return 0;
  const stores = accesses.filter((a) => a.kind === 'store' && a.line > top.line && a.line < top.end);
  const loadLoops = new Set(loops.map((loop) => loop.key));
  const literal = (loop: LoopVar | undefined) => loop !== undefined && loop.lower !== undefined && loop.upper !== undefined;
  /** Whether a store's index in dimension d is one the load has already read in this iteration of the loops they share. */
  const coveredAt = (store: { line: number }, form: LinearForm | undefined, d: number): boolean => {
    const loaded = forms[d]!;
    if (!form) return false;
    const [key] = [...loaded.coefficients.keys()];
    const loop = key === undefined ? undefined : text.loopOf(key);
    // A constant, or a loop around both: the very same index.
    if (!loop || (loop.line < store.line && loop.end > store.line)) return sameForm(form, loaded);
    // A loop of the load that ended before the store: the store's own loop must walk the same range.
    const [other, coefficient] = [...form.coefficients][0] ?? [];
    const walk = other === undefined ? undefined : text.loopOf(other);
    return form.coefficients.size === 1 && coefficient === 1 && form.constant === loaded.constant && literal(loop) && literal(walk)
      && !loadLoops.has(other!) && walk!.lower! >= loop.lower! && walk!.upper! <= loop.upper! && walk!.step % loop.step === 0 && (walk!.lower! - loop.lower!) % loop.step === 0;
  };
  if (!stores.every((store) => store.forms.length === forms.length && store.forms.every((form, d) => coveredAt(store, form, d)))) return 0;
  // Elements: the distinct indices of the load over its loops (triangular bounds counted exactly);
  // where a bound is not affine, the trips of the indexing loops, one whose bounds are not literal counting 1.
  return text.distinctIndices(first.line, forms) ?? keys.reduce((product, key) => product * text.trip(text.loopOf(key)!), 1);
}

/** `initialReads` of the lowered kernel, keyed by the argument names of the kernel as written. */
export function initialReadsByName(lowered: string, original: string, functionName: string): Map<string, number> {
  return byArgumentName(initialReads(lowered, functionName), original, functionName);
}
