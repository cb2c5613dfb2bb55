/**
 * The HLS tool's own front end, where it unrolls: Bambu compiles the C it is given with clang/LLVM at
 * -O2, whose loop-unroll pass fully unrolls a loop with a constant trip count once its inner loops are
 * unrolled (it works from the innermost loop outwards) and its unrolled size, trip count x body size,
 * stays below a threshold (LoopUnrollPass: 150 at -O2). What the MLIR flow left rolled, the hardware may
 * not have as a loop at all; the estimator sees the kernel as the HLS tool schedules it.
 *
 * Size counts the body's operations (constants and yields are free), the address arithmetic LLVM keeps
 * in the loop, and the loop's own increment. `planFullUnrolls` decides; `applyFullUnrolls` rewrites the
 * normalized kernel with MLIR's own `transform.loop.unroll`; src/hls/front-end.ts estimates the result.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { HlschedError } from '../errors.js';
import { parseAffineMap, type AffineExpr } from '../ir/affine.js';
import type { GenericOp, SourceLocation } from '../ir/generic.js';
import { parseType } from '../ir/types.js';
import { describeRunEnd, runTool } from '../toolchain/run-tool.js';
import { withTempDir } from '../toolchain/temp-dir.js';
import type { Toolchain, ToolRunOptions } from '../toolchain/types.js';
import { LOOP_ID_ATTRIBUTE } from './analytic.js';
import { KEEP_LOCATIONS } from './normalize.js';

/** LLVM's `-unroll-threshold` at -O2: the unrolled size a full unroll may reach. */
export const LLVM_O2_FULL_UNROLL_THRESHOLD = 150;

const FREE = new Set(['affine.yield', 'scf.yield', 'arith.constant', 'affine.apply', 'arith.index_cast']);
/** Loops the rule does not unroll (no constant trip count in affine form): a nest holding one stays a loop. */
const OTHER_LOOPS = new Set(['scf.for', 'scf.while', 'scf.parallel', 'scf.forall', 'affine.parallel']);
const ACCESSES = new Set(['affine.load', 'affine.store']);
/** LLVM's `BEInsns`: the compare and branch a full unroll does not copy. */
const BACKEDGE_INSTRUCTIONS = 2;

export interface FullUnrollPlan {
  /** Every affine.for in post-order, the order `transform.structured.match` returns them. */
  loops: GenericOp[];
  /** For each of `loops`: the factor it is fully unrolled by, or 0. */
  factors: number[];
  /** The outermost loops that disappear, where the source has them: what the estimate's note names. */
  unrolled: Array<{ tripCount: number; loc?: SourceLocation }>;
}

function constantBound(map: string | undefined): number | undefined {
  const match = /^affine_map<\(\) -> \((-?\d+)\)>$/.exec(map ?? '');
  return match ? Number(match[1]) : undefined;
}

function tripCountOf(loop: GenericOp): number | undefined {
  const lower = constantBound(loop.properties.get('lowerBoundMap'));
  const upper = constantBound(loop.properties.get('upperBoundMap'));
  const step = Number(/^(\d+)/.exec(loop.properties.get('step') ?? '1')?.[1] ?? 1);
  if (lower === undefined || upper === undefined || !(step > 0)) return undefined;
  return Math.max(0, Math.ceil((upper - lower) / step));
}

function usesVariable(expr: AffineExpr, variant: (kind: 'dim' | 'sym', index: number) => boolean): boolean {
  if (expr.kind === 'const') return false;
  if (expr.kind === 'dim' || expr.kind === 'sym') return variant(expr.kind, expr.index);
  return usesVariable(expr.lhs, variant) || usesVariable(expr.rhs, variant);
}

/**
 * The address arithmetic one iteration of `loop` executes, as LLVM counts it after LICM: an access's
 * offset is linearized (`i * N + j`); the part that does not change in the loop is hoisted, a variable
 * leading index costs its multiply and the sum its add, and a one-dimensional index folds into the
 * load's addressing mode. Each distinct address is computed once (a load and store of `C[i][j]` share
 * it). Inner loops' induction variables are constants here: the rule only asks once they are unrolled.
 */
