/**
 * The kernel as the HLS tool builds it: the normalized kernel through the tool's own front end (its
 * full unroll, src/hls/full-unroll.ts), then the analytic model. The loops the front end removes stay
 * in the estimate, with the ids the schedule addresses them by, marked `unrolledByFrontEnd`: a schedule
 * is written against the kernel's loops, not against what the HLS tool makes of them.
 */
import { parseGenericModule, type GenericOp } from '../ir/generic.js';
import type { Toolchain, ToolRunOptions } from '../toolchain/types.js';
import { estimateGenericModule, type AnalyzeOptions } from './analytic.js';
import { applyFullUnrolls, frontEndUnrollNote, planFullUnrolls } from './full-unroll.js';
import type { TargetSpec } from './target.js';
import type { Estimate, LoopEstimate } from './types.js';

export async function estimateThroughFrontEnd(toolchain: Toolchain, generic: string, target: TargetSpec, options: AnalyzeOptions,
  tool: ToolRunOptions): Promise<Estimate> {
  const rolled = parseGenericModule(generic);
  const threshold = target.frontend.fullUnrollThreshold;
  const plan = threshold > 0 ? planFullUnrolls(rolled, threshold) : undefined;
  if (!plan || !plan.factors.some((factor) => factor > 1)) return estimateGenericModule(rolled, target, options);
  // Read once as written, for the loop ids; the loops that stay carry theirs through the rewrite.
  const ids = new Map<GenericOp, string>();
  const asWritten = estimateGenericModule(rolled, target, { ...options, onLoop: (op, id) => ids.set(op, id) });
  const rewritten = await applyFullUnrolls(toolchain, generic, plan, plan.loops.map((loop) => ids.get(loop)), tool);
  const built = estimateGenericModule(parseGenericModule(rewritten.generic), target, options);
  const byId = new Map(built.loops.map((loop) => [loop.id, loop]));
  const loops: LoopEstimate[] = asWritten.loops.map((loop) => byId.get(loop.id) ?? {
    ...loop, pipelined: false, ii: null, cycles: 0, totalCycles: 0, unrolledByFrontEnd: true,
    bottleneck: 'fully unrolled by the HLS front end (LLVM -O2): its copies run in the enclosing code, which holds their cycles',
  });
  const listed = new Set(loops.map((loop) => loop.id));
  for (const loop of built.loops) if (!listed.has(loop.id)) loops.push(loop);
  return { ...built, loops, notes: [...built.notes, frontEndUnrollNote(plan.unrolled, threshold)] };
}
