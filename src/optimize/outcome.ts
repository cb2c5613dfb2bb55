import type { Candidate } from './evaluate.js';

/**
 * What an optimization came to, so a run never ends in a silent 1.00x: `improved` (a verified faster
 * schedule), `at-bound` (the kernel as given is within 5% of the lower bound), `no-improvement`
 * (candidates ran but none both beat the baseline and verified), `unsupported` (no candidate could be
 * applied and estimated on this kernel, or nothing was searched), `over-budget` (faster schedules exist
 * but none fits the resource budget, or the kernel as given is over it: the reason names the resource).
 */
export type Outcome = 'improved' | 'at-bound' | 'no-improvement' | 'unsupported' | 'over-budget';

/** Within this factor of the lower bound the kernel counts as at the bound already. */
export const AT_BOUND_FACTOR = 1.05;

export interface OutcomeInput {
  baselineCycles: number;
  lowerBound: number;
  best: Candidate | undefined;
  candidates: Candidate[];
  /** Which proposers ran: none means nothing was searched. */
  searched: boolean;
  /** Set when the kernel was bufferized by the schedule (tensor semantics): the reason says so. */
  bufferized?: boolean;
  /** The best was verified layer by layer only (a whole model too big to run end to end). */
  byLayers?: boolean;
}

/** Exit 0 for improved and at-bound, 1 otherwise. */
export function outcomeExitCode(outcome: Outcome): 0 | 1 {
  return outcome === 'improved' || outcome === 'at-bound' ? 0 : 1;
}

function firstError(candidates: Candidate[]): string {
  return candidates.find((c) => c.error)?.error?.split('\n')[0]?.slice(0, 200) ?? 'no diagnostic';
}

export function decideOutcome(input: OutcomeInput): { outcome: Outcome; reason: string } {
  const { baselineCycles, lowerBound, best, candidates } = input;
  if (best && best.cycles !== undefined && best.cycles < baselineCycles) {
    return { outcome: 'improved', reason: `${(baselineCycles / best.cycles).toFixed(2)}x, verified by differential execution${input.byLayers ? ' of each transformed layer' : ''} (${best.source})` };
  }
  if (lowerBound > 0 && baselineCycles <= lowerBound * AT_BOUND_FACTOR) {
    return { outcome: 'at-bound', reason: `the kernel as given is within ${Math.round((AT_BOUND_FACTOR - 1) * 100)}% of the lower bound (${baselineCycles} vs ${lowerBound} cycles)` };
  }
  const n = candidates.length;
  if (!input.searched || n === 0) {
    return { outcome: 'unsupported', reason: 'no candidate was proposed (tuner off and no language model or corpus entry)' };
  }
  const estimated = candidates.filter((c) => c.cycles !== undefined);
  if (estimated.length === 0) {
    return { outcome: 'unsupported', reason: `all ${n} candidates were rejected before estimation: ${firstError(candidates)}` };
  }
  const faster = estimated.filter((c) => c.cycles! < baselineCycles);
  if (faster.length === 0) {
    if (estimated.every((c) => c.cycles === baselineCycles)) {
      return {
        outcome: 'no-improvement',
        reason: `all ${estimated.length} candidates estimated the baseline (${baselineCycles} cycles): the recipes changed nothing${input.bufferized ? ' after bufferization' : ''}`,
      };
    }
    return { outcome: 'no-improvement', reason: `no candidate beat the baseline: the best of ${estimated.length} estimated ${Math.min(...estimated.map((c) => c.cycles!))} cycles against ${baselineCycles}` };
  }
  const failed = faster.filter((c) => c.status === 'wrong-result' || c.status === 'failed');
  if (failed.length > 0) {
    return { outcome: 'no-improvement', reason: `${failed.length} of ${faster.length} faster candidates failed verification (first: ${failed[0]!.status}: ${failed[0]!.error ?? 'no diagnostic'})`.slice(0, 400) };
  }
  return { outcome: 'no-improvement', reason: `${faster.length} faster candidates were estimated but none was verified (time or budget ran out)` };
}
