import { holdCycles, type OperatorClass, type TargetSpec } from '../hls/target.js';
import type { ResourceBudget } from './budget.js';
import { fastestDistinct, type Candidate } from './evaluate.js';
import { canonicalRecipe, unitLimits, type Recipe } from './recipe.js';

/**
 * Unit limits on the tuner's best schedules (phase 6): the same schedule with an HLS resource
 * constraint that binds fewer instances of the costly operator classes. An unconstrained list schedule
 * binds as many units as it keeps busy at once, although memory ports or dependences often set the
 * cycles anyway: a fully unrolled gemm starts 130 multiplies together and then waits on one memory.
 * Fewer units cost fewer DSPs and LUTs for the same or a few more cycles, and give the budget points
 * that fit it (`--limit dsp=N`). The estimator schedules them under the limit, so the cycles are the
 * constrained schedule's.
 */
export interface UnitStrategyOptions {
  target: TargetSpec;
  budget?: ResourceBudget | undefined;
  /** Schedules within the budget to constrain, fastest first (default 4). */
  bases?: number;
  /** Over-budget schedules faster than every fitting one, to bring within it (default 3). */
  overBudget?: number;
}

/** Shares of each class's units the variants keep. */
const SHARES = [1 / 2, 1 / 4, 1 / 8];

/** Classes worth limiting: those that cost DSPs or a few hundred LUTs per instance (not counters, compares, selects). */
function costly(target: TargetSpec, operator: OperatorClass): boolean {
  const spec = target.operators[operator];
  return spec.dsp > 0 || (spec.lut ?? 0) >= 150 || (spec.area ?? 0) >= 1000;
}

export function unitLimitedRecipes(candidates: readonly Candidate[], options: UnitStrategyOptions): Array<{ name: string; recipe: Recipe }> {
  const usable = fastestDistinct(candidates, (recipe) => !unitLimits(recipe));
  const fitting = usable.filter((c) => c.status !== 'over-budget');
  const fastestFit = fitting[0]?.cycles ?? Number.POSITIVE_INFINITY;
  const bases = [
    ...fitting.slice(0, options.bases ?? 4),
    ...usable.filter((c) => c.status === 'over-budget' && c.cycles! < fastestFit).slice(0, options.overBudget ?? 3),
  ];
  const recipes: Array<{ name: string; recipe: Recipe }> = [];
  const made = new Set<string>();
  for (const base of bases) {
    const resources = base.estimate!.resources;
    const units = Object.entries(resources?.operators ?? {})
      .filter(([operator, n]) => (n ?? 0) >= 2 && costly(options.target, operator as OperatorClass)) as Array<[OperatorClass, number]>;
    if (units.length === 0) continue;
    const scaled = (share: number, only: (operator: OperatorClass) => boolean = () => true) => Object.fromEntries(units.map(([operator, n]) =>
      [operator, only(operator) ? Math.max(1, Math.floor(n * share)) : n])) as Partial<Record<OperatorClass, number>>;
    const limitSets = SHARES.map((share) => scaled(share));
    // The share that brings each budgeted resource within its limit: DSPs scale the classes that use
    // them (the others keep their units), LUTs every class.
    const limits = options.budget?.limits ?? {};
    const dsp = resources?.dsp ?? 0;
    if (limits.dsp !== undefined && dsp > limits.dsp) limitSets.push(scaled((limits.dsp / dsp) * 0.98, (operator) => options.target.operators[operator].dsp > 0));
    if (limits.lut !== undefined && resources?.lut !== undefined && resources.lut > limits.lut) limitSets.push(scaled((limits.lut / resources.lut) * 0.9));
    // Just enough units to keep the schedule's pace: operations x cycles held / cycles, with some slack
    // (a list schedule does not keep every unit busy).
    const operations = base.estimate!.operations ?? {};
    for (const slack of [2, 1.4]) {
      limitSets.push(Object.fromEntries(units.map(([operator, n]) => {
        const held = (operations[operator] ?? 0) * holdCycles(options.target, operator);
        return [operator, Math.min(n, Math.max(1, Math.ceil((held / Math.max(1, base.cycles!)) * slack)))];
      })) as Partial<Record<OperatorClass, number>>);
    }
    for (const limit of limitSets) {
      if (units.every(([operator, n]) => limit[operator] === n)) continue;
      const recipe: Recipe = { version: 1, steps: [...base.recipe!.steps, { kind: 'limit-units', units: limit }], note: `${base.recipe!.note ?? 'tuner'}; at most ${describeUnits(limit)} units` };
      const key = canonicalRecipe(recipe);
      if (made.has(key)) continue;
      made.add(key);
      recipes.push({ name: `${base.cycles} cycles with at most ${describeUnits(limit)} units`, recipe });
    }
  }
  return recipes;
}

export function describeUnits(units: Partial<Record<OperatorClass, number>>): string {
  return Object.entries(units).map(([operator, n]) => `${n} ${operator}`).join(', ');
}
