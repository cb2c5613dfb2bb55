import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { HlschedError } from '../errors.js';
import { AnalyticBackend } from '../hls/estimate.js';
import { withUnitInstances, type TargetSpec } from '../hls/target.js';
import type { Estimate } from '../hls/types.js';
import { withTempDir } from '../toolchain/temp-dir.js';
import { checkBudget, describeOverrun, type ResourceBudget } from './budget.js';
import { verify, verifyTransformed } from '../verify/verify.js';
import { applySchedule } from '../verify/mlir-steps.js';
import { discoverToolchain } from '../toolchain/discover.js';
import { bankBuffers } from '../memory/banking.js';
import { PARTITIONED_SUFFIX, partitionArguments } from '../memory/partition-arguments.js';
import type { VerifyResult } from '../verify/types.js';
import type { KernelInfo } from './kernel-info.js';
import { bankSteps, canonicalRecipe, linalgSteps, partitionSteps, rewriteSteps, STEP_PHASE, unitLimits, withoutUnitLimits, type Recipe } from './recipe.js';
import { postOrder, renderRecipe } from './render.js';

/** `not-evaluated`: a tool was stopped by SIGTERM mid-candidate (scancel, requeue, preemption): no verdict on the schedule. */
export type CandidateStatus = 'estimated' | 'rejected' | 'over-budget' | 'verified' | 'wrong-result' | 'failed' | 'not-evaluated';

/** A tool run ended by SIGTERM says nothing about the schedule. */
const STOPPED = /killed by SIGTERM/;

export interface Candidate {
  id: string;
  source: 'baseline' | 'tuner' | 'corpus' | 'llm' | 'user';
  recipe?: Recipe;
  /** The Transform IR: rendered from the recipe, or given free-form. */
  schedule: string;
  status: CandidateStatus;
  cycles?: number;
  estimate?: Estimate;
  error?: string;
  verification?: Pick<VerifyResult, 'status' | 'maxAbsDiff'>;
  /** The kernel after the schedule and our rewrites (bank steps): the output when the schedule alone is not. */
  transformed?: string;
}

/** Loop ids of a lowered kernel: post-order, trip counts, and the source line of each top-level nest. */
export interface LoopLayout {
  order: string[];
  trips: Record<string, number>;
  nestLines: Array<{ id: string; line: number | undefined }>;
}

/**
 * The evaluation cascade: render, apply + estimate (cheap), and differential verification on demand.
 * Results are cached by content hash, so a recipe proposed twice costs once.
 */
export class Evaluator {
  private readonly estimates = new Map<string, Promise<Candidate>>();
  private readonly loopOrders = new Map<string, Promise<LoopLayout>>();
  private readonly backend = new AnalyticBackend();
  evaluations = 0;
  /** Called once per newly estimated candidate (cache hits are not new), e.g. for a progress bar. */
  onEstimated?: (candidate: Candidate) => void;
  /** Sizes of dynamic arguments and scalar values the verification harness uses. */
  sizes: { shapes?: Record<string, number[]>; scalars?: Record<string, string>; inputRanges?: Record<string, [number, number]>; floatRange?: [number, number] } = {};

  constructor(readonly kernel: KernelInfo, readonly target: TargetSpec, private readonly scratchDir: string,
    /** Time limit of each tool run; a candidate whose tool hangs past it is rejected, the run goes on. */
    private readonly timeoutMs?: number,
    /** Resource limits: a candidate estimated over them is 'over-budget', never ranked or verified. */
    readonly budget?: ResourceBudget) {}

  private hash(text: string): string {
    return createHash('sha256').update(text).digest('hex').slice(0, 16);
  }

  /** Loop ids of the kernel lowered after these linalg steps, post-order: what loop steps address. */
  loopsAfter(recipe: Recipe): Promise<LoopLayout> {
    const phase: Recipe = { version: 1, steps: linalgSteps(recipe) };
    const key = canonicalRecipe(phase);
    let order = this.loopOrders.get(key);
    if (!order) {
      order = this.estimateSchedule(renderRecipe(phase, { ...this.prelude(), functionName: this.kernel.functionName, linalgCounts: this.kernel.linalgCounts }))
        .then((estimate) => ({
          order: postOrder(estimate.loops.map((loop) => loop.id)),
          trips: Object.fromEntries(estimate.loops.map((loop) => [loop.id, loop.tripCount])),
          nestLines: estimate.loops.filter((loop) => loop.depth === 0).map((loop) => ({ id: loop.id, line: loop.location?.line })),
        }));
      this.loopOrders.set(key, order);
    }
    return order;
  }

