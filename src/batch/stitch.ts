import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AnalyticBackend } from '../hls/estimate.js';
import { loadTarget, withRunSettings } from '../hls/target.js';
import { discoverToolchain } from '../toolchain/discover.js';
import { withTempDir } from '../toolchain/temp-dir.js';
import { Evaluator } from '../optimize/evaluate.js';
import { analyzeKernel } from '../optimize/kernel-info.js';
import { describeStep, recipeSchema, STEP_PHASE, type Recipe, type RecipeStep } from '../optimize/recipe.js';
import { acceptSchedule } from '../optimize/corpus-store.js';
import type { ModelSpec, UnitResult } from './types.js';

/**
 * Stitching a whole model from its layers' results: each layer's recipe (found on the layer's own
 * kernel) is mapped onto every op of that layer in the model (op index, and the loop ids of the op's
 * nest), then the stitched recipe is estimated end to end and verified on the whole model.
 */

export interface StitchResult {
  model: string;
  target: string;
  baselineCycles: number;
  bestCycles: number;
  speedup: number;
  verified: boolean;
  status: string;
  reason?: string;
  steps: number;
  layersUsed: number;
  schedule: string | null;
  accepted: { id: string; duplicate: boolean } | null;
}

/** `L1.2` with the layer's top nest 1 at the model's top nest `top` (L7) -> `L7.2`. */
export function moveLoopId(id: string, top: number): string {
  const [first, ...rest] = id.slice(1).split('.');
  return ['L' + String(top + Number(first) - 1), ...rest].join('.');
}

/** The model's recipe steps for one layer recipe, applied to each member (op index, top nest number). */
export function mapLayerRecipe(recipe: Recipe, members: Array<{ index: number; top: number | undefined }>): RecipeStep[] {
  const steps: RecipeStep[] = [];
  for (const member of members) {
    for (const step of recipe.steps) {
      if (step.kind === 'interchange' || step.kind === 'tile-linalg') steps.push({ ...step, op: { ...step.op, index: member.index } });
      else if ((step.kind === 'unroll' || step.kind === 'unroll-and-jam' || step.kind === 'pipeline') && member.top !== undefined) {
        steps.push({ ...step, loop: moveLoopId(step.loop, member.top) });
      }
      // Function-wide steps (full-unroll, fusion, ...) would touch every layer: left out.
    }
  }
  return steps;
}

/**
 * A layer's recipes that can be stitched (no function-wide step: it would touch every layer): the
 * fastest estimated one from the unit's report, and the fastest verified on the layer.
 */
async function bestStitchable(result: UnitResult): Promise<{ best?: Recipe; verified?: Recipe }> {
  const loopLevel = (recipe: unknown): Recipe | undefined => {
    const parsed = recipeSchema.safeParse(recipe);
    return parsed.success && parsed.data.steps.length > 0 && parsed.data.steps.every((step) => STEP_PHASE[step.kind] < 2) ? parsed.data : undefined;
  };
  const baseline = result.result!.baselineCycles;
  const candidates: Array<{ recipe?: unknown; status: string; cycles?: number }> = [];
  if (result.result!.outDir) {
    try {
      const report = JSON.parse(await readFile(path.join(result.result!.outDir, 'report.json'), 'utf8')) as { candidateList?: typeof candidates };
      candidates.push(...(report.candidateList ?? []));
    } catch {
      // No report: only the unit's own result.
    }
  }
  if (result.result!.verified) candidates.push({ recipe: result.result!.recipe, status: 'verified', cycles: result.result!.bestCycles });
  const usable = candidates.map((c) => ({ ...c, parsed: loopLevel(c.recipe) }))
    .filter((c) => c.parsed && c.cycles !== undefined && c.cycles < baseline && (c.status === 'estimated' || c.status === 'verified'))
    .sort((a, b) => a.cycles! - b.cycles!);
  return { best: usable[0]?.parsed, verified: usable.find((c) => c.status === 'verified')?.parsed };
}

