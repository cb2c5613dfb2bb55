import type { Diagnostic } from '../toolchain/diagnostics.js';

/**
 * How a schedule fared on a kernel:
 * - `ok`: it applied, changed the kernel, and every argument matches the original's within tolerance
 * - `malformed`: the schedule does not parse, does not verify, or has no `@__transform_main`
 * - `not-applicable`: the transform interpreter rejected it on this kernel
 * - `no-op`: it applied but the kernel is unchanged (typically a match that found nothing)
 * - `wrong-result`: the transformed kernel computes something else (or NaN)
 * - `runtime-error`: the transformed kernel cannot be lowered or crashes when run
 * - `timeout`: applying or running took longer than the time limit
 */
export const VERIFY_STATUSES = ['ok', 'malformed', 'not-applicable', 'no-op', 'wrong-result', 'runtime-error', 'timeout'] as const;
export type VerifyStatus = (typeof VERIFY_STATUSES)[number];

export interface ArgumentComparison {
  name: string;
  type: string;
  /** Largest |original - transformed| over all elements; null when a NaN was seen. */
  maxAbsDiff: number | null;
  /** Largest |original| over all elements, the scale the tolerance is relative to. */
  maxAbsOriginal: number | null;
  tolerance: number;
  equivalent: boolean;
}

export interface VerifyResult {
  status: VerifyStatus;
  /** True only when the results were compared and matched. */
  equivalent: boolean;
  /** Largest difference over all memref arguments, null when nothing was compared or a NaN was seen. */
  maxAbsDiff: number | null;
  function: string;
  arguments: ArgumentComparison[];
  diagnostics: Diagnostic[];
  /** The kernel after the schedule, as mlir-opt printed it, when the schedule applied. */
  transformed?: string;
  timings: Record<string, number>;
}

export interface VerifyOptions {
  /** Function to compare; required when the kernel defines several public functions. */
  func?: string;
  /** Sizes for dynamic memref arguments, by argument name: `{ A: [64, 32] }`. */
  shapes?: Record<string, number[]>;
  /** Values for scalar arguments, by name: `{ alpha: '1.5' }`. Defaults: floats 1.5, integers 3, index 1. */
  scalars?: Record<string, string>;
  /** Inputs of these memref arguments drawn from [lo, hi) (integers: floored), e.g. token ids for a gather. */
  inputRanges?: Record<string, [number, number]>;
  /** The range of every float memref argument without its own (default [-0.5, 0.5)). */
  floatRange?: [number, number];
  /** Seed of the pseudo-random fill. @default 1 */
  seed?: number;
  /** Relative tolerance for floating-point arguments. @default 1e-4 for f32, 1e-9 for f64 */
  rtol?: number;
  /** Time limit for each tool run, in milliseconds. @default 60_000 */
  timeoutMs?: number;
  /** Address-space cap for each tool run, in MiB. @default 4096 */
  memoryMb?: number;
}
