import type { ParetoPoint as FrontPoint } from '../optimize/pareto.js';

/** What report.html shows: one unit per optimized kernel (optimize gives one, batch gives several). */

/** One point of a cycles/resources Pareto front (optimize's `pareto` entries); schedule: path or text, null for the kernel as given. */
export type ParetoPoint = Omit<FrontPoint, 'id' | 'schedule'> & { schedule?: string | null };

/** Cycles of one loop nest (or one unique layer of a whole model) before and after the schedule. */
export interface CycleBar {
  label: string;
  before: number;
  after: number;
  /** Said instead of the after figure when there is nothing to draw, e.g. a loop unrolled into straight-line code. */
  afterNote?: string;
}

export interface ReportCandidate {
  source: string;
  status: string;
  cycles: number | null;
  recipe: string;
  /** Why it was rejected or failed, when it was. */
  reason: string | null;
}

export interface ReportUnit {
  kernel: string;
  function: string;
  target: { name: string; device: string; clockNs: number; /** Set when the kernel's buffers were placed behind the memory interface (--memory-policy no-bram). */ memoryPolicy?: string };
  /** The search's limits: evaluations, seconds, and resource limits when a budget was given. */
  budget: { evaluations?: number; seconds?: number; resources?: Record<string, number> };
  baselineCycles: number;
  bestCycles: number;
  lowerBound: number;
  verified: boolean;
  source: string;
  seconds: number;
  /** Per loop nest, or per unique layer in whole-model mode. */
  bars: { by: 'loop' | 'layer'; items: CycleBar[] };
  /** Bottlenecks left in the best schedule, as shares of its cycles. */
  bottlenecks: Array<{ share: number; message: string }>;
  /** The best cycles found after each evaluation, in evaluation order. */
  history: number[];
  candidates: ReportCandidate[];
  /** The best schedule's Transform IR, or null when nothing beat the kernel as given. */
  schedule: string | null;
  recipe: string[];
  /** The cycles/resources Pareto front when resource estimates exist; absent otherwise. */
  pareto?: ParetoPoint[];
  /** Bambu's measured cycles for the best schedule, when `hlsched export` could run it. */
  measured?: { tool: string; cycles: number };
}
