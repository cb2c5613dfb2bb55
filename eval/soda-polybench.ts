/**
 * Every published Bambu point of SODA's PolyBench study (../shared/data/soda-polybench.json) against
 * the analytic model: FPGA cycles, LUTs, DSPs and power on the xc7vx690t at 10 ns, and cycles on
 * nangate45 at 2 ns. `opt_none` is the plain lowering; `opt_full` is SODA's flow as a schedule
 * (eval/schedules/calibration/soda-opt-full.mlir). `npm run bench` prints the table; the test suite checks
 * the summary against the goals.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { estimateThroughFrontEnd } from '../src/hls/front-end.js';
import { normalizeForEstimate } from '../src/hls/normalize.js';
import { loadTarget, withClock, type TargetSpec } from '../src/hls/target.js';
import type { Estimate } from '../src/hls/types.js';
import { discoverToolchain } from '../src/toolchain/discover.js';
import { repoRoot, SODA_OPT_FULL_SCHEDULE, sodaOptFullTarget } from './calibration.js';

export { SODA_OPT_FULL_SCHEDULE };

export const SODA_DATA = path.join(repoRoot, '..', 'shared', 'data', 'soda-polybench.json');

export type Strategy = 'opt_none' | 'opt_full';

interface FpgaRow { kernel: string; n: number; strategy: string; cycles: number; luts: number | null; dsps: number | null; power: number | null }
interface AsicRow { kernel: string; n: number; strategy: string; cycles: number }

export interface SodaPoint {
  kernel: string;
  n: number;
  strategy: Strategy;
  /** Published figures; null where SODA has none. */
  fpga?: { cycles: number; luts: number | null; dsps: number | null; power: number | null };
  asic2ns?: { cycles: number };
}

export interface SodaResult extends SodaPoint {
  model: { fpgaCycles: number; luts?: number; dsps: number; power?: number; asic2nsCycles: number; note: string; loopsLeft: number; nonRectangular: boolean };
}

export function loadSodaPoints(file = SODA_DATA): SodaPoint[] {
  const data = JSON.parse(readFileSync(file, 'utf8')) as { fpga: FpgaRow[]; nangate45_2ns: AsicRow[] };
  const points = new Map<string, SodaPoint>();
  const key = (r: { kernel: string; n: number; strategy: string }) => `${r.kernel}/${r.n}/${r.strategy}`;
  const get = (r: { kernel: string; n: number; strategy: string }) => {
    const k = key(r);
    if (!points.has(k)) points.set(k, { kernel: r.kernel, n: r.n, strategy: r.strategy as Strategy });
    return points.get(k)!;
  };
  for (const row of data.fpga) {
    if (row.strategy !== 'opt_none' && row.strategy !== 'opt_full') continue;
    get(row).fpga = { cycles: row.cycles, luts: row.luts, dsps: row.dsps, power: row.power };
  }
  for (const row of data.nangate45_2ns) {
    if (row.strategy !== 'opt_none' && row.strategy !== 'opt_full') continue;
    get(row).asic2ns = { cycles: row.cycles };
  }
  return [...points.values()];
}

export function sodaKernel(kernel: string, n: number): string {
  return path.join(repoRoot, 'eval', 'kernels', 'polybench', `${kernel}_${n}.mlir`);
}

/** How a point is named in every table: `syrk N=16 opt_full`. */
export const pointLabel = (p: SodaPoint) => `${p.kernel} N=${p.n} ${p.strategy}`;

/** The relative error (model - published) / published. */
export const relError = (model: number, published: number) => (model - published) / published;

/** What each point's biggest error comes from, in the model's own terms (the bench prints it). */
function explain(estimate: Estimate): string {
  const top = estimate.bottlenecks[0];
  return top ? top.message.slice(0, 110) : '';
}

export interface SodaRunOptions {
  /** Rewrites the normalized kernel before it is estimated: the hook a hypothesis about Bambu's flow is tested with (eval/frontend-unroll.ts). */
  prepare?: (generic: string) => Promise<string>;
  /** The front end's full-unroll threshold; default: the target's (`frontend.fullUnrollThreshold`). */
  fullUnrollThreshold?: number;
}

