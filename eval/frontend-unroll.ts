/**
 * The evidence behind the model's front-end unrolling (src/hls/full-unroll.ts), against every published
 * SODA point: "Bambu's front end (clang/LLVM at -O2) fully unrolls the small constant-trip loops the
 * MLIR flow left rolled". Each variant turns the model's own rule off and unrolls the normalized
 * kernel some other way (MLIR's affine-loop-unroll), or not at all; the last is the rule the targets
 * ship with. The summary says how many points each keeps within 15%.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LLVM_O2_FULL_UNROLL_THRESHOLD } from '../src/hls/full-unroll.js';
import { KEEP_LOCATIONS } from '../src/hls/normalize.js';
import { discoverToolchain } from '../src/toolchain/discover.js';
import { runTool } from '../src/toolchain/run-tool.js';
import { withTempDir } from '../src/toolchain/temp-dir.js';
import { loadSodaPoints, pct, pointLabel, relError, runSodaPolybench, type SodaPoint, type SodaResult, type Strategy } from './soda-polybench.js';

export interface UnrollVariant {
  name: string;
  /** affine-loop-unroll options, applied with the model's own rule off. */
  options?: string;
  /** The model's rule (frontend.fullUnrollThreshold) at this threshold; 0: off. Without options, 0 means no unrolling at all. */
  llvmThreshold: number;
}

export const UNROLL_VARIANTS: UnrollVariant[] = [
  { name: 'no front-end unrolling', llvmThreshold: 0 },
  { name: 'innermost loops fully unrolled, once', options: 'unroll-factor=-1', llvmThreshold: 0 },
  { name: 'every loop with trip count <= 2 fully unrolled', options: 'unroll-factor=-1 unroll-full-threshold=2', llvmThreshold: 0 },
  { name: 'every loop with trip count <= 4 fully unrolled', options: 'unroll-factor=-1 unroll-full-threshold=4', llvmThreshold: 0 },
  { name: 'LLVM -O2 rule, size <= 150 (the model)', llvmThreshold: LLVM_O2_FULL_UNROLL_THRESHOLD },
];

export interface VariantSummary {
  variant: string;
  /** Points within 15% by strategy, and in all. */
  within15: Record<Strategy | 'all', { within: number; points: number }>;
  /** The opt_full points that were more than 15% off without unrolling (the first variant): their errors under this variant. */
  misses: Array<{ at: string; error: number }>;
}

/** The normalized kernel through MLIR's affine-loop-unroll with `options`, printed in generic form with locations again. */
async function unrolled(generic: string, options: string): Promise<string> {
  const toolchain = await discoverToolchain();
  return withTempDir(async (dir) => {
    const input = path.join(dir, 'normalized.mlir');
    await writeFile(input, generic);
    const run = await runTool(toolchain, 'mlir-opt', [input, `--pass-pipeline=builtin.module(func.func(affine-loop-unroll{${options}},canonicalize))`,
      '--mlir-print-op-generic', ...KEEP_LOCATIONS], { timeoutMs: 300_000 });
    if (run.exitCode !== 0) throw new Error(`affine-loop-unroll{${options}} failed: ${run.stderr.trim().split('\n')[0]}`);
    return run.stdout;
  }, 'hlsched-unroll-');
}

/** A point's fpga cycle error, and whether it meets the issue's 15% goal. */
const fpgaError = (r: SodaResult) => relError(r.model.fpgaCycles, r.fpga!.cycles);
const within15 = (error: number) => Math.abs(error) <= 0.15;

function summarizeVariant(variant: string, results: SodaResult[], missed: Set<string>): VariantSummary {
  const counts = { opt_none: { within: 0, points: 0 }, opt_full: { within: 0, points: 0 }, all: { within: 0, points: 0 } };
  const misses: VariantSummary['misses'] = [];
  for (const r of results) {
    if (!r.fpga) continue;
    const error = fpgaError(r);
    for (const key of [r.strategy, 'all'] as const) {
      counts[key].points++;
      if (within15(error)) counts[key].within++;
    }
    if (missed.has(pointLabel(r))) misses.push({ at: pointLabel(r), error });
  }
  return { variant, within15: counts, misses };
}

export async function runFrontendUnroll(variants = UNROLL_VARIANTS, points: SodaPoint[] = loadSodaPoints()): Promise<VariantSummary[]> {
  const summaries: VariantSummary[] = [];
  let missed: Set<string> | undefined;
  for (const variant of variants) {
    const { options, llvmThreshold } = variant;
    const results = await runSodaPolybench(points, { fullUnrollThreshold: llvmThreshold, ...(options ? { prepare: (generic: string) => unrolled(generic, options) } : {}) });
    missed ??= new Set(results.filter((r) => r.fpga && r.strategy === 'opt_full' && !within15(fpgaError(r))).map(pointLabel));
    summaries.push(summarizeVariant(variant.name, results, missed));
  }
  return summaries;
}

export function formatFrontendUnroll(summaries: VariantSummary[]): string {
  const lines = ['variant                                            opt_none   opt_full   all        opt_full misses without unrolling'];
  for (const s of summaries) {
    const cell = (k: Strategy | 'all') => `${s.within15[k].within}/${s.within15[k].points}`.padEnd(11);
    lines.push(`${s.variant.padEnd(51)}${cell('opt_none')}${cell('opt_full')}${cell('all')}${s.misses.map((m) => `${m.at} ${pct(m.error)}`).join(', ')}`);
  }
  return lines.join('\n');
}
