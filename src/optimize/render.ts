import { HlschedError } from '../errors.js';
import { memoryStepPasses } from './memory-steps.js';
import { STEP_PHASE, unitLimits, type Recipe, type RecipeStep } from './recipe.js';

/**
 * Renders a recipe into a Transform-dialect schedule that respects MLIR 22's pitfalls: every op is
 * matched once, before anything changes, and carried by its handle; loops are tagged with a unit
 * attribute right after lowering (structured.match returns them in post-order, so the tags follow the
 * loop tree) and every loop step re-matches its tag, so no step uses a handle an earlier one consumed.
 */
export interface RenderContext {
  /** The function the recipe applies to. */
  functionName: string;
  /** How many ops of each linalg name the function holds (to split the handle of a match). */
  linalgCounts: Record<string, number>;
  /**
   * Loop ids of the lowered kernel (after the linalg steps), in post-order: innermost first, as
   * structured.match returns them. Required when the recipe has loop steps.
   */
  loopsPostOrder?: string[];
  /** Trip counts by loop id: what `unroll` with factor 0 (fully) becomes. */
  loopTrips?: Record<string, number>;
  /** The entry calls other functions: inline them first (the whole module, MLIR's `inline` pass). */
  inline?: boolean;
  /**
   * The kernel is on tensors: after the linalg steps (which run on tensors), one-shot bufferization
   * with function boundaries, so the schedule applies to the user's tensor file as it is.
   */
  bufferize?: boolean;
}

const ANY = '!transform.any_op';

/** Post-order of ids like L1, L1.1, L1.2, L2 (children first, then the parent). */
export function postOrder(ids: string[]): string[] {
  const key = (id: string) => id.slice(1).split('.').map(Number);
  const sorted = [...ids].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
    return y.length - x.length; // a descendant comes before its ancestor
  });
  return sorted;
}

function tagOf(loop: string): string {
  return `hlsched.${loop.replace(/\./g, '_')}`;
}

