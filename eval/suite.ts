/** The optimization suite of `npm run eval`: every kernel on both targets, no LLM. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadTarget } from '../src/hls/target.js';
import { optimize, type OptimizeResult } from '../src/optimize/optimize.js';
import { repoRoot } from './calibration.js';

export const SUITE_KERNELS = [
  'eels_encoder.mlir', 'eels_encoder_reduced.mlir', 'gemm.mlir', '2mm.mlir', 'atax.mlir', 'mvt.mlir', 'bicg.mlir',
  'layers/eels_conv2.mlir', 'layers/eels_conv4.mlir',
];

export interface SuiteRow extends Pick<OptimizeResult, 'function' | 'target' | 'baselineCycles' | 'bestCycles' | 'speedup' | 'ratioToLowerBound' | 'verified' | 'seconds'> {
  kernel: string;
}

export function geometricMean(values: number[]): number {
  return Math.exp(values.reduce((sum, v) => sum + Math.log(v), 0) / values.length);
}

/** Runs the suite against a scratch corpus, so it measures search, not reuse. */
export async function runSuite(targets = ['fpga', 'asic'], kernels = SUITE_KERNELS): Promise<SuiteRow[]> {
  const corpusDir = await mkdtemp(path.join(os.tmpdir(), 'hlsched-suite-corpus-'));
  const rows: SuiteRow[] = [];
  try {
    for (const targetName of targets) {
      const target = await loadTarget(targetName);
      for (const kernel of kernels) {
        const result = await optimize(path.join(repoRoot, 'eval', 'kernels', kernel), { target, corpusDir, indexDir: path.join(corpusDir, 'no-index') });
        rows.push({
          kernel, function: result.function, target: targetName, baselineCycles: result.baselineCycles, bestCycles: result.bestCycles,
          speedup: result.speedup, ratioToLowerBound: result.ratioToLowerBound, verified: result.verified, seconds: result.seconds,
        });
      }
    }
  } finally {
    await rm(corpusDir, { recursive: true, force: true });
  }
  return rows;
}

export function formatSuite(rows: SuiteRow[]): string {
  const lines = [
    `${'kernel'.padEnd(26)} ${'target'.padEnd(6)} ${'baseline'.padStart(9)} ${'best'.padStart(8)} ${'speedup'.padStart(8)} ${'/bound'.padStart(7)} ${'verified'.padStart(8)} ${'seconds'.padStart(8)}`,
    ...rows.map((r) => `${r.kernel.padEnd(26)} ${r.target.padEnd(6)} ${String(r.baselineCycles).padStart(9)} ${String(r.bestCycles).padStart(8)} ${`${r.speedup.toFixed(2)}x`.padStart(8)} ${r.ratioToLowerBound.toFixed(2).padStart(7)} ${String(r.verified).padStart(8)} ${r.seconds.toFixed(1).padStart(8)}`),
  ];
  return lines.join('\n');
}
