import { bankableDims, cyclicBankPlans, misalignedLoops } from '../memory/bank-plans.js';
import { KernelText } from '../memory/kernel-text.js';
import { argumentPartitionPlans } from '../memory/partition-plans.js';
import { fastestDistinct, type Candidate, type Evaluator } from './evaluate.js';
import { partitionSteps, unitLimits, type Recipe, type RecipeStep } from './recipe.js';

/**
 * The tuner's memory strategies: tile-local buffers and register promotion of a tile (register-tile at
 * a few capacities), optionally with whole-array local copies and one or two more levels fully
 * unrolled, innermost loops pipelined; then, on the kernel each of those produces, every buffer
 * dimension that became constant-indexed banked completely, by 1/2, 1/4 and 1/8 (fewer banks:
 * fewer ports and multiplexers, slower). Over-budget candidates are discarded by the evaluator, so the
 * front spans small-and-slow to large-and-fast.
 */
export interface MemoryStrategyOptions {
  /** Linalg steps every recipe starts with. */
  prefix: RecipeStep[];
  /** Cycles of the kernel as given: memory strategies only for kernels this small. */
  baselineCycles: number;
  /** Largest trip count of an innermost loop times its parent's: how big two levels of full unrolling get. */
  innermostPairTrips: number;
}

const CAPACITIES_KIB = [1, 4];
const DEEP_UNROLL_MAX_CYCLES = 1_000_000;
/** Bodies of more operations than this (after unrolling) make mlir-opt, the model and verification slow. */
const DEEP_UNROLL_MAX_PAIR_TRIPS = 256;
const MEMORY_STRATEGY_MAX_CYCLES = 2_000_000;

export function memoryBaseRecipes(options: MemoryStrategyOptions): Array<{ name: string; recipe: Recipe }> {
  if (options.baselineCycles > MEMORY_STRATEGY_MAX_CYCLES) return [];
  const recipes: Array<{ name: string; recipe: Recipe }> = [];
  for (const capacityKiB of CAPACITIES_KIB) {
    const tile: RecipeStep = { kind: 'register-tile', capacityKiB, times: 1 };
    const variants: Array<{ name: string; steps: RecipeStep[] }> = [
      { name: `register-tile ${capacityKiB} KiB`, steps: [tile, { kind: 'pipeline-innermost' }] },
      { name: `register-tile ${capacityKiB} KiB + local copies, unroll x1`, steps: [tile, { kind: 'promote-buffers' }, { kind: 'full-unroll', times: 1 }, { kind: 'pipeline-innermost' }] },
    ];
    if (options.baselineCycles <= DEEP_UNROLL_MAX_CYCLES && options.innermostPairTrips <= DEEP_UNROLL_MAX_PAIR_TRIPS) {
      variants.push({ name: `register-tile ${capacityKiB} KiB + local copies, unroll x2`, steps: [tile, { kind: 'promote-buffers' }, { kind: 'full-unroll', times: 2 }, { kind: 'pipeline-innermost' }] });
    }
    for (const variant of variants) recipes.push({ name: variant.name, recipe: { version: 1, steps: [...options.prefix, ...variant.steps], note: `memory: ${variant.name}` } });
  }
  return recipes;
}

/** Banked versions of an evaluated base recipe: every bankable dimension at full, 1/2, 1/4 and 1/8 factor. */
export async function bankedRecipes(evaluator: Evaluator, base: { name: string; recipe: Recipe }): Promise<Array<{ name: string; recipe: Recipe }>> {
  let text: string;
  try {
    text = await evaluator.scheduledText(await evaluator.render(base.recipe));
  } catch {
    return [];
  }
  // One dimension per buffer: the one with the most banks.
  const byBuffer = new Map<number, { dim: number; extent: number }>();
  for (const plan of bankableDims(text)) {
    const known = byBuffer.get(plan.buffer);
    if (!known || plan.extent > known.extent) byBuffer.set(plan.buffer, { dim: plan.dim, extent: plan.extent });
  }
  if (byBuffer.size === 0) return [];
  const out: Array<{ name: string; recipe: Recipe }> = [];
  for (const divisor of [1, 2, 4, 8]) {
    const banks: RecipeStep[] = [...byBuffer].flatMap(([buffer, { dim, extent }]) => {
      const factor = extent / divisor;
      return Number.isInteger(factor) && factor >= 2 ? [{ kind: 'bank' as const, buffer, dim, factor }] : [];
    });
    if (banks.length === 0) continue;
    const name = `${base.name}, banked${divisor === 1 ? ' completely' : ` by 1/${divisor}`}`;
    out.push({ name, recipe: { version: 1, steps: [...base.recipe.steps, ...banks], note: `memory: ${name}` } });
  }
  return out;
}

