import type { OperatorClass, TargetSpec } from '../hls/target.js';
import type { LoopEstimate } from '../hls/types.js';
import type { Candidate } from './evaluate.js';
import type { RecipeStep } from './recipe.js';

/**
 * The tuner's vocabulary over loop nests (tuner.ts uses it): the nests of an estimate, the loop
 * strategies tried on every nest at once, the interchanges that put parallel loops innermost, and
 * what a candidate says per nest (cycles, the width of its datapath).
 */
export interface Nest {
  top: LoopEstimate;
  loops: LoopEstimate[];
  leaves: LoopEstimate[];
}

export function nestsOf(loops: LoopEstimate[]): Nest[] {
  const tops = loops.filter((loop) => loop.depth === 0);
  return tops.map((top) => {
    const inside = loops.filter((loop) => loop.id === top.id || loop.id.startsWith(`${top.id}.`));
    const leaves = inside.filter((loop) => !inside.some((other) => other.id.startsWith(`${loop.id}.`)));
    return { top, loops: inside, leaves };
  });
}

export function parentOf(id: string): string | undefined {
  return id.includes('.') ? id.slice(0, id.lastIndexOf('.')) : undefined;
}

export type NestStrategy = { name: string; steps: (nest: Nest, all: LoopEstimate[]) => RecipeStep[] | undefined };

export const pipelineLeaves = (nest: Nest): RecipeStep[] => nest.leaves.map((leaf) => ({ kind: 'pipeline' as const, loop: leaf.id }));

/**
 * `pipelineLeaves` for the kernel as the HLS tool builds it. Where its front end unrolls a leaf
 * (`unrolledByFrontEnd`), a mark on the leaf would keep it a loop; the mark goes instead on the nearest
 * enclosing loop the front end keeps, when everything inside that loop is unrolled (it is then innermost
 * in hardware, and pipelines with the unrolled copies as its body). Otherwise the leaf is marked.
 */
export function pipelineAsBuilt(nest: Nest): RecipeStep[] {
  const byId = new Map(nest.loops.map((loop) => [loop.id, loop]));
  const marked = new Set<string>();
  for (const leaf of nest.leaves) {
    let id = leaf.unrolledByFrontEnd ? parentOf(leaf.id) : undefined;
    while (id && byId.get(id)?.unrolledByFrontEnd) id = parentOf(id);
    const kept = id ? byId.get(id) : undefined;
    const inside = kept ? nest.loops.filter((loop) => loop.id.startsWith(`${kept.id}.`)) : [];
    marked.add(kept && inside.every((loop) => loop.unrolledByFrontEnd) ? kept.id : leaf.id);
  }
  return [...marked].map((loop) => ({ kind: 'pipeline' as const, loop }));
}

export function loopStrategies(): NestStrategy[] {
  const strategies: NestStrategy[] = [
    { name: 'pipeline', steps: (nest) => pipelineAsBuilt(nest) },
  ];
  for (const factor of [2, 4, 8, 16]) {
    strategies.push({
      name: `unroll-and-jam x${factor} + pipeline`,
      steps: (nest, all) => {
        const steps: RecipeStep[] = [];
        for (const leaf of nest.leaves) {
          const parentId = parentOf(leaf.id);
          const parent = all.find((loop) => loop.id === parentId);
          // Only perfect pairs: the parent holds just this loop, and the factor divides its trip count (all of it: the parent disappears).
          const siblings = all.filter((loop) => parentOf(loop.id) === parentId);
          if (!parent || siblings.length !== 1 || parent.tripCount % factor !== 0 || parent.tripCount < factor) continue;
          steps.push({ kind: 'unroll-and-jam', loop: parent.id, factor });
        }
        return steps.length ? [...steps, ...pipelineLeaves(nest)] : undefined;
      },
    });
  }
  for (const factor of [2, 4, 8]) {
    strategies.push({
      name: `unroll x${factor} + pipeline`,
      steps: (nest) => {
        const steps: RecipeStep[] = nest.leaves.filter((leaf) => leaf.tripCount % factor === 0 && leaf.tripCount > factor)
          .map((leaf) => ({ kind: 'unroll' as const, loop: leaf.id, factor }));
        return steps.length ? [...steps, ...pipelineLeaves(nest)] : undefined;
      },
    });
  }
  strategies.push({
    name: 'full unroll',
    steps: (nest) => {
      const iterations = nest.loops.reduce((max, loop) => Math.max(max, loop.tripCount * loop.executions), 0);
      if (iterations > 256) return undefined;
      // Innermost first: once a loop is unrolled its parent's body is straight-line code.
      return [...nest.loops].sort((a, b) => b.depth - a.depth).map((loop) => ({ kind: 'unroll' as const, loop: loop.id, factor: Math.max(1, loop.tripCount) }));
    },
  });
  return strategies;
}

