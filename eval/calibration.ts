/**
 * Bambu-simulated cycles of SODA's PolyBench kernels (f32, every dimension N, FPGA setup of the SODA
 * experiments; see ../shared/notes/hls-reference.md). "none" is SODA's baseline pipeline, "full" is
 * buffer trick + 3 full unrolls + scalar replacement, here `eval/schedules/calibration/soda-opt-full.mlir`.
 * The `fpga` target is calibrated to these; `npm run bench` reports each point's error.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AnalyticBackend } from '../src/hls/estimate.js';
import { loadTarget, type TargetSpec } from '../src/hls/target.js';

export interface CalibrationPoint {
  kernel: 'gemm' | 'atax';
  n: 2 | 4 | 8;
  optimization: 'none' | 'full';
  bambuCycles: number;
}

const FIGURES: Array<[CalibrationPoint['kernel'], CalibrationPoint['n'], number, number]> = [
  ['gemm', 2, 103, 16], ['gemm', 4, 794, 28], ['gemm', 8, 6538, 71],
  ['atax', 2, 76, 21], ['atax', 4, 299, 34], ['atax', 8, 1171, 60],
];

export const CALIBRATION_POINTS: CalibrationPoint[] = FIGURES.flatMap(([kernel, n, none, full]) => [
  { kernel, n, optimization: 'none' as const, bambuCycles: none },
  { kernel, n, optimization: 'full' as const, bambuCycles: full },
]);

/** Tolerance the issue sets for every point. */
export const CALIBRATION_TOLERANCE = 0.2;

/** Works from `eval/` (tsx, vitest) and from `dist/eval/` (compiled). */
const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.basename(path.dirname(here)) === 'dist' ? path.resolve(here, '..', '..') : path.resolve(here, '..');

export function calibrationKernel(point: CalibrationPoint): string {
  return path.join(repoRoot, 'eval', 'kernels', 'calibration', `${point.kernel}_${point.n}.mlir`);
}

/** Three full unrolls and scalar replacement without the buffer trick (quicker for mlir-opt on big kernels). */
export const FULL_OPTIMIZATION_SCHEDULE = path.join(repoRoot, 'eval', 'schedules', 'calibration', 'full.mlir');
/** SODA's opt_full flow: buffer trick, three full unrolls, scalar replacement: what the calibration points ran. */
export const SODA_OPT_FULL_SCHEDULE = path.join(repoRoot, 'eval', 'schedules', 'calibration', 'soda-opt-full.mlir');

/**
 * The target as SODA's opt_full flow presents the kernel to Bambu. The buffer trick copies every
 * argument into a local buffer before the computation and back after it, so the front end sees
 * distinct arrays: a load of one no longer waits for a store to another (`argumentsMayAlias` off).
 * MLIR 22 makes the copies, but once everything is unrolled its affine-scalrep forwards every copied
 * value and erases the dead local buffers, so the computation reads and writes the arguments again
 * (2mm N=4: 16 stores to tmp, then the loads of C and D behind them). The copies add no accesses
 * (each element is still read and written once); what Bambu's figures show is the distinctness, as if
 * the buffers had stayed, which this models.
 * Evidence: with it, 2mm's opt_full DSPs match Bambu's exactly at N = 4 and 8 (128, 704), where the
 * aliasing chain serialized the second product and left half of them idle.
 */
export function sodaOptFullTarget(target: TargetSpec): TargetSpec {
  return { ...target, frontend: { ...target.frontend, argumentsMayAlias: false } };
}

export interface CalibrationResult extends CalibrationPoint {
  modelCycles: number;
  /** (model - bambu) / bambu */
  error: number;
}

export async function runCalibration(targetName = 'fpga'): Promise<CalibrationResult[]> {
  const target = await loadTarget(targetName);
  const backend = new AnalyticBackend();
  return Promise.all(CALIBRATION_POINTS.map(async (point) => {
    const estimate = point.optimization === 'full'
      ? await backend.estimate(calibrationKernel(point), sodaOptFullTarget(target), { schedule: SODA_OPT_FULL_SCHEDULE })
      : await backend.estimate(calibrationKernel(point), target, {});
    return { ...point, modelCycles: estimate.cycles, error: (estimate.cycles - point.bambuCycles) / point.bambuCycles };
  }));
}
