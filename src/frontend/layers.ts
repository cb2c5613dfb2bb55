import { walk, type GenericOp } from '../ir/generic.js';
import { STEP_PHASE, type Recipe, type RecipeStep } from '../optimize/recipe.js';

/**
 * Layers of a whole model as standalone kernels: one top-level op of the entry function, cut out of
 * the module printed in generic form, with every value it uses from outside as an argument (weights,
 * activations, its init tensor) except constants, which are copied in. Verifying a transformed layer
 * against its original in isolation costs one layer's work, not the model's.
 */
export interface LayerKernel {
  /** The standalone module, in generic form. */
  text: string;
  /** Its function's name. */
  functionName: string;
  argumentTypes: string[];
}

const VALUE = /%[\w$.-]+(?:#\d+)?/g;
const VIEW_OPS = new Set(['memref.subview', 'memref.collapse_shape', 'memref.expand_shape', 'memref.cast', 'memref.reinterpret_cast', 'memref.transpose']);

function definedInside(op: GenericOp): Set<string> {
  const defined = new Set<string>(op.results);
  for (const region of op.regions) {
    for (const block of region) {
      for (const arg of block.arguments) defined.add(arg.name);
      for (const inner of block.ops) walk(inner, (nested) => {
        for (const result of nested.results) defined.add(result);
        for (const r of nested.regions) for (const b of r) for (const a of b.arguments) defined.add(a.name);
      });
    }
  }
  return defined;
}

/** Cuts `op` (a top-level op of `fn`) out of `printed` (the module `fn` was parsed from) as a standalone function. */
export function extractLayer(printed: string, fn: GenericOp, op: GenericOp, functionName = 'layer'): LayerKernel {
  if (!op.span) throw new Error('extractLayer: the op has no text span');
  const text = printed.slice(op.span[0], op.span[1]);
  const inside = definedInside(op);
  // Where each value of the function comes from: a result of a top-level op, or an argument.
  const definitions = new Map<string, { op?: GenericOp; type: string }>();
  const entry = fn.regions[0]?.[0];
  for (const arg of entry?.arguments ?? []) definitions.set(arg.name, { type: arg.type });
  for (const top of entry?.ops ?? []) top.results.forEach((result, i) => definitions.set(result, { op: top, type: top.resultTypes[i] ?? '' }));
  const free = [...new Set(text.match(VALUE) ?? [])].filter((name) => !inside.has(name));
  // Constants are copied in; so are views (subview, reshapes, casts), whose sources become arguments:
  // the harness fills identity-layout buffers, not strided windows of them.
  const copied = new Set<GenericOp>();
  const args: Array<{ name: string; type: string }> = [];
  const seen = new Set<string>();
  const pending = [...free];
  while (pending.length) {
    const name = pending.shift()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const def = definitions.get(name);
    if (!def) throw new Error(`extractLayer: ${name} is defined neither in the function nor in the op`);
    if (def.op?.span && (def.op.name === 'arith.constant' || VIEW_OPS.has(def.op.name))) {
      copied.add(def.op);
      pending.push(...def.op.operands);
    } else {
      args.push({ name, type: def.type });
    }
  }
  const constants = (entry?.ops ?? []).filter((top) => copied.has(top)).map((top) => `${top.results.join(', ')} = ${printed.slice(top.span![0], top.span![1])}`);
  // Block arguments cannot be named `%3#1`: rename such values everywhere in the layer.
  const rename = (s: string) => s.replace(/(%[\w$.-]+)#(\d+)/g, '$1_r$2');
  const resultTypes = op.resultTypes;
  const results = op.results.map(rename);
  const body = [
    ...constants.map(rename),
    `${results.length ? `${results.join(', ')} = ` : ''}${rename(text)}`,
    `"func.return"(${results.join(', ')}) : (${resultTypes.join(', ')}) -> ()`,
  ];
  const signature = `(${args.map((a) => a.type).join(', ')}) -> (${resultTypes.join(', ')})`;
  return {
    functionName,
    argumentTypes: args.map((a) => a.type),
    text: [
      '"builtin.module"() ({',
      `  "func.func"() <{function_type = ${signature}, sym_name = "${functionName}"}> ({`,
      `  ^bb0(${args.map((a) => `${rename(a.name)}: ${a.type}`).join(', ')}):`,
      ...body.map((line) => `    ${line}`),
      '  }) : () -> ()',
      '}) : () -> ()',
      '',
    ].join('\n'),
  };
}

/**
 * The part of a whole-model recipe that concerns one layer, addressed as in its standalone kernel:
 * its linalg steps (op index 0), its loop steps (the model's nests `nests`, in order, become L1, L2...),
 * and the function-wide steps. Undefined when the recipe does nothing to this layer.
 */
export function layerRecipe(recipe: Recipe, op: { name: string; index: number }, nests: string[]): Recipe | undefined {
  const steps: RecipeStep[] = [];
  for (const step of recipe.steps) {
    if (step.kind === 'interchange' || step.kind === 'tile-linalg') {
      if (step.op.name === op.name && step.op.index === op.index) steps.push({ ...step, op: { name: op.name, index: 0 } });
    } else if (STEP_PHASE[step.kind] === 1) {
      const loopStep = step as Extract<RecipeStep, { loop: string }>;
      const [top, ...rest] = loopStep.loop.split('.');
      const position = nests.indexOf(top!);
      if (position >= 0) steps.push({ ...loopStep, loop: [`L${position + 1}`, ...rest].join('.') } as RecipeStep);
    } else if (step.kind !== 'bank' && step.kind !== 'partition-argument') {
      // Bank steps name buffers of the whole model (the n-th alloc): they do not carry over to a layer.
      steps.push(step);
    }
  }
  return steps.length ? { ...recipe, steps } : undefined;
}
