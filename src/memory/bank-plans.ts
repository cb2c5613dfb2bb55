import { isConstantForm } from '../ir/affine.js';
import { accessResidue, bufferAccesses, localBuffers, shapeOf } from './banking.js';
import { KernelText } from './kernel-text.js';

/**
 * What the tuner may bank in a scheduled kernel, read off its accesses (banking.ts does the rewrite).
 */
export interface BankPlan { buffer: number; name: string; dim: number; extent: number }

function analysable(text: KernelText, line: number): ReturnType<typeof bufferAccesses> | undefined {
  try {
    return bufferAccesses(text, line);
  } catch {
    return undefined;
  }
}

/**
 * For each local buffer that is not already a register file, the dimensions (extent > 1) indexed by
 * a constant at every access: those can be banked completely.
 */
export function bankableDims(source: string): BankPlan[] {
  const text = new KernelText(source);
  const plans: BankPlan[] = [];
  localBuffers(source).forEach((buffer, index) => {
    const { shape } = shapeOf(buffer.type);
    const uses = analysable(text, buffer.line);
    if (!uses) return;
    const touching = uses.accesses.filter((a) => a.kind !== 'dealloc');
    const constant = shape.map((_, dim) => touching.every((a) => a.forms[dim] !== undefined && isConstantForm(a.forms[dim]!)));
    if (constant.every(Boolean)) return;
    shape.forEach((extent, dim) => { if (constant[dim] && extent > 1) plans.push({ buffer: index, name: buffer.name, dim, extent }); });
  });
  return plans;
}

/** II of a pipelined loop whose loads and stores of a buffer are dispatched: load, operation, store. */
const FALSE_RECURRENCE_II = 8;

export interface CyclicPlan { buffer: number; name: string; dim: number; factor: number;
  /** Cycles the plan saves by the port bound alone: per pipelined loop, iterations x (II before - II after). */
  gain: number }

/**
 * Cyclic banking for pipelined loops. A pipelined loop is port-bound on a buffer when one iteration
 * accesses it more often than its two ports serve. For each local buffer, every dimension and factor
 * (a power of two that divides the extent, at most `maxFactor`) is scored by what it does to the port
 * bound of each pipelined loop that touches the buffer: an access that goes to one bank for the whole
 * loop (`iv + c` after unroll-and-jam by the factor, or a constant) uses that bank's ports, one whose
 * bank changes per iteration is dispatched and uses a port of every bank. Where a plan dispatches both
 * loads and stores of one pipelined loop, the dispatch hides that they are the same element, so that
 * loop is charged a recurrence (FALSE_RECURRENCE_II). The best plan per buffer (most cycles saved, then fewest
 * banks) is returned, and the same at half the factor, as a second, smaller option when that still
 * saves cycles.
 */
export function cyclicBankPlans(kernel: string | KernelText, maxFactor = 16): CyclicPlan[][] {
  const text = typeof kernel === 'string' ? new KernelText(kernel) : kernel;
  const full: CyclicPlan[] = [];
  const half: CyclicPlan[] = [];
  localBuffers(text.source).forEach((buffer, index) => {
    const { shape } = shapeOf(buffer.type);
    const uses = analysable(text, buffer.line);
    if (!uses) return;
    const byLoop = new Map<number, { weight: number; accesses: typeof uses.accesses }>();
    for (const access of uses.accesses) {
      if (access.kind === 'dealloc') continue;
      const loop = text.pipelinedLoopOf(access.line);
      if (!loop) continue;
      const entry = byLoop.get(loop.line) ?? { weight: text.iterations(loop), accesses: [] };
      entry.accesses.push(access);
      byLoop.set(loop.line, entry);
    }
    if (![...byLoop.values()].some((entry) => entry.accesses.length > 2)) return;
    const gainOf = (dim: number, factor: number): number => {
      let gain = 0;
      for (const entry of byLoop.values()) {
        const perBank = Array<number>(factor).fill(0);
        const dispatched = new Set<string>();
        for (const access of entry.accesses) {
          const residue = accessResidue(text, access, dim, factor);
          if (residue === undefined) { perBank.forEach((_, b) => perBank[b]!++); dispatched.add(access.kind); } else perBank[residue]!++;
        }
        // Dispatched loads and stores: the model (and the HLS scheduler) cannot tell they are the same
        // element, so the loop carries a recurrence through the buffer of about a load, an operation and a store.
        const after = Math.max(Math.ceil(Math.max(...perBank) / 2), dispatched.size === 2 ? FALSE_RECURRENCE_II : 0);
        gain += entry.weight * (Math.ceil(entry.accesses.length / 2) - after);
      }
      return gain;
    };
    const options: CyclicPlan[] = [];
    shape.forEach((extent, dim) => {
      for (let factor = 2; factor <= Math.min(maxFactor, extent); factor *= 2) {
        if (extent % factor !== 0) break;
        const gain = gainOf(dim, factor);
        if (gain > 0) options.push({ buffer: index, name: buffer.name, dim, factor, gain });
      }
    });
    if (options.length === 0) return;
    options.sort((a, b) => b.gain - a.gain || a.factor - b.factor);
    const best = options[0]!;
    full.push(best);
    half.push(options.find((o) => o.dim === best.dim && o.factor === best.factor / 2) ?? best);
  });
  if (full.length === 0) return [];
  return full.every((plan, i) => plan === half[i]) ? [full] : [full, half];
}

/**
 * Pipelined loops a plan leaves dispatching loads and stores on their own loop variable (the accesses
 * walk the banked dimension with that variable, unrolled by less than the factor), by the recipe's loop id (from the
 * `hlsched.L1_2` tag the renderer puts on every loop a step names): unrolled by the factor, each of
 * their accesses would go to one bank.
 */
export function misalignedLoops(kernel: string | KernelText, plans: readonly CyclicPlan[]): Array<{ loop: string; factor: number }> {
  const text = typeof kernel === 'string' ? new KernelText(kernel) : kernel;
  const buffers = localBuffers(text.source);
  const found = new Map<string, number>();
  for (const plan of plans) {
    const buffer = buffers[plan.buffer];
    const uses = buffer && analysable(text, buffer.line);
    if (!uses) continue;
    const byLoop = new Map<number, Set<string>>();
    for (const access of uses.accesses) {
      if (access.kind === 'dealloc') continue;
      const loop = text.pipelinedLoopOf(access.line);
      const form = access.forms[plan.dim];
      if (!loop || !form || accessResidue(text, access, plan.dim, plan.factor) !== undefined) continue;
      if (form.coefficients.get(loop.key) !== 1 || loop.lower === undefined || loop.upper === undefined) continue;
      if ((loop.upper - loop.lower) % plan.factor !== 0) continue;
      byLoop.set(loop.line, (byLoop.get(loop.line) ?? new Set()).add(access.kind));
    }
    // Only loops that both load and store it dispatched: those carry the false recurrence. Dispatched
    // stores alone (a fill, a copy in) cost a port per bank, as many as the loop had before.
    for (const [line, kinds] of byLoop) {
      if (kinds.size < 2) continue;
      const tag = /\bhlsched\.(L\d+(?:_\d+)*)\b/.exec(text.lines[text.loopAt(line)!.end] ?? '')?.[1];
      if (tag) found.set(tag.replace(/_/g, '.'), Math.max(found.get(tag.replace(/_/g, '.')) ?? 0, plan.factor));
    }
  }
  return [...found].map(([loop, factor]) => ({ loop, factor }));
}