/** Every point through the model, as `hlsched estimate` sees it (normalized, the front end's unrolling applied). */
export async function runSodaPolybench(points = loadSodaPoints(), options: SodaRunOptions = {}): Promise<SodaResult[]> {
  const toolchain = await discoverToolchain();
  const fpga = await loadTarget('xc7vx690t');
  const asic2 = withClock(await loadTarget('asic'), 2);
  const frontEnd = (target: TargetSpec) => (options.fullUnrollThreshold === undefined ? target
    : { ...target, frontend: { ...target.frontend, fullUnrollThreshold: options.fullUnrollThreshold } });
  const tool = { timeoutMs: 300_000 };
  const results: SodaResult[] = [];
  // Two at a time: the machine is shared.
  const queue = [...points];
  const worker = async () => {
    for (let point = queue.shift(); point; point = queue.shift()) {
      const normalized = await normalizeForEstimate(toolchain, sodaKernel(point.kernel, point.n),
        point.strategy === 'opt_full' ? SODA_OPT_FULL_SCHEDULE : undefined, tool);
      const generic = options.prepare ? await options.prepare(normalized.generic) : normalized.generic;
      const flow = (target: TargetSpec) => frontEnd(point.strategy === 'opt_full' ? sodaOptFullTarget(target) : target);
      const onFpga = await estimateThroughFrontEnd(toolchain, generic, flow(fpga), {}, tool);
      const onAsic = await estimateThroughFrontEnd(toolchain, generic, flow(asic2), {}, tool);
      results.push({
        ...point,
        model: {
          fpgaCycles: onFpga.cycles, dsps: onFpga.resources.dsp,
          ...(onFpga.resources.lut !== undefined ? { luts: onFpga.resources.lut } : {}),
          ...(onFpga.resources.power !== undefined ? { power: onFpga.resources.power } : {}),
          asic2nsCycles: onAsic.cycles, note: explain(onFpga), loopsLeft: onFpga.loops.filter((loop) => !loop.unrolledByFrontEnd).length,
          nonRectangular: onFpga.loops.some((loop) => !Number.isInteger(loop.tripCount)),
        },
      });
    }
  };
  await Promise.all([worker(), worker()]);
  const order = (p: SodaPoint) => `${p.kernel}/${String(p.n).padStart(2, '0')}/${p.strategy}`;
  return results.sort((a, b) => order(a).localeCompare(order(b)));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length === 0 ? Number.NaN : sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export interface ErrorSummary { metric: string; points: number; median: number; worst: number; worstAt: string; within15: number }

export function summarize(results: SodaResult[]): ErrorSummary[] {
  const metrics: Array<[string, (r: SodaResult) => [number, number] | undefined]> = [
    ['fpga cycles', (r) => (r.fpga ? [r.model.fpgaCycles, r.fpga.cycles] : undefined)],
    ['asic 2 ns cycles', (r) => (r.asic2ns ? [r.model.asic2nsCycles, r.asic2ns.cycles] : undefined)],
    ['LUT (opt_full)', (r) => (r.strategy === 'opt_full' && r.fpga?.luts && r.model.luts !== undefined ? [r.model.luts, r.fpga.luts] : undefined)],
    ['DSP (opt_full)', (r) => (r.strategy === 'opt_full' && r.fpga?.dsps ? [r.model.dsps, r.fpga.dsps] : undefined)],
    ['LUT (all)', (r) => (r.fpga?.luts && r.model.luts !== undefined ? [r.model.luts, r.fpga.luts] : undefined)],
    ['DSP (all)', (r) => (r.fpga?.dsps ? [r.model.dsps, r.fpga.dsps] : undefined)],
    ['power (all)', (r) => (r.fpga?.power && r.model.power !== undefined ? [r.model.power, r.fpga.power] : undefined)],
  ];
  return metrics.map(([metric, pick]) => {
    const errors = results.flatMap((r) => { const p = pick(r); return p ? [{ at: pointLabel(r), error: relError(p[0], p[1]) }] : []; });
    const worst = errors.reduce((w, e) => (Math.abs(e.error) > Math.abs(w.error) ? e : w), { at: '-', error: 0 });
    return {
      metric, points: errors.length, median: median(errors.map((e) => Math.abs(e.error))), worst: worst.error, worstAt: worst.at,
      within15: errors.filter((e) => Math.abs(e.error) <= 0.15).length,
    };
  });
}

export const pct = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? '-' : `${x >= 0 ? '+' : ''}${(x * 100).toFixed(0)}%`);