export function renderRecipe(recipe: Recipe, context: RenderContext): string {
  const lines: string[] = [];
  let counter = 0;
  const fresh = (stem: string) => `%${stem}${counter++}`;
  const emit = (line: string) => lines.push(`    ${line}`);
  if (recipe.note) for (const line of recipe.note.split('\n')) lines.push(`// ${line}`);

  // Prelude: inline callees into the entry; the function handle the linalg phase matches in.
  let root = '%root';
  if (context.inline) {
    const inlined = fresh('module');
    emit(`${inlined} = transform.apply_registered_pass "inline" to ${root} : (${ANY}) -> ${ANY}`);
    root = inlined;
  }
  const matchFunction = () => {
    const handle = fresh('func');
    emit(`${handle} = transform.structured.match ops{["func.func"]} attributes{sym_name = "${context.functionName}"} in ${root} : (${ANY}) -> ${ANY}`);
    return handle;
  };
  let func = matchFunction();

  // Linalg phase: match each referenced op name once, split it, keep one handle per op.
  const opHandles = new Map<string, string>();
  const referenced = new Set<string>();
  for (const step of recipe.steps) if (step.kind === 'interchange' || step.kind === 'tile-linalg') referenced.add(step.op.name);
  for (const name of referenced) {
    const count = context.linalgCounts[name] ?? 0;
    if (count === 0) throw new HlschedError('SCHEDULE_REJECTED', `the recipe names ${name}, which the kernel does not hold`, { hint: `ops the kernel holds: ${Object.keys(context.linalgCounts).join(', ') || 'none'}` });
    const all = fresh('ops');
    emit(`${all} = transform.structured.match ops{["${name}"]} in ${func} : (${ANY}) -> ${ANY}`);
    const parts = Array.from({ length: count }, () => fresh('op'));
    if (count === 1) opHandles.set(`${name}#0`, all);
    else {
      emit(`${parts.join(', ')} = transform.split_handle ${all} : (${ANY}) -> (${parts.map(() => ANY).join(', ')})`);
      parts.forEach((part, index) => opHandles.set(`${name}#${index}`, part));
    }
  }
  const opHandle = (step: Extract<RecipeStep, { op: unknown }>) => {
    const handle = opHandles.get(`${step.op.name}#${step.op.index}`);
    if (!handle) throw new HlschedError('SCHEDULE_REJECTED', `the recipe names ${step.op.name} #${step.op.index}, but the kernel holds ${context.linalgCounts[step.op.name] ?? 0}`);
    return handle;
  };
  const generalized = new Set<string>();
  for (const step of recipe.steps) {
    if (step.kind === 'interchange') {
      const key = `${step.op.name}#${step.op.index}`;
      let handle = opHandle(step);
      if (!generalized.has(key)) {
        const generic = fresh('generic');
        emit(`${generic} = transform.structured.generalize ${handle} : (${ANY}) -> ${ANY}`);
        handle = generic;
        generalized.add(key);
      }
      const swapped = fresh('interchanged');
      emit(`${swapped} = transform.structured.interchange ${handle} iterator_interchange = [${step.permutation.join(', ')}] : (${ANY}) -> ${ANY}`);
      opHandles.set(key, swapped);
    } else if (step.kind === 'tile-linalg') {
      const tiled = fresh('tiled');
      const loops = step.sizes.filter((size) => size > 0).map(() => fresh('tile_loop'));
      emit(`${[tiled, ...loops].join(', ')} = transform.structured.tile_using_for ${opHandle(step)} tile_sizes [${step.sizes.join(', ')}] : (${ANY}) -> (${[tiled, ...loops].map(() => ANY).join(', ')})`);
      opHandles.set(`${step.op.name}#${step.op.index}`, tiled);
    }
  }

  // Tensor semantics: bufferize the module (function boundaries included), then find the function again.
  if (context.bufferize) {
    const bufferized = fresh('bufferized');
    emit(`${bufferized} = transform.bufferization.one_shot_bufferize layout{IdentityLayoutMap} ${root} {bufferize_function_boundaries = true, memcpy_op = "linalg.copy"} : (${ANY}) -> ${ANY}`);
    root = bufferized;
    func = matchFunction();
  }

  // Lowering: affine loops, trip-1 loops promoted, as `hlsched estimate` reads the kernel.
  let current = fresh('lowered');
  emit(`${current} = transform.apply_registered_pass "convert-linalg-to-affine-loops" to ${func} : (${ANY}) -> ${ANY}`);
  const normalized = fresh('normalized');
  emit(`${normalized} = transform.apply_registered_pass "affine-loop-normalize" with options = {"promote-single-iter" = true} to ${current} : (${ANY}) -> ${ANY}`);
  current = fresh('canonical');
  emit(`${current} = transform.apply_registered_pass "canonicalize" to ${normalized} : (${ANY}) -> ${ANY}`);

  // Loop phase: tag the loops the recipe names, then address each by its tag.
  const loopSteps = recipe.steps.filter((step) => STEP_PHASE[step.kind] === 1) as Array<Extract<RecipeStep, { loop: string }>>;
  if (loopSteps.length > 0) {
    const order = context.loopsPostOrder;
    if (!order) throw new Error('renderRecipe: loop steps need context.loopsPostOrder');
    const named = new Set(loopSteps.map((step) => step.loop));
    for (const loop of named) {
      if (!order.includes(loop)) {
        throw new HlschedError('SCHEDULE_REJECTED', `the recipe names loop ${loop}, which the lowered kernel does not have`,
          { hint: `its loops: ${postOrder(order).reverse().join(', ')}` });
      }
    }
    const all = fresh('loops');
    emit(`${all} = transform.structured.match ops{["affine.for", "scf.for"]} in ${current} : (${ANY}) -> ${ANY}`);
    const handles = order.map(() => fresh('loop'));
    if (order.length === 1) handles[0] = all;
    else emit(`${handles.join(', ')} = transform.split_handle ${all} : (${ANY}) -> (${handles.map(() => ANY).join(', ')})`);
    order.forEach((loop, index) => { if (named.has(loop)) emit(`transform.annotate ${handles[index]} "${tagOf(loop)}" : ${ANY}`); });
    for (const step of loopSteps) {
      const handle = fresh('at');
      emit(`${handle} = transform.structured.match attributes{"${tagOf(step.loop)}"} in ${current} : (${ANY}) -> ${ANY}`);
      // Full unrolling takes the exact trip count: transform.loop.unroll fails on some loops with a larger factor.
      if (step.kind === 'unroll') emit(`transform.loop.unroll ${handle} {factor = ${step.factor === 0 ? context.loopTrips?.[step.loop] ?? 1024 : step.factor}} : ${ANY}`);
      else if (step.kind === 'unroll-and-jam') emit(`transform.loop.unroll_and_jam ${handle} {factor = ${step.factor}} : ${ANY}`);
      else if (step.ii) {
        const ii = fresh('ii');
        emit(`${ii} = transform.param.constant ${step.ii} : i64 -> !transform.param<i64>`);
        emit(`transform.annotate ${handle} "hls.pipeline" = ${ii} : ${ANY}, !transform.param<i64>`);
      } else emit(`transform.annotate ${handle} "hls.pipeline" : ${ANY}`);
    }
  }

  // Function-wide passes.
  for (const step of recipe.steps) {
    const pass = (name: string, options?: string) => {
      const next = fresh('pass');
      emit(`${next} = transform.apply_registered_pass "${name}"${options ? ` with options = ${options}` : ''} to ${current} : (${ANY}) -> ${ANY}`);
      current = next;
    };
    switch (step.kind) {
      case 'full-unroll':
        for (let i = 0; i < step.times; i++) pass('affine-loop-unroll', '{"unroll-factor" = -1}');
        pass('canonicalize');
        break;
      case 'scalar-replacement': pass('affine-scalrep'); pass('cse'); break;
      case 'hoist-invariants': pass('affine-loop-invariant-code-motion'); break;
      case 'fuse-loops': pass('affine-loop-fusion', '{"mode" = "greedy"}'); break;
      case 'tile-loops': pass('affine-loop-tile', `{"tile-sizes" = [${step.sizes.join(', ')}]}`); break;
      case 'pipeline-innermost': {
        const loads = fresh('loads');
        const inner = fresh('innermost');
        emit(`${loads} = transform.structured.match ops{["affine.load"]} in ${current} : (${ANY}) -> ${ANY}`);
        emit(`${inner} = transform.get_parent_op ${loads} {allow_empty_results, deduplicate, op_name = "affine.for"} : (${ANY}) -> ${ANY}`);
        emit(`transform.annotate ${inner} "hls.pipeline" : ${ANY}`);
        break;
      }
      default:
        for (const call of memoryStepPasses(step) ?? []) pass(call.name, call.options);
    }
  }
  const units = unitLimits(recipe);
  if (units) lines.push(`// HLS resource constraint, not a transform (give it to the HLS tool): at most ${Object.entries(units).map(([operator, n]) => `${n} ${operator}`).join(', ')} units`);
  return [
    ...lines.filter((line) => line.startsWith('//')),
    'module attributes {transform.with_named_sequence} {',
    // Inlining and bufferization replace the module: the root handle is consumed then.
    `  transform.named_sequence @__transform_main(%root: ${ANY} {transform.${context.inline || context.bufferize ? 'consumed' : 'readonly'}}) {`,
    ...lines.filter((line) => !line.startsWith('//')),
    '    transform.yield',
    '  }',
    '}',
    '',
  ].join('\n');
}
