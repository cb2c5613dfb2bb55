/**
 * Memory in the search space (issue 17): gemm, 2mm, 3mm, syrk and doitgen at N = 16 on the fpga target,
 * `hlsched optimize` (tuner, no LLM, scratch corpus) under the default budget and held to ScaleHLS's DSP
 * counts (`--limit dsp=N`), beside ScaleHLS's and SODA's published Bambu cycles and the kernel as given.
 * Writes eval/results-memory.md. Run alone: `node dist/eval/memory-table-main.js`.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadTarget } from '../src/hls/target.js';
import { makeBudget } from '../src/optimize/budget.js';
import { optimize, type OptimizeResult } from '../src/optimize/optimize.js';
import { repoRoot } from './calibration.js';

export const MEMORY_KERNELS: Array<{ kernel: string; file: string; scalehls?: { cycles: number; dsp: number } }> = [
  { kernel: 'gemm', file: 'gemm_16.mlir', scalehls: { cycles: 146, dsp: 249 } },
  { kernel: 'two_mm', file: 'two_mm_16.mlir', scalehls: { cycles: 788, dsp: 184 } },
  { kernel: '3mm', file: 'three_mm_16.mlir', scalehls: { cycles: 827, dsp: 257 } },
  { kernel: 'syrk', file: 'syrk_16.mlir', scalehls: { cycles: 340, dsp: 134 } },
  { kernel: 'doitgen', file: 'doitgen_16.mlir', scalehls: { cycles: 96, dsp: 245 } },
];

export interface MemoryRow {
  kernel: string;
  baseline: number;
  ours: Pick<OptimizeResult, 'bestCycles' | 'lowerBound' | 'ratioToLowerBound' | 'verified'> & { dsp: number; recipe: string; hardwareBound: number };
  held?: Pick<OptimizeResult, 'bestCycles' | 'verified'> & { dsp: number; limit: number };
  /** Held to ScaleHLS's DSPs with partitioned arguments (ScaleHLS's interface): `optimize --partition-args`. */
  partitioned?: Pick<OptimizeResult, 'bestCycles' | 'verified'> & { dsp: number; limit: number; recipe: string; hardwareBound: number };
  scalehls?: { cycles: number; dsp: number };
  sodaOptFull?: { cycles: number; dsp: number };
  sodaOptNone?: number;
}

interface SodaPoint { kernel: string; n: number; strategy: string; cycles: number; dsps: number }

export async function runMemoryTable(log: (line: string) => void = () => {}): Promise<MemoryRow[]> {
  const soda = JSON.parse(await readFile(path.join(repoRoot, '..', 'shared', 'data', 'soda-polybench.json'), 'utf8').catch(() => '{"fpga": []}')) as { fpga: SodaPoint[] };
  const point = (kernel: string, strategy: string) => soda.fpga.find((p) => p.kernel === kernel && p.n === 16 && p.strategy === strategy);
  const target = await loadTarget('fpga');
  const corpusDir = await mkdtemp(path.join(os.tmpdir(), 'hlsched-memory-corpus-'));
  const rows: MemoryRow[] = [];
  try {
    for (const entry of MEMORY_KERNELS) {
      const file = path.join(repoRoot, 'eval', 'kernels', 'polybench', entry.file);
      const common = { target, corpusDir, indexDir: path.join(corpusDir, 'no-index'), accept: false, explore: true };
      const free = await optimize(file, common);
      const row: MemoryRow = {
        kernel: entry.kernel, baseline: free.baselineCycles,
        ours: { bestCycles: free.bestCycles, lowerBound: free.lowerBound, ratioToLowerBound: free.ratioToLowerBound, verified: free.verified, dsp: free.resources?.dsp ?? 0, recipe: free.steps.join('; '), hardwareBound: free.hardwareBound?.cycles ?? 0 },
      };
      if (entry.scalehls) {
        row.scalehls = entry.scalehls;
        const held = await optimize(file, { ...common, resourceBudget: makeBudget(target, { limits: { dsp: entry.scalehls.dsp } }) });
        row.held = { bestCycles: held.bestCycles, verified: held.verified, dsp: held.resources?.dsp ?? 0, limit: entry.scalehls.dsp };
        const split = await optimize(file, { ...common, partitionArguments: true, resourceBudget: makeBudget(target, { limits: { dsp: entry.scalehls.dsp } }) });
        row.partitioned = { bestCycles: split.bestCycles, verified: split.verified, dsp: split.resources?.dsp ?? 0, limit: entry.scalehls.dsp, recipe: split.steps.join('; '), hardwareBound: split.hardwareBound?.cycles ?? 0 };
      }
      const full = point(entry.kernel, 'opt_full');
      if (full) row.sodaOptFull = { cycles: full.cycles, dsp: full.dsps };
      const none = point(entry.kernel, 'opt_none');
      if (none) row.sodaOptNone = none.cycles;
      rows.push(row);
      log(`${entry.kernel}: ${row.baseline} -> ${row.ours.bestCycles} cycles (${row.ours.dsp} DSP)${row.held ? `; held to ${row.held.limit} DSP: ${row.held.bestCycles} (${row.held.dsp} DSP)` : ''}${row.partitioned ? `; partitioned arguments: ${row.partitioned.bestCycles} (${row.partitioned.dsp} DSP)` : ''}`);
    }
  } finally {
    await rm(corpusDir, { recursive: true, force: true });
  }
  return rows;
}

