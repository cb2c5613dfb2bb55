import type { Estimate } from '../hls/types.js';

/**
 * The Pareto front of verified candidates: cycles against LUTs and DSPs (area on ASIC targets), and
 * the objective that picks one point of it.
 */
export interface ParetoPoint {
  cycles: number;
  lut: number | null;
  dsp: number;
  bram: number | null;
  /** W. */
  power: number | null;
  area?: number;
  /** Path of the schedule in the output folder, or null for the kernel as given. */
  schedule: string | null;
  /** The candidate id, to find the point among the candidates. */
  id: string;
}

export const OBJECTIVES = ['latency', 'area', 'edp'] as const;
export type Objective = (typeof OBJECTIVES)[number];

export function pointOf(id: string, estimate: Estimate, schedule: string | null): ParetoPoint {
  const r = estimate.resources;
  return {
    cycles: estimate.cycles, lut: r.lut ?? null, dsp: r.dsp, bram: r.bram18 ?? null, power: r.power ?? null,
    ...(r.area !== undefined ? { area: r.area } : {}), schedule, id,
  };
}

/** The size a point costs: LUTs (or area) and DSPs, compared one by one. */
function costs(p: ParetoPoint): number[] {
  return [p.cycles, p.lut ?? p.area ?? 0, p.dsp];
}

function dominates(a: ParetoPoint, b: ParetoPoint): boolean {
  const ca = costs(a);
  const cb = costs(b);
  return ca.every((v, i) => v <= cb[i]!) && ca.some((v, i) => v < cb[i]!);
}

/** Points no other point beats on cycles, LUTs and DSPs at once; fastest first; duplicates once. */
export function paretoFront(points: ParetoPoint[]): ParetoPoint[] {
  const byCost = new Map<string, ParetoPoint>();
  for (const p of points) if (!byCost.has(costs(p).join('/'))) byCost.set(costs(p).join('/'), p);
  const unique = [...byCost.values()];
  return unique.filter((p) => !unique.some((q) => q !== p && dominates(q, p))).sort((a, b) => a.cycles - b.cycles);
}

/** Area of a point as one number: its largest share of the device (or raw LUT + DSP when no capacity). */
function areaScore(p: ParetoPoint, capacity?: { lut?: number | undefined; dsp?: number | undefined; areaUm2?: number | undefined }): number {
  if (p.area !== undefined && p.lut === null) return capacity?.areaUm2 ? p.area / capacity.areaUm2 : p.area;
  if (capacity?.lut && capacity.dsp) return Math.max((p.lut ?? 0) / capacity.lut, p.dsp / capacity.dsp);
  return (p.lut ?? 0) + 100 * p.dsp;
}

/**
 * latency: the fewest cycles; area: the smallest point that is still faster than the kernel as given
 * (when there is one); edp: the least energy-delay product, power x cycles^2.
 */
export function pickPoint(front: ParetoPoint[], objective: Objective, baselineCycles: number,
  capacity?: { lut?: number | undefined; dsp?: number | undefined; areaUm2?: number | undefined }): ParetoPoint | undefined {
  if (front.length === 0) return undefined;
  const by = (score: (p: ParetoPoint) => number) => [...front].sort((a, b) => score(a) - score(b) || a.cycles - b.cycles)[0];
  switch (objective) {
    case 'latency': return by((p) => p.cycles);
    case 'area': {
      const faster = front.filter((p) => p.cycles < baselineCycles);
      const pool = faster.length ? faster : front;
      return [...pool].sort((a, b) => areaScore(a, capacity) - areaScore(b, capacity) || a.cycles - b.cycles)[0];
    }
    case 'edp': return by((p) => (p.power ?? 1) * p.cycles * p.cycles);
  }
}

export function formatFront(front: ParetoPoint[], chosen?: ParetoPoint): string[] {
  return front.map((p) => `${p === chosen ? '*' : ' '} ${String(p.cycles).padStart(9)} cycles  ${p.lut !== null ? `${String(p.lut).padStart(7)} LUT` : `${String(p.area ?? '-').padStart(9)} um2`}  ${String(p.dsp).padStart(5)} DSP  ${p.bram !== null ? `${String(p.bram).padStart(4)} BRAM18` : ''}  ${p.power !== null ? `${p.power.toFixed(3)} W` : ''}  ${p.schedule === null ? '(kernel as given)' : ''}`.trimEnd());
}