  /** What every schedule for this kernel starts with: inlining callees, bufferizing tensors. */
  prelude(): { inline: boolean; bufferize: boolean } {
    return { inline: this.kernel.inlined.length > 0, bufferize: this.kernel.tensors };
  }

  /** The target a recipe is estimated on: its limit-units steps bound the instances per operator class. */
  targetFor(recipe: Recipe | undefined): TargetSpec {
    const units = unitLimits(recipe);
    return units ? withUnitInstances(this.target, units) : this.target;
  }

  private async estimateSchedule(schedule: string, target: TargetSpec = this.target): Promise<Estimate> {
    const file = path.join(this.scratchDir, `schedule-${this.hash(schedule)}.mlir`);
    await writeFile(file, schedule);
    this.evaluations++;
    return this.backend.estimate(this.kernel.path, target, { schedule: file, func: this.kernel.functionName, ...(this.timeoutMs ? { timeoutMs: this.timeoutMs } : {}) });
  }

  /** The schedule, then the recipe's bank steps on the kernel it produces (source locations kept). */
  /** The kernel after a schedule, printed with source locations: what bank steps rewrite. */
  async scheduledText(schedule: string): Promise<string> {
    const file = path.join(this.scratchDir, `schedule-${this.hash(schedule)}.mlir`);
    await writeFile(file, schedule);
    const applied = await applySchedule(await discoverToolchain(), this.kernel.path, file,
      { timeoutMs: this.timeoutMs ?? 60_000 }, ['--mlir-print-debuginfo', '--mlir-print-local-scope']);
    if (applied.exitCode !== 0) throw new HlschedError('SCHEDULE_REJECTED', `the schedule does not apply: ${applied.stderr.split('\n')[0]}`);
    return applied.stdout;
  }

  private async rewrite(schedule: string, recipe: Recipe): Promise<{ text: string; file: string }> {
    const banked = bankBuffers(await this.scheduledText(schedule), bankSteps(recipe));
    const text = partitionArguments(banked, this.kernel.functionName, partitionSteps(recipe));
    const rewritten = path.join(this.scratchDir, `rewritten-${this.hash(schedule + canonicalRecipe(recipe))}.mlir`);
    await writeFile(rewritten, text);
    return { text, file: rewritten };
  }

  async render(recipe: Recipe): Promise<string> {
    const needsLoops = recipe.steps.some((step) => STEP_PHASE[step.kind] === 1);
    const loops = needsLoops ? await this.loopsAfter(recipe) : undefined;
    return renderRecipe(recipe, {
      ...this.prelude(), functionName: this.kernel.functionName, linalgCounts: this.kernel.linalgCounts,
      ...(loops ? { loopsPostOrder: loops.order, loopTrips: loops.trips } : {}),
    });
  }

  /** Renders and estimates a recipe (or takes free-form IR); never throws for a bad candidate. */
  estimate(source: Candidate['source'], recipe: Recipe | undefined, freeForm?: string): Promise<Candidate> {
    const key = freeForm !== undefined ? `ir:${this.hash(freeForm)}` : `recipe:${this.hash(canonicalRecipe(recipe!))}`;
    let result = this.estimates.get(key);
    if (!result) {
      result = (async (): Promise<Candidate> => {
        let schedule = freeForm ?? '';
        try {
          if (recipe) schedule = await this.render(recipe);
          let transformed: string | undefined;
          let estimate: Estimate;
          if (recipe && rewriteSteps(recipe).length > 0) {
            const rewritten = await this.rewrite(schedule, recipe);
            transformed = rewritten.text;
            this.evaluations++;
            // With partitioned arguments the accelerator is its own function; the original name is the host side.
            const func = partitionSteps(recipe).length > 0 ? `${this.kernel.functionName}${PARTITIONED_SUFFIX}` : this.kernel.functionName;
            estimate = await this.backend.estimate(rewritten.file, this.targetFor(recipe), { func, ...(this.timeoutMs ? { timeoutMs: this.timeoutMs } : {}) });
          } else {
            estimate = await this.estimateSchedule(schedule, this.targetFor(recipe));
          }
          // The lowering alone is the kernel as given: the tuner's reference, judged as the baseline is.
          const check = this.budget && (freeForm !== undefined || recipe!.steps.length > 0) ? checkBudget(estimate.resources, this.budget) : undefined;
          if (check && !check.fits) {
            return { id: key, source, ...(recipe ? { recipe } : {}), schedule, ...(transformed ? { transformed } : {}), status: 'over-budget', cycles: estimate.cycles, estimate, error: `over budget: ${describeOverrun(check, this.budget!)}` };
          }
          return { id: key, source, ...(recipe ? { recipe } : {}), schedule, ...(transformed ? { transformed } : {}), status: 'estimated', cycles: estimate.cycles, estimate };
        } catch (error) {
          const message = HlschedError.isInstance(error) ? error.message : (error as Error).message;
          if (STOPPED.test(message)) this.estimates.delete(key);
          return { id: key, source, ...(recipe ? { recipe } : {}), schedule, status: STOPPED.test(message) ? 'not-evaluated' : 'rejected', error: message.split('\n')[0]!.slice(0, 400) };
        }
      })().then((candidate) => {
        this.onEstimated?.(candidate);
        return candidate;
      });
      this.estimates.set(key, result);
    }
    return result;
  }

