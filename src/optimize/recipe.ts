import { z } from 'zod';
import { OPERATOR_CLASSES, tighterUnits, type OperatorClass } from '../hls/target.js';

/**
 * A schedule recipe: a short list of typed steps over named primitives. It is what the tuner, the
 * corpus and a language model produce, and what `render.ts` turns into Transform IR. Steps come in
 * three phases, in this order: linalg-level (on named linalg ops, before lowering), loop-level (on
 * loops named by the ids `hlsched estimate` prints for the lowered kernel), function-wide passes.
 */

/** The n-th op of that name in the kernel's function, in program order. */
export const opRefSchema = z.object({
  name: z.string().regex(/^linalg\.[a-z_0-9]+$/).describe('a linalg op name, e.g. linalg.matmul'),
  index: z.number().int().min(0).default(0).describe('which one, counting ops of that name in program order from 0'),
}).strict();

/** `L1.2.1`: the first loop inside the second loop inside the first top-level loop. */
export const loopIdSchema = z.string().regex(/^L\d+(\.\d+)*$/).describe('a loop id as `hlsched estimate` prints it (L1, L1.2, ...)');

const factor = z.number().int().min(0).max(1024);

export const stepSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('interchange'), op: opRefSchema, permutation: z.array(z.number().int().min(0)).min(2).max(8) })
    .strict().describe('permute the loops of a linalg op (generalized first); permutation[i] = old position of new loop i'),
  z.object({ kind: z.literal('tile-linalg'), op: opRefSchema, sizes: z.array(z.number().int().min(0)).min(1).max(8) })
    .strict().describe('tile a linalg op with scf.for loops; 0 leaves a dimension untiled; sizes should divide the dimensions'),
  z.object({ kind: z.literal('unroll'), loop: loopIdSchema, factor: factor.describe('0 or >= trip count: unroll fully') })
    .strict().describe('unroll a loop'),
  z.object({ kind: z.literal('unroll-and-jam'), loop: loopIdSchema, factor: factor.min(2) })
    .strict().describe('unroll an affine loop and jam the copies of its inner loop'),
  z.object({ kind: z.literal('pipeline'), loop: loopIdSchema, ii: z.number().int().min(1).max(64).optional() })
    .strict().describe('mark a loop hls.pipeline (optionally with a target II)'),
  z.object({ kind: z.literal('full-unroll'), times: z.number().int().min(1).max(4).default(3) })
    .strict().describe('SODA-style: fully unroll innermost loops `times` times (small kernels only)'),
  z.object({ kind: z.literal('scalar-replacement') }).strict().describe('affine-scalrep: forward stores to loads, drop redundant loads'),
  z.object({ kind: z.literal('hoist-invariants') }).strict().describe('affine-loop-invariant-code-motion: loads of memories the loop does not write, and what only they feed, move out of the loop'),
  z.object({ kind: z.literal('fuse-loops') }).strict().describe('affine-loop-fusion (greedy, dependence-checked)'),
  z.object({ kind: z.literal('tile-loops'), sizes: z.array(z.number().int().min(1)).min(1).max(6) })
    .strict().describe('affine-loop-tile every loop nest with these sizes'),
  z.object({ kind: z.literal('promote-buffers'), capacityKiB: z.number().int().min(1).max(1 << 20).optional().describe('local memory per copy placement: copies go down the nest until the footprint fits') })
    .strict().describe('affine-data-copy-generate: copy what each nest uses into local buffers'),
  z.object({
    kind: z.literal('register-tile'),
    capacityKiB: z.number().int().min(1).max(1 << 20).describe('tile-local buffer size: copies are placed at the outermost loop whose footprint fits'),
    times: z.number().int().min(1).max(3).default(1).describe('how many levels of innermost loops to unroll fully inside the tile'),
  }).strict().describe('register promotion of a tile (SODA\'s buffer trick at tile granularity): tile-local buffers (affine-data-copy-generate), full unroll of the innermost loops so every buffer index is constant, affine-scalrep; such buffers become registers'),
  z.object({ kind: z.literal('pipeline-innermost') }).strict()
    .describe('mark every innermost loop that loads hls.pipeline (the loops memory steps create have no ids to name them by)'),
  z.object({
    kind: z.literal('bank'),
    buffer: z.number().int().min(0).max(255).describe('which local buffer of the kernel after the schedule: the n-th memref.alloc/alloca in program order, from 0'),
    dim: z.number().int().min(0).max(7),
    factor: z.number().int().min(2).max(256).describe('banks: element c goes to bank c mod factor at c floordiv factor; should divide the dimension'),
  }).strict().describe('split a local buffer into separate memories along one dimension, cyclically (our rewrite of the scheduled kernel); an access whose bank changes per iteration is dispatched to every bank'),
  z.object({
    kind: z.literal('partition-argument'),
    argument: z.number().int().min(0).max(255).describe('which argument array: its position in the function signature, from 0'),
    dim: z.number().int().min(0).max(7),
    factor: z.number().int().min(2).max(256).describe('memories: element c goes to memory c mod factor at c floordiv factor; should divide the dimension'),
  }).strict().describe('change the accelerator interface: an argument array becomes several memories along one dimension, cyclically (ScaleHLS\'s array_partition of the top function; our rewrite: the accelerator is @<name>_partitioned, @<name> is the host side that splits and gathers)'),
  z.object({
    kind: z.literal('limit-units'),
    units: z.partialRecord(z.enum(OPERATOR_CLASSES), z.number().int().min(1).max(1 << 16))
      .describe('most instances per operator class, e.g. {"fmul": 16}; a unit that is not pipelined is held for its latency'),
  }).strict().describe('an HLS resource constraint (Bambu --constraints): the schedule is unchanged, the datapath binds at most this many units of each class, so it costs fewer DSPs and LUTs and may take more cycles'),
]);