export async function stitchModel(model: ModelSpec, results: Map<string, UnitResult>, outDir: string,
  options: { corpusDir?: string; accept?: boolean; runId?: string; timeoutMs?: number; clockNs?: number; memoryPolicy?: string }): Promise<StitchResult> {
  const toolchain = await discoverToolchain();
  const kernel = await analyzeKernel(toolchain, model.path, model.func);
  // The units' clock and memory policy (batch --clock-ns, --memory-policy): the stitched model is estimated as they were.
  const target = withRunSettings(await loadTarget(model.target), options);
  const baseline = await new AnalyticBackend().estimate(model.path, target, { func: kernel.functionName });
  const topByLine = new Map<number, number>();
  for (const loop of baseline.loops) {
    if (loop.depth !== 0 || !loop.location) continue;
    if (!topByLine.has(loop.location.line)) topByLine.set(loop.location.line, Number(loop.id.slice(1)));
  }
  /** Per layer: the best recipe that can be stitched, and whether it was verified on the layer itself. */
  const stitchable = await Promise.all(model.layers.map(async (layer) => {
    const result = results.get(layer.unit);
    if (result?.status !== 'done' || !result.result) return undefined;
    return bestStitchable(result);
  }));
  const assemble = (onlyVerified: boolean) => {
    const steps: RecipeStep[] = [];
    let used = 0;
    model.layers.forEach((layer, i) => {
      const choice = stitchable[i];
      const recipe = onlyVerified ? choice?.verified : choice?.best;
      if (!recipe) return;
      used++;
      steps.push(...mapLayerRecipe(recipe, layer.members.map((m) => ({ index: m.index, top: topByLine.get(m.line) }))));
    });
    steps.sort((a, b) => STEP_PHASE[a.kind] - STEP_PHASE[b.kind]);
    return { steps, used };
  };
  await mkdir(outDir, { recursive: true });
  return withTempDir(async (scratch) => {
    const evaluator = new Evaluator(kernel, target, scratch, options.timeoutMs);
    // The fastest loop-level recipe of each layer first; if the whole does not verify, only recipes verified on their layer.
    let attempt = assemble(false);
    let recipe: Recipe = { version: 1, steps: attempt.steps, note: `stitched by hlsched batch from ${attempt.used} layer results` };
    let candidate = attempt.steps.length ? await evaluator.verify(await evaluator.estimate('tuner', recipe)) : undefined;
    // Layer gains need not add up: a stitched schedule no faster than the model as it is also falls back.
    const slower = (c: typeof candidate) => c?.status === 'verified' && c.cycles !== undefined && c.cycles >= baseline.cycles;
    if (candidate && (candidate.status !== 'verified' || slower(candidate))) {
      const fallback = assemble(true);
      if (fallback.steps.length) {
        attempt = fallback;
        recipe = { version: 1, steps: fallback.steps, note: `stitched by hlsched batch from ${fallback.used} verified layer results` };
        candidate = await evaluator.verify(await evaluator.estimate('tuner', recipe));
      }
    }
    const steps = attempt.steps;
    const base = { model: model.path, target: target.name, baselineCycles: baseline.cycles, steps: steps.length, layersUsed: attempt.used, accepted: null };
    if (!candidate) {
      return { ...base, bestCycles: baseline.cycles, speedup: 1, verified: false, status: 'no-steps', reason: 'no layer found an improvement that can be stitched', schedule: null };
    }
    const schedule = path.join(outDir, 'schedule.mlir');
    await writeFile(path.join(outDir, 'recipe.json'), `${JSON.stringify(recipe, null, 2)}\n`);
    if (candidate.schedule) await writeFile(schedule, candidate.schedule);
    const noGain = slower(candidate);
    const verified = candidate.status === 'verified';
    const bestCycles = verified && !noGain ? candidate.cycles! : baseline.cycles;
    let accepted: StitchResult['accepted'] = null;
    if (verified && options.accept !== false && bestCycles < baseline.cycles && options.corpusDir) {
      accepted = await acceptSchedule(options.corpusDir, {
        schedule: candidate.schedule, recipe, ...(options.runId ? { runId: options.runId } : {}),
        meta: {
          kernel: { name: kernel.functionName, signature: kernel.signature || '()', file: model.path, sha256: kernel.sha256 },
          target: target.name, cyclesBefore: baseline.cycles, cyclesAfter: bestCycles,
          verification: { status: 'ok', maxAbsDiff: candidate.verification?.maxAbsDiff ?? null },
          tools: { mlir: toolchain.version, hlsched: '0.1.0' }, model: null, date: new Date().toISOString(),
          rationale: `batch stitch: ${steps.slice(0, 12).map(describeStep).join('; ')}`.slice(0, 1000),
        },
      });
    }
    const result: StitchResult = {
      ...base, bestCycles, speedup: baseline.cycles / bestCycles, verified, status: noGain ? 'no-improvement' : candidate.status,
      ...(noGain ? { reason: `the stitched schedule verifies but estimates ${candidate.cycles} cycles, not fewer than the model's ${baseline.cycles}: the layers' gains do not add up in the whole model; not accepted` } : {}),
      ...(candidate.error ? { reason: candidate.error } : {}), schedule: candidate.schedule ? schedule : null, accepted,
    };
    await writeFile(path.join(outDir, 'result.json'), `${JSON.stringify({ ...result, cycles: candidate.cycles ?? null }, null, 2)}\n`);
    return result;
  });
}