  private readonly verdicts = new Map<string, Promise<Candidate>>();

  /**
   * Differential verification of an estimated candidate: the only way a schedule gets reported. Unit
   * limits change no result, so a schedule is run once whatever units it is estimated with.
   */
  async verify(candidate: Candidate): Promise<Candidate> {
    if (candidate.status !== 'estimated') return candidate;
    // The inputs are part of the verdict: a retry with other sizes or ranges runs again.
    const inputs = this.hash(JSON.stringify(this.sizes));
    const key = `${inputs}:${candidate.recipe ? `recipe:${canonicalRecipe(withoutUnitLimits(candidate.recipe))}` : `ir:${this.hash(candidate.schedule)}`}`;
    let verdict = this.verdicts.get(key);
    if (!verdict) {
      verdict = this.verifyOnce(candidate);
      this.verdicts.set(key, verdict);
    }
    const checked = await verdict;
    if (checked.status === 'not-evaluated') this.verdicts.delete(key);
    const { status, verification, error } = checked;
    const { error: _previous, ...rest } = candidate;
    return { ...rest, status, ...(verification ? { verification } : {}), ...(error !== undefined ? { error } : {}) };
  }

  private async verifyOnce(candidate: Candidate): Promise<Candidate> {
    return withTempDir(async (dir) => {
      const file = path.join(dir, 'schedule.mlir');
      await writeFile(file, candidate.schedule);
      try {
        const options = { func: this.kernel.functionName, ...this.sizes, ...(this.timeoutMs ? { timeoutMs: this.timeoutMs } : {}) };
        // Our rewrites are checked on what they produce: the original against the rewritten kernel.
        const result = candidate.transformed !== undefined
          ? await verifyTransformed(this.kernel.path, candidate.transformed, options)
          : await verify(this.kernel.path, file, options);
        const verification = { status: result.status, maxAbsDiff: result.maxAbsDiff };
        // A schedule that changes nothing (no-op) computes the same results: it is as good as verified.
        const ok = result.status === 'ok' || result.status === 'no-op';
        const stopped = result.diagnostics.find((d) => STOPPED.test(d.message));
        if (!ok && stopped) return { ...candidate, status: 'not-evaluated', error: stopped.message };
        return { ...candidate, status: ok ? 'verified' : result.status === 'wrong-result' ? 'wrong-result' : 'failed', verification,
          ...(ok ? {} : { error: result.diagnostics[0]?.message ?? result.status }) };
      } catch (error) {
        const message = (error as Error).message.split('\n')[0]!;
        return { ...candidate, status: STOPPED.test(message) ? 'not-evaluated' : 'failed', error: message };
      }
    });
  }
}

/**
 * Candidates with a recipe and an estimate (estimated, over budget or verified) that `keep` accepts,
 * fastest first, each recipe once: what the tuner's late phases build on.
 */
export function fastestDistinct(candidates: readonly Candidate[], keep: (recipe: Recipe) => boolean): Candidate[] {
  const seen = new Set<string>();
  return [...candidates]
    .filter((c) => c.recipe && c.estimate && c.recipe.steps.length > 0 && (c.status === 'estimated' || c.status === 'over-budget' || c.status === 'verified') && keep(c.recipe))
    .sort((a, b) => a.cycles! - b.cycles!)
    .filter((c) => { const key = canonicalRecipe(c.recipe!); if (seen.has(key)) return false; seen.add(key); return true; });
}

/** Runs `work` over `items` with at most `limit` at a time. */
export async function mapLimited<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  });
  await Promise.all(workers);
  return results;
}