export type RecipeStep = z.infer<typeof stepSchema>;
export type StepKind = RecipeStep['kind'];

export const STEP_PHASE: Record<StepKind, 0 | 1 | 2 | 3 | 4> = {
  'interchange': 0, 'tile-linalg': 0,
  'unroll': 1, 'unroll-and-jam': 1, 'pipeline': 1,
  'full-unroll': 2, 'scalar-replacement': 2, 'hoist-invariants': 2, 'fuse-loops': 2, 'tile-loops': 2, 'promote-buffers': 2, 'register-tile': 2,
  'pipeline-innermost': 2, 'bank': 3, 'partition-argument': 3, 'limit-units': 4,
};

export const recipeSchema = z.object({
  version: z.literal(1).default(1),
  steps: z.array(stepSchema).max(64),
  note: z.string().max(2000).optional().describe('why: shown in reports and stored with accepted schedules'),
}).strict().superRefine((recipe, context) => {
  let phase = 0;
  recipe.steps.forEach((step, index) => {
    const stepPhase = STEP_PHASE[step.kind];
    if (stepPhase < phase) {
      context.addIssue({ code: 'custom', path: ['steps', index, 'kind'], message: `${step.kind} must come before ${['linalg', 'loop', 'function-wide', 'bank', 'limit-units'][phase]} steps (order: linalg steps, loop steps, function-wide steps, bank steps, limit-units)` });
    }
    phase = Math.max(phase, stepPhase);
  });
});

export type Recipe = z.infer<typeof recipeSchema>;

export function recipeJsonSchema(): object {
  return z.toJSONSchema(recipeSchema, { io: 'input' });
}

export type BankStep = Extract<RecipeStep, { kind: 'bank' }>;
export type PartitionStep = Extract<RecipeStep, { kind: 'partition-argument' }>;

/** Steps that rewrite the scheduled kernel (not Transform IR): the transformed kernel is the output. */
export function rewriteSteps(recipe: Recipe): Array<BankStep | PartitionStep> {
  return recipe.steps.filter((step): step is BankStep | PartitionStep => step.kind === 'bank' || step.kind === 'partition-argument');
}

export function bankSteps(recipe: Recipe): BankStep[] {
  return recipe.steps.filter((step): step is BankStep => step.kind === 'bank');
}

export function partitionSteps(recipe: Recipe | undefined): PartitionStep[] {
  return (recipe?.steps ?? []).filter((step): step is PartitionStep => step.kind === 'partition-argument');
}

/** The recipe's unit limits (its limit-units steps merged, the tightest per class), if it has any. */
export function unitLimits(recipe: Recipe | undefined): Partial<Record<OperatorClass, number>> | undefined {
  const steps = (recipe?.steps ?? []).filter((step): step is Extract<RecipeStep, { kind: 'limit-units' }> => step.kind === 'limit-units');
  if (steps.length === 0) return undefined;
  return steps.reduce<Partial<Record<OperatorClass, number>>>((merged, step) => tighterUnits(merged, step.units), {});
}

/** The recipe without its limit-units steps: what the schedule and the rewrites are made of. */
export function withoutUnitLimits(recipe: Recipe): Recipe {
  return { ...recipe, steps: recipe.steps.filter((step) => step.kind !== 'limit-units') };
}

export function linalgSteps(recipe: Recipe): RecipeStep[] {
  return recipe.steps.filter((step) => STEP_PHASE[step.kind] === 0);
}

/** A stable text for hashing and de-duplication. */
export function canonicalRecipe(recipe: Recipe): string {
  return JSON.stringify({ version: 1, steps: recipe.steps });
}

export function describeStep(step: RecipeStep): string {
  switch (step.kind) {
    case 'interchange': return `interchange ${step.op.name}#${step.op.index} [${step.permutation.join(',')}]`;
    case 'tile-linalg': return `tile ${step.op.name}#${step.op.index} [${step.sizes.join(',')}]`;
    case 'unroll': return `unroll ${step.loop} x${step.factor === 0 ? 'full' : step.factor}`;
    case 'unroll-and-jam': return `unroll-and-jam ${step.loop} x${step.factor}`;
    case 'pipeline': return `pipeline ${step.loop}${step.ii ? ` II ${step.ii}` : ''}`;
    case 'full-unroll': return `full-unroll x${step.times}`;
    case 'tile-loops': return `tile-loops [${step.sizes.join(',')}]`;
    case 'promote-buffers': return step.capacityKiB ? `promote-buffers ${step.capacityKiB} KiB` : step.kind;
    case 'bank': return `bank local#${step.buffer} dim ${step.dim} x${step.factor}`;
    case 'partition-argument': return `partition arg#${step.argument} dim ${step.dim} x${step.factor}`;
    case 'register-tile': return `register-tile ${step.capacityKiB} KiB x${step.times}`;
    case 'limit-units': return `limit-units ${Object.entries(step.units).map(([operator, n]) => `${operator} ${n}`).join(', ')}`;
    default: return step.kind;
  }
}
