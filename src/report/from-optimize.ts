import type { TargetSpec } from '../hls/target.js';
import type { Estimate } from '../hls/types.js';
import type { Candidate } from '../optimize/evaluate.js';
import type { LayerReport, OptimizeResult } from '../optimize/optimize.js';
import { describeStep } from '../optimize/recipe.js';
import type { CycleBar, ParetoPoint, ReportUnit } from './types.js';

/** Top-level loop nests matched by the kernel line they come from (transformed loops keep their source location). */
export function loopBars(before: Estimate, after: Estimate): CycleBar[] {
  const byLine = (estimate: Estimate) => {
    const sums = new Map<number, number>();
    for (const loop of estimate.loops) {
      if (loop.depth === 0 && loop.location) sums.set(loop.location.line, (sums.get(loop.location.line) ?? 0) + loop.totalCycles);
    }
    return sums;
  };
  const afterByLine = byLine(after);
  const bars: CycleBar[] = [...byLine(before)].map(([line, cycles]) => {
    const loop = before.loops.find((l) => l.depth === 0 && l.location?.line === line)!;
    const kept = afterByLine.get(line);
    return { label: `${loop.id} ${loop.label}`, before: cycles, after: kept ?? 0, ...(kept === undefined ? { afterNote: 'unrolled (straight-line code)' } : {}) };
  });
  // Fully unrolled loops become straight-line code in the function body: count it as its own bar.
  const straight = (estimate: Estimate) => Math.max(0, estimate.cycles - estimate.loops.filter((l) => l.depth === 0).reduce((sum, l) => sum + l.totalCycles, 0));
  if (straight(before) > 0 || straight(after) > 0) bars.push({ label: 'straight-line code', before: straight(before), after: straight(after) });
  return bars;
}

function layerBars(layers: LayerReport[]): CycleBar[] {
  return layers.map((l) => ({ label: `${l.op} x${l.count}`, before: l.cyclesBefore, after: l.cyclesAfter }));
}

/** Best estimated cycles after each evaluated candidate, starting from the baseline. */
export function bestSoFar(baselineCycles: number, candidates: Array<Pick<Candidate, 'status' | 'cycles'>>): number[] {
  let best = baselineCycles;
  return candidates.map((c) => {
    if ((c.status === 'estimated' || c.status === 'verified') && c.cycles !== undefined) best = Math.min(best, c.cycles);
    return best;
  });
}

export interface OptimizeRun {
  result: OptimizeResult;
  candidates: Candidate[];
  baseline: Estimate;
  best: Estimate;
  target: TargetSpec;
  budget: { evaluations?: number; seconds?: number };
  /** The best schedule's text (the result holds its path once written). */
  scheduleText: string | null;
}

/** What report.html shows for one optimize run. */
export function reportUnitFromRun(run: OptimizeRun): ReportUnit {
  const { result } = run;
  return {
    kernel: result.kernel, function: result.function,
    target: { name: run.target.name, device: run.target.device, clockNs: run.target.clockNs, ...(run.target.memory.policy === 'no-bram' ? { memoryPolicy: 'no-bram' } : {}) },
    budget: { ...run.budget, ...(result.budget && Object.keys(result.budget.limits).length ? { resources: result.budget.limits as Record<string, number> } : {}) },
    baselineCycles: result.baselineCycles, bestCycles: result.bestCycles, lowerBound: result.lowerBound,
    verified: result.verified, source: result.source, seconds: result.seconds,
    bars: result.layers ? { by: 'layer', items: layerBars(result.layers) } : { by: 'loop', items: loopBars(run.baseline, run.best) },
    bottlenecks: result.bottlenecks.map((b) => ({ share: b.share, message: b.message })),
    history: bestSoFar(result.baselineCycles, run.candidates),
    candidates: run.candidates.map((c) => ({
      source: c.source, status: c.status, cycles: c.cycles ?? null,
      recipe: c.recipe ? c.recipe.steps.map(describeStep).join('; ') || '(lowering only)' : 'free-form IR',
      reason: c.error ?? null,
    })),
    schedule: run.scheduleText, recipe: result.steps,
    ...(result.pareto ? { pareto: result.pareto } : {}),
  };
}
