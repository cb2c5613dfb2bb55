import { accessResidue, bufferAccesses } from './banking.js';
import { KernelText } from './kernel-text.js';
import { partitionableArguments, type PartitionSpec } from './partition-arguments.js';

/**
 * Which argument arrays to partition, and how (partition-arguments.ts does the rewrite), read off the
 * accesses of a scheduled kernel. Each access weighs the iterations it runs; an access whose memory is
 * the same for the whole of its loops (a constant index, or `iv + c` unrolled by the factor) loads
 * that memory alone, any other is dispatched and loads every memory. For each argument, every
 * dimension and power-of-two factor up to `maxFactor` that divides it is scored by the busiest
 * memory's load; the best (then fewest memories) is kept when it at least halves the argument's
 * port time. Returned: the best plan per argument, and the same at half the factors when that differs.
 */
export interface PartitionPlan extends PartitionSpec { name: string; before: number; after: number }

export function argumentPartitionPlans(source: string, functionName: string, maxFactor = 16): PartitionPlan[][] {
  const text = new KernelText(source);
  let found: ReturnType<typeof partitionableArguments>;
  try {
    found = partitionableArguments(text, functionName);
  } catch {
    return [];
  }
  const { line: signatureLine, args } = found;
  const full: PartitionPlan[] = [];
  const half: PartitionPlan[] = [];
  for (const arg of args) {
    let accesses: ReturnType<typeof bufferAccesses>['accesses'];
    try {
      accesses = bufferAccesses(text, signatureLine, { name: arg.name, type: arg.type }).accesses.filter((a) => a.kind !== 'dealloc');
    } catch {
      continue;
    }
    if (accesses.length < 2) continue;
    const weights = accesses.map((access) => {
      const loops = text.enclosingLoops(access.line);
      return loops.length ? text.iterations(loops[loops.length - 1]!) : 1;
    });
    const before = weights.reduce((sum, w) => sum + w, 0);
    const options: PartitionPlan[] = [];
    arg.shape.forEach((extent, dim) => {
      for (let factor = 2; factor <= Math.min(maxFactor, extent); factor *= 2) {
        if (extent % factor !== 0) break;
        const load = Array<number>(factor).fill(0);
        accesses.forEach((access, i) => {
          const residue = accessResidue(text, access, dim, factor);
          if (residue === undefined) load.forEach((_, b) => { load[b]! += weights[i]!; });
          else load[residue]! += weights[i]!;
        });
        const after = Math.max(...load);
        if (after * 2 <= before) options.push({ argument: arg.argument, name: arg.name, dim, factor, before, after });
      }
    });
    if (options.length === 0) continue;
    options.sort((a, b) => a.after - b.after || a.factor - b.factor);
    const best = options[0]!;
    full.push(best);
    half.push(options.find((o) => o.dim === best.dim && o.factor === best.factor / 2) ?? best);
  }
  if (full.length === 0) return [];
  return full.every((plan, i) => plan === half[i]) ? [full] : [full, half];
}
