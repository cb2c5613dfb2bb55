import type { ElementType } from '../ir/types.js';

/**
 * Reassociating a sum of n float terms (tiling a reduction, unroll-and-jam) changes the result
 * by a few ulps of the largest partial sum, so the bound is relative to the largest original
 * value; integers must match exactly.
 */
const RELATIVE: Record<ElementType, number> = { f32: 1e-4, f64: 1e-9, i8: 0, i16: 0, i32: 0, i64: 0 };
const ABSOLUTE: Record<ElementType, number> = { f32: 1e-6, f64: 1e-12, i8: 0, i16: 0, i32: 0, i64: 0 };

export function toleranceFor(element: ElementType, maxAbsOriginal: number, rtol?: number): number {
  const relative = element.startsWith('i') ? 0 : rtol ?? RELATIVE[element];
  return ABSOLUTE[element] + relative * maxAbsOriginal;
}