/**
 * Permutations of a linalg op's loops that move one parallel dimension innermost; with `pairs`, also
 * those that put a second parallel dimension just outside it, reductions further out: unroll-and-jam
 * of that second loop then gives independent accumulators (one chain each, short pipelines) instead
 * of one long chain, once their buffer is banked.
 */
export function innermostParallelPermutations(iterators: Array<'parallel' | 'reduction'>, pairs = false): number[][] {
  const n = iterators.length;
  const all = Array.from({ length: n }, (_, i) => i);
  const permutations: number[][] = [];
  iterators.forEach((kind, dim) => {
    if (kind !== 'parallel' || dim === n - 1) return;
    permutations.push([...all.filter((i) => i !== dim), dim]);
  });
  if (pairs) {
    iterators.forEach((inner, p) => iterators.forEach((outer, q) => {
      if (inner !== 'parallel' || outer !== 'parallel' || p === q) return;
      const permutation = [...all.filter((i) => i !== p && i !== q), q, p];
      if (permutation.some((d, i) => d !== i) && !permutations.some((known) => known.join() === permutation.join())) permutations.push(permutation);
    }));
  }
  return permutations;
}

export function cyclesByTop(candidate: Candidate): Map<string, number> {
  const map = new Map<string, number>();
  for (const loop of candidate.estimate?.loops ?? []) if (loop.depth === 0) map.set(loop.id, loop.totalCycles);
  return map;
}

export function linesByTop(candidate: Candidate): Map<number, number> {
  const map = new Map<number, number>();
  for (const loop of candidate.estimate?.loops ?? []) {
    if (loop.depth === 0 && loop.location) map.set(loop.location.line, (map.get(loop.location.line) ?? 0) + loop.totalCycles);
  }
  return map;
}


/** LUTs of the operators of the widest pipelined loop of nest `top` in a candidate. */
export function datapathLut(candidate: Candidate, top: string, target: TargetSpec): number {
  let widest = 0;
  for (const loop of candidate.estimate?.loops ?? []) {
    if (!loop.units || (loop.id !== top && !loop.id.startsWith(`${top}.`))) continue;
    const lut = Object.entries(loop.units).reduce((sum, [operator, units]) => sum + (units ?? 0) * (target.operators[operator as OperatorClass]?.lut ?? 0), 0);
    widest = Math.max(widest, lut);
  }
  return widest;
}

/** Steps with every partial or full unroll (and unroll-and-jam) by more than `cap` cut to `cap` where it divides; undefined when none is. */
export function capUnrolls(steps: readonly RecipeStep[], cap: number): RecipeStep[] | undefined {
  let changed = false;
  const out = steps.map((step) => {
    if ((step.kind === 'unroll' || step.kind === 'unroll-and-jam') && step.factor > cap && step.factor % cap === 0) {
      changed = true;
      return { ...step, factor: cap };
    }
    return step;
  });
  return changed ? out : undefined;
}