export function formatSodaTable(results: SodaResult[]): string {
  const lines: string[] = [];
  const head = ['kernel', 'N', 'opt', 'cyc Bambu', 'model', 'err', 'asic2ns', 'model', 'err', 'LUT', 'model', 'err', 'DSP', 'model', 'err', 'W', 'model', 'err'];
  const widths = [8, 3, 9, 10, 8, 6, 8, 8, 6, 7, 7, 6, 5, 5, 6, 6, 6, 6];
  const row = (cells: string[]) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' ');
  lines.push(row(head));
  for (const r of results) {
    const f = r.fpga;
    lines.push(`${row([
      r.kernel, String(r.n), r.strategy,
      f ? String(f.cycles) : '-', String(r.model.fpgaCycles), f ? pct(relError(r.model.fpgaCycles, f.cycles)) : '-',
      r.asic2ns ? String(r.asic2ns.cycles) : '-', String(r.model.asic2nsCycles), r.asic2ns ? pct(relError(r.model.asic2nsCycles, r.asic2ns.cycles)) : '-',
      f?.luts ? String(f.luts) : '-', r.model.luts !== undefined ? String(r.model.luts) : '-', f?.luts && r.model.luts !== undefined ? pct(relError(r.model.luts, f.luts)) : '-',
      f?.dsps ? String(f.dsps) : '-', String(r.model.dsps), f?.dsps ? pct(relError(r.model.dsps, f.dsps)) : '-',
      f?.power ? f.power.toFixed(2) : '-', r.model.power !== undefined ? r.model.power.toFixed(2) : '-', f?.power && r.model.power !== undefined ? pct(relError(r.model.power, f.power)) : '-',
    ])}  ${r.model.note}`);
  }
  lines.push(...explainWorst(results));
  for (const s of summarize(results)) {
    lines.push(`${s.metric.padEnd(18)} ${String(s.points).padStart(3)} points: median |error| ${pct(s.median).replace('+', '')}, worst ${pct(s.worst)} (${s.worstAt}), ${s.within15}/${s.points} within 15%`);
  }
  return lines.join('\n');
}

/** The biggest remaining cycle error, in the model's terms: what the schedule left and what Bambu's figure implies. */
export function explainWorst(results: SodaResult[]): string[] {
  const scored = results.filter((r) => r.fpga).map((r) => ({ r, error: relError(r.model.fpgaCycles, r.fpga!.cycles) }))
    .sort((a, b) => Math.abs(b.error) - Math.abs(a.error));
  const worst = scored[0];
  if (!worst) return [];
  const { r, error } = worst;
  const none = results.find((o) => o.kernel === r.kernel && o.n === r.n && o.strategy === 'opt_none');
  const lines = [`biggest remaining error: ${r.kernel} N=${r.n} ${r.strategy} ${pct(error)} (model ${r.model.fpgaCycles}, Bambu ${r.fpga!.cycles}).`];
  if (r.strategy === 'opt_full' && r.model.loopsLeft > 0 && r.model.nonRectangular) {
    lines.push(`  why: after the opt_full schedule the model still runs ${r.model.loopsLeft} loops with non-rectangular (triangular) bounds, rolled: MLIR's affine-loop-unroll`,
      '  only fully unrolls loops with a constant trip count, so SODA\'s three full unrolls leave them as they are' +
      (none?.fpga ? `; Bambu's opt_full is ${(none.fpga.cycles / r.fpga!.cycles).toFixed(1)}x faster than its opt_none, so its flow ran them faster.` : '.'),
      '  not explained: the triangles have no constant trip count, so no full unroll (MLIR\'s or LLVM\'s) reaches them;',
      '  the model unrolls small constant loops as Bambu\'s LLVM -O2 does (frontend.fullUnrollThreshold; node dist/eval/frontend-unroll-main.js',
      '  compares the alternatives): that closed doitgen N=2 opt_full and gemm N=2 opt_none, and cannot reach these loops.');
  } else {
    lines.push(`  why: ${r.model.note}`);
  }
  const second = scored.find((s) => s.r.kernel !== r.kernel);
  if (second) lines.push(`next kernel: ${second.r.kernel} N=${second.r.n} ${second.r.strategy} ${pct(second.error)}: ${second.r.model.note}`);
  return lines;
}

