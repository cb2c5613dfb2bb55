import { listFunctions } from '../ir/functions.js';
import type { Toolchain } from '../toolchain/types.js';
import { chooseSizes, genericFunction, hasSymbolicBounds, specializeKernel, type SizeChoice } from './specialize.js';

/** The kernel file to estimate and schedule, and the sizes the verification harness needs. */
export interface PreparedSizes {
  path: string;
  sizes: SizeChoice | null;
  /** The kernel was rewritten with the sizes folded in (the schedule applies to that copy). */
  specialized: boolean;
  notes: string[];
}

export interface SizeOptions {
  shapes?: Record<string, number[]>;
  scalars?: Record<string, string>;
}

/**
 * Decides the sizes of a kernel with dynamic shapes or size arguments (Polygeist output): inferred
 * where the loop bounds make them certain, else from --shape/--scalar (exit 2 naming the flag when
 * neither). Trip counts that depend on them are folded into a specialized copy written in `dir`.
 */
export async function prepareSizes(toolchain: Toolchain, kernelPath: string, kernelText: string, functionName: string,
  printedGeneric: string, given: SizeOptions, dir: string): Promise<PreparedSizes> {
  const fn = genericFunction(printedGeneric, functionName);
  const gaveScalars = Object.keys(given.scalars ?? {}).length > 0;
  const dynamic = (fn?.regions[0]?.[0]?.arguments ?? []).some((a) => /^memref<[^>]*\?/.test(a.type));
  if (!fn || (!dynamic && !gaveScalars && Object.keys(given.shapes ?? {}).length === 0)) return { path: kernelPath, sizes: null, specialized: false, notes: [] };
  const source = listFunctions(kernelText).find((f) => f.name === functionName);
  const sizes = chooseSizes(fn, source, given);
  const notes = sizes.note ? [sizes.note] : [];
  if (!hasSymbolicBounds(fn) && !gaveScalars) return { path: kernelPath, sizes, specialized: false, notes };
  const path = await specializeKernel(toolchain, kernelPath, kernelText, functionName, sizes, dir);
  notes.push(`trip counts depend on the sizes: specialized @${functionName} to them in ${path}`);
  // The specialized kernel has static arguments and no folded scalars: the harness needs nothing more.
  return { path, sizes: { shapes: {}, scalars: {}, note: sizes.note }, specialized: true, notes };
}