/**
 * A loop recipe with invariant loads hoisted out of their loops (after scalar replacement), then every
 * local buffer a pipelined loop is port-bound on banked cyclically, at the plan's factor and at half
 * of it (bank-plans.ts). Pipelined loops whose accesses would still change bank per iteration are
 * unrolled by the factor first (unroll factors matched to the banks), when that applies. The recipe
 * with only the hoisting when nothing is worth banking.
 */
export async function withCyclicBanks(evaluator: Evaluator, recipe: Recipe): Promise<Recipe[]> {
  let steps: RecipeStep[] = [...recipe.steps, { kind: 'scalar-replacement' }, { kind: 'hoist-invariants' }];
  const note = `${recipe.note ?? 'loops'}; invariant loads hoisted`;
  const hoisted: Recipe = { version: 1, steps, note };
  let text: string;
  try {
    text = await evaluator.scheduledText(await evaluator.render(hoisted));
  } catch {
    return [hoisted];
  }
  const kernel = new KernelText(text);
  let plans = cyclicBankPlans(kernel);
  if (plans.length === 0) return [hoisted];
  // Loops that would still change bank per iteration are unrolled by the factor, and the plan redone.
  const aligned = alignUnrolls(steps, misalignedLoops(kernel, plans[0]!));
  if (aligned) {
    try {
      const alignedText = await evaluator.scheduledText(await evaluator.render({ version: 1, steps: aligned, note }));
      const alignedPlans = cyclicBankPlans(alignedText);
      if (alignedPlans.length > 0) { steps = aligned; plans = alignedPlans; }
    } catch {
      // The unrolled version does not apply: keep the plan as it was.
    }
  }
  return plans.map((plan) => ({
    version: 1,
    steps: [...steps, ...plan.map((bank) => ({ kind: 'bank' as const, buffer: bank.buffer, dim: bank.dim, factor: bank.factor }))],
    note: `${note}; banked ${plan.map((bank) => `${bank.name} dim ${bank.dim} x${bank.factor}`).join(', ')}`,
  }));
}

/** `steps` with each loop unrolled by at least its factor (none where a loop is unrolled-and-jammed); undefined when nothing changes. */
function alignUnrolls(steps: readonly RecipeStep[], loops: ReadonlyArray<{ loop: string; factor: number }>): RecipeStep[] | undefined {
  let changed = false;
  let out = [...steps];
  for (const { loop, factor } of loops) {
    if (out.some((step) => step.kind === 'unroll-and-jam' && step.loop === loop)) continue;
    // Its parent unrolled-and-jammed too would multiply the datapath: the unroll replaces the jam.
    const parent = loop.includes('.') ? loop.slice(0, loop.lastIndexOf('.')) : undefined;
    const jam = out.findIndex((step) => step.kind === 'unroll-and-jam' && step.loop === parent);
    if (jam >= 0) { out = out.filter((_, i) => i !== jam); changed = true; }
    const at = out.findIndex((step) => step.kind === 'unroll' && step.loop === loop);
    if (at >= 0) {
      const step = out[at]!;
      if (step.kind === 'unroll' && step.factor !== 0 && step.factor < factor) { out[at] = { ...step, factor }; changed = true; }
      continue;
    }
    // Before the loop's pipeline step (loop steps come before function-wide ones).
    const pipeline = out.findIndex((step) => step.kind === 'pipeline' && step.loop === loop);
    if (pipeline < 0) continue;
    out = [...out.slice(0, pipeline), { kind: 'unroll', loop, factor }, ...out.slice(pipeline)];
    changed = true;
  }
  return changed ? out : undefined;
}

/**
 * Partitioned arguments on the fastest schedules so far (an interface change, opt-in): for each of the
 * `bases` fastest distinct recipes, the kernel it produces (its banks included) is read for argument
 * arrays whose port time a partition at least halves (partition-plans.ts), at the plan's factors and
 * at half of them.
 */
export async function partitionedRecipes(evaluator: Evaluator, candidates: readonly Candidate[], maxFactor: number, bases = 4): Promise<Array<{ name: string; recipe: Recipe }>> {
  const chosen = fastestDistinct(candidates, (recipe) => partitionSteps(recipe).length === 0 && !unitLimits(recipe)).slice(0, bases);
  const out: Array<{ name: string; recipe: Recipe }> = [];
  for (const base of chosen) {
    let text: string;
    try {
      text = base.transformed ?? await evaluator.scheduledText(base.schedule);
    } catch {
      continue;
    }
    for (const plan of argumentPartitionPlans(text, evaluator.kernel.functionName, maxFactor)) {
      const what = plan.map((p) => `${p.name} dim ${p.dim} x${p.factor}`).join(', ');
      out.push({
        name: `${base.cycles} cycles, arguments partitioned: ${what}`,
        recipe: { version: 1, steps: [...base.recipe!.steps, ...plan.map((p) => ({ kind: 'partition-argument' as const, argument: p.argument, dim: p.dim, factor: p.factor }))], note: `${base.recipe!.note ?? 'tuner'}; arguments partitioned ${what}` },
      });
    }
  }
  return out;
}