export function formatMemoryTable(rows: MemoryRow[]): string {
  const cell = (value: number | undefined, dsp?: number) => (value === undefined ? '-' : `${value}${dsp === undefined ? '' : ` (${dsp} DSP)`}`);
  const recipes = rows.map((r) => `- ${r.kernel}: ${r.ours.recipe || '(kernel as given)'}`);
  const split = rows.filter((r) => r.partitioned).map((r) => `- ${r.kernel}: ${r.partitioned!.recipe || '(kernel as given)'}`);
  const verdict = (r: MemoryRow) => (r.partitioned && r.scalehls ? (r.partitioned.bestCycles <= r.scalehls.cycles ? 'yes' : `no (${(r.partitioned.bestCycles / r.scalehls.cycles).toFixed(2)}x)`) : '-');
  return [
    '| kernel (N=16) | ours, default budget | its lower bound | hardware bound | ours / hardware bound | ours at ScaleHLS DSPs | ours at ScaleHLS DSPs, partitioned arguments | its hardware bound | partitioned / its bound | ScaleHLS (published) | at or below ScaleHLS | SODA opt_full (published) | baseline (model) | SODA opt_none (published) | verified |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---|',
    ...rows.map((r) => `| ${r.kernel} | ${cell(r.ours.bestCycles, r.ours.dsp)} | ${r.ours.lowerBound} | ${r.ours.hardwareBound} | ${(r.ours.bestCycles / r.ours.hardwareBound).toFixed(2)} | ${r.held ? cell(r.held.bestCycles, r.held.dsp) : '-'} | ${r.partitioned ? cell(r.partitioned.bestCycles, r.partitioned.dsp) : '-'} | ${r.partitioned ? r.partitioned.hardwareBound : '-'} | ${r.partitioned ? (r.partitioned.bestCycles / r.partitioned.hardwareBound).toFixed(2) : '-'} | ${r.scalehls ? cell(r.scalehls.cycles, r.scalehls.dsp) : '-'} | ${verdict(r)} | ${r.sodaOptFull ? cell(r.sodaOptFull.cycles, r.sodaOptFull.dsp) : '-'} | ${r.baseline} | ${cell(r.sodaOptNone)} | ${r.ours.verified && (r.held?.verified ?? true) && (r.partitioned?.verified ?? true) ? 'yes' : 'NO'} |`),
    '',
    'Best recipes with partitioned arguments, held to ScaleHLS\'s DSPs:',
    ...split,
    '',
    'Best recipes (default budget):',
    ...recipes,
  ].join('\n');
}
