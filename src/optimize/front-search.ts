import type { Estimate } from '../hls/types.js';
import type { Candidate, Evaluator } from './evaluate.js';
import { paretoFront, pickPoint, pointOf, type Objective, type ParetoPoint } from './pareto.js';

/**
 * Which candidates `optimize` verifies and which it reports: the fastest estimates until one verifies
 * (a wrong schedule never wins), then the rest of the estimated Pareto front (cycles against LUTs and
 * DSPs), so the front that is reported holds verified schedules only; the objective picks the point.
 * Over-budget candidates never get here: the evaluator marks them.
 */
export interface FrontResult {
  best?: Candidate;
  /** Verified points plus the kernel as given (id 'baseline'), fastest first. */
  front: ParetoPoint[];
  chosen?: ParetoPoint;
}

export async function searchFront(evaluator: Evaluator, candidates: Candidate[], baseline: Estimate, options: {
  objective: Objective; baselineFits: boolean; log: (message: string) => void; reused?: Candidate;
  /** With a reused corpus schedule, verify the search's candidates too (optimize --explore): the faster one wins. */
  explore?: boolean;
  /** Verifications spent on the fastest candidates, then on the rest of the front. */
  fastest?: number; frontExtra?: number;
  /** How one candidate is verified (default: differential execution of the whole kernel). */
  verify?: (candidate: Candidate) => Promise<Candidate>;
}): Promise<FrontResult> {
  const replace = (checked: Candidate) => {
    const index = candidates.findIndex((c) => c.id === checked.id);
    if (index >= 0) candidates[index] = checked;
  };
  const verifyOne = async (candidate: Candidate) => {
    const checked = await (options.verify ?? ((c: Candidate) => evaluator.verify(c)))(candidate);
    replace(checked);
    options.log(`verify ${checked.cycles} cycles: ${checked.status}`);
    return checked;
  };
  const failed = () => new Set(candidates.filter((c) => c.status === 'wrong-result' || c.status === 'failed').map((c) => c.id));
  const pool = () => {
    const bad = failed();
    return [...new Map(candidates.filter((c) => (c.status === 'estimated' || c.status === 'verified') && !bad.has(c.id) && c.cycles! < baseline.cycles)
      .map((c) => [c.id, c])).values()].sort((a, b) => a.cycles! - b.cycles! || (a.status === 'verified' ? -1 : 1));
  };
  if (!options.reused || options.explore) {
    for (const candidate of pool().slice(0, options.fastest ?? 4)) {
      if ((await verifyOne(candidate)).status === 'verified') break;
    }
    // The estimated front among what is left, fastest first.
    const remaining = pool();
    const estimatedFront = paretoFront(remaining.map((c) => pointOf(c.id, c.estimate!, null)));
    let extra = options.frontExtra ?? 4;
    for (const point of estimatedFront) {
      const candidate = remaining.find((c) => c.id === point.id);
      if (!candidate || candidate.status === 'verified' || extra <= 0) continue;
      extra--;
      await verifyOne(candidate);
    }
  }
  const verified = [...new Map(candidates.filter((c) => c.status === 'verified' && c.estimate && c.cycles! < baseline.cycles).map((c) => [c.id, c])).values()];
  const points = verified.map((c) => pointOf(c.id, c.estimate!, c.id));
  if (options.baselineFits) points.push(pointOf('baseline', baseline, null));
  const front = paretoFront(points);
  const chosen = pickPoint(front, options.objective, baseline.cycles, evaluator.target.capacity);
  const best = chosen && chosen.id !== 'baseline' ? verified.find((c) => c.id === chosen.id) : undefined;
  return { ...(best ? { best } : {}), front, ...(chosen ? { chosen } : {}) };
}