function addressCost(loop: GenericOp): number {
  const variant = new Set<string>(loop.regions[0]?.[0]?.arguments.map((a) => a.name) ?? []);
  const seen = new Set<string>();
  let cost = 0;
  const visit = (op: GenericOp) => {
    if (ACCESSES.has(op.name)) {
      const memrefAt = op.name === 'affine.store' ? 1 : 0;
      const indices = op.operands.slice(memrefAt + 1);
      const key = `${op.operands[memrefAt]}|${op.properties.get('map') ?? ''}|${indices.join(',')}`;
      const type = parseType(op.operandTypes[memrefAt] ?? '');
      if (!seen.has(key) && type.kind === 'memref' && indices.some((index) => variant.has(index))) {
        seen.add(key);
        const map = parseAffineMap(op.properties.get('map') ?? '');
        const isVariant = (kind: 'dim' | 'sym', index: number) => variant.has(indices[kind === 'dim' ? index : map.dims + index] ?? '');
        const varying = map.results.map((expr) => usesVariable(expr, isVariant));
        const rank = map.results.length;
        if (rank <= 1) cost += varying[0] && map.results[0]!.kind === 'mul' ? 1 : 0;
        else cost += varying.slice(0, -1).filter(Boolean).length + 1;
      }
    }
    if (op.operands.some((operand) => variant.has(operand))) for (const result of op.results) variant.add(result);
    for (const region of op.regions) for (const block of region) for (const inner of block.ops) visit(inner);
  };
  for (const block of loop.regions[0] ?? []) for (const op of block.ops) visit(op);
  return cost;
}

/**
 * Which loops LLVM's full unroll removes, innermost first: a loop with a constant trip count whose inner
 * loops are gone is unrolled when `(size - 2) x trip + 2 < threshold`, its size being the body's
 * operations, its address arithmetic, the induction variable's increment and the compare and branch
 * (LLVM's `UnrollCostEstimator::getUnrolledLoopSize`).
 */
export function planFullUnrolls(module: GenericOp, threshold: number): FullUnrollPlan {
  const factors: number[] = [];
  const loops: GenericOp[] = [];
  const outermost: FullUnrollPlan['unrolled'] = [];
  /** The operations nested in `op` (unrolled loops copied), and whether every loop in it is unrolled. */
  const body = (op: GenericOp) => op.regions.flat().flatMap((b) => b.ops).reduce((acc, inner) => {
    const r = visit(inner);
    return { size: acc.size + r.size, unrolled: acc.unrolled && r.unrolled };
  }, { size: 0, unrolled: true });
  function visit(op: GenericOp): { size: number; unrolled: boolean } {
    const before = outermost.length;
    const inner = body(op);
    if (OTHER_LOOPS.has(op.name)) return { size: inner.size + 1 + BACKEDGE_INSTRUCTIONS, unrolled: false };
    if (op.name !== 'affine.for') return { size: inner.size + (FREE.has(op.name) ? 0 : 1), unrolled: inner.unrolled };
    const trip = tripCountOf(op);
    // A loop that runs at most once is no loop to LLVM either.
    loops.push(op);
    if (trip !== undefined && trip <= 1 && inner.unrolled) { factors.push(0); return { size: trip * inner.size, unrolled: true }; }
    const perIteration = inner.unrolled ? inner.size + addressCost(op) + 1 : 0;
    // A loop the schedule marked for pipelining stays a loop: the mark is the schedule's explicit choice.
    const unroll = trip !== undefined && inner.unrolled && !op.attributes.has('hls.pipeline')
      && perIteration * trip + BACKEDGE_INSTRUCTIONS < threshold;
    factors.push(unroll ? trip : 0);
    if (!unroll) return { size: inner.size + 1 + BACKEDGE_INSTRUCTIONS, unrolled: false };
    // This loop goes, and so do the ones inside it that were listed as going. Its copies' addresses
    // differ by constants, which fold: the enclosing loop counts their arithmetic afresh.
    outermost.splice(before);
    outermost.push({ tripCount: trip, ...(op.loc ? { loc: op.loc } : {}) });
    return { size: trip * inner.size, unrolled: true };
  }
  visit(module);
  return { loops, factors, unrolled: outermost };
}