/** SODA's TensorFlow-tutorial batch matmul on nangate45 at 5 ns (the dataset's asic_area_example), as given and optimized. */
export const ASIC_ANCHOR_KERNEL = path.join(repoRoot, 'eval', 'kernels', 'asic', 'soda_tutorial_bmm.mlir');

export interface AsicAnchorResult {
  variant: 'baseline' | 'optimized';
  published: { cycles: number; area_um2: number; power_w: number };
  model: { cycles: number; area: number; power: number; units: string };
}

/**
 * The asic target at its own 5 ns clock against the one published nangate45 run at 5 ns. Cycles are held
 * out (the operator delays were fitted on the 2 ns PolyBench points); base area and power were fitted on
 * this pair (targets/asic.json), so their errors say how well the model's operator instances explain it.
 */
export async function runAsicAnchor(file = SODA_DATA): Promise<AsicAnchorResult[]> {
  const data = JSON.parse(readFileSync(file, 'utf8')) as { asic_area_example: Record<'baseline' | 'optimized', AsicAnchorResult['published']> };
  const toolchain = await discoverToolchain();
  const asic = await loadTarget('asic');
  const out: AsicAnchorResult[] = [];
  for (const variant of ['baseline', 'optimized'] as const) {
    const normalized = await normalizeForEstimate(toolchain, ASIC_ANCHOR_KERNEL, variant === 'optimized' ? SODA_OPT_FULL_SCHEDULE : undefined, { timeoutMs: 300_000 });
    const estimate = await estimateThroughFrontEnd(toolchain, normalized.generic, variant === 'optimized' ? sodaOptFullTarget(asic) : asic, {}, { timeoutMs: 300_000 });
    out.push({
      variant, published: data.asic_area_example[variant],
      model: {
        cycles: estimate.cycles, area: estimate.resources.area ?? 0, power: estimate.resources.power ?? 0,
        units: Object.entries(estimate.resources.operators).map(([op, n]) => `${op} ${n}`).join(', '),
      },
    });
  }
  return out;
}

export function formatAsicAnchor(results: AsicAnchorResult[]): string {
  const lines = ['variant      cycles  model   err   area um2    model   err  power W   model   err  operator instances (model)'];
  for (const r of results) {
    const p = r.published;
    lines.push(`${r.variant.padEnd(10)} ${String(p.cycles).padStart(8)} ${String(r.model.cycles).padStart(6)} ${pct(relError(r.model.cycles, p.cycles)).padStart(5)} ${String(p.area_um2).padStart(10)} ${String(r.model.area).padStart(8)} ${pct(relError(r.model.area, p.area_um2)).padStart(5)} ${p.power_w.toFixed(4).padStart(8)} ${r.model.power.toFixed(4).padStart(7)} ${pct(relError(r.model.power, p.power_w)).padStart(5)}  ${r.model.units}`);
  }
  lines.push('cycles are held out (asic delays fitted at 2 ns); base area and power (static + per um^2) were fitted on this pair.',
    'The optimized area is low because Bambu bound the 128 fadd and 128 fmul of the unrolled body to 16 units each (its log),',
    'where the model counts the most operations in flight at once; the cycles do not depend on that binding.');
  return lines.join('\n');
}