/** What an estimate's notes say about the loops the front end unrolled: `kernel.mlir:12:5 (x4)`. */
export function frontEndUnrollNote(unrolled: FullUnrollPlan['unrolled'], threshold: number): string {
  const where = unrolled.slice(0, 6).map((u) => `${u.loc ? `${path.basename(u.loc.file)}:${u.loc.line}:${u.loc.column}` : 'a loop'} (x${u.tripCount})`);
  const more = unrolled.length > 6 ? `, and ${unrolled.length - 6} more` : '';
  return `the HLS front end (LLVM -O2) fully unrolls ${unrolled.length} loop${unrolled.length > 1 ? 's' : ''} whose unrolled size is below ${threshold}, as estimated: ${where.join(', ')}${more} (frontend.fullUnrollThreshold)`;
}

/**
 * The Transform script that unrolls `factors` (one per affine.for, in match order) and names every loop
 * that stays with its id (`hls.loop_id`), so the model reports it as the schedule knows it.
 */
export function fullUnrollSchedule(factors: number[], ids: ReadonlyArray<string | undefined> = []): string {
  const loop = '!transform.op<"affine.for">';
  const handles = factors.map((_, i) => `%l${i}`);
  const steps = factors.map((factor, i) => {
    if (factor > 1) return `    transform.loop.unroll ${handles[i]} {factor = ${factor}} : ${loop}\n`;
    const id = ids[i];
    if (id === undefined) return '';
    return `    %id${i} = transform.param.constant ${JSON.stringify(id)} -> !transform.any_param\n`
      + `    transform.annotate ${handles[i]} "${LOOP_ID_ATTRIBUTE}" = %id${i} : ${loop}, !transform.any_param\n`;
  }).join('');
  return `module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %loops = transform.structured.match ops{["affine.for"]} in %root : (!transform.any_op) -> ${loop}
    ${handles.join(', ')} = transform.split_handle %loops : (${loop}) -> (${factors.map(() => loop).join(', ')})
${steps}    transform.yield
  }
}
`;
}

/**
 * The normalized kernel (generic form, with locations) with `plan`'s loops fully unrolled and the others
 * named by `ids`, printed the same way.
 */
export async function applyFullUnrolls(toolchain: Toolchain, generic: string, plan: FullUnrollPlan, ids: ReadonlyArray<string | undefined>,
  tool: ToolRunOptions): Promise<{ generic: string; durationMs: number }> {
  return withTempDir(async (dir) => {
    const input = path.join(dir, 'normalized.mlir');
    const schedule = path.join(dir, 'front-end-unroll.mlir');
    await writeFile(input, generic);
    await writeFile(schedule, fullUnrollSchedule(plan.factors, ids));
    const run = await runTool(toolchain, 'mlir-opt', [input, `--transform-preload-library=transform-library-paths=${schedule}`,
      '--transform-interpreter', '--canonicalize', '--mlir-print-op-generic', ...KEEP_LOCATIONS], tool);
    if (run.exitCode !== 0) {
      const first = run.stderr.trim().split('\n')[0] || describeRunEnd(run, tool.timeoutMs);
      throw new HlschedError('TOOL_FAILED', `modelling the HLS front end's full unroll (${plan.unrolled.length} loops) failed in mlir-opt: ${first}`,
        { hint: 'estimate without it: a copy of the target with frontend.fullUnrollThreshold 0; and report the kernel' });
    }
    return { generic: run.stdout, durationMs: run.durationMs };
  }, 'hlsched-front-end-');
}
