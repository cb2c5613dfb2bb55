import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { bambuConstraints } from '../hls/bambu/constraints.js';
import os from 'node:os';
import path from 'node:path';
import { HlschedError } from '../errors.js';
import { prepareSizes } from '../frontend/prepare.js';
import { AnalyticBackend } from '../hls/estimate.js';
import type { Estimate } from '../hls/types.js';
import { extractOps, type SchedulableOp } from '../chunking/chunk.js';
import type { TargetSpec } from '../hls/target.js';
import type { Bottleneck } from '../hls/types.js';
import { readManifest } from '../knowledge/index-files.js';
import { DEFAULT_CORPUS_DIR, DEFAULT_INDEX_DIR, ingest } from '../knowledge/ingest.js';
import { KnowledgeBase } from '../knowledge/knowledge-base.js';
import { discoverToolchain } from '../toolchain/discover.js';
import { applySchedule } from '../verify/mlir-steps.js';
import { withTempDir } from '../toolchain/temp-dir.js';
import { acceptSchedule, readStoredSchedules } from './corpus-store.js';
import { Evaluator, type Candidate } from './evaluate.js';
import { analyzeKernel } from './kernel-info.js';
import { bankSteps, describeStep, partitionSteps, unitLimits, type Recipe } from './recipe.js';
import { count, markdownReport } from './report-markdown.js';
import { Tuner } from './tuner.js';
import { LlmProposer, type LlmRunReport } from './llm-proposer.js';
import { proposeForLayers } from './layer-proposer.js';
import { transcript } from './llm-transcript.js';
import { hardwareLowerBound, type HardwareBound } from '../hls/hardware-bound.js';
import { initialReadsByName } from '../hls/initial-reads.js';
import { interfaceElementsByName, type ElementCounts } from '../hls/interface-elements.js';
import { checkBudget, describeBudget, describeOverrun, makeBudget, type ResourceBudget } from './budget.js';
import { searchFront } from './front-search.js';
import { formatFront, type Objective, type ParetoPoint } from './pareto.js';
import { decideOutcome, type Outcome } from './outcome.js';
import { verifyByLayers, type LayerVerification } from './layer-verify.js';
import type { LlmProvider } from '../llm/types.js';
import { writeHtmlReport } from '../report/write.js';

const HLSCHED_VERSION = '0.1.0';

export interface OptimizeOptions {
  target: TargetSpec;
  func?: string;
  /** Most candidate evaluations (apply + estimate); default 120. */
  budget?: number;
  timeSeconds?: number;
  /** Where the best schedule, transformed kernel and report go; nothing is written when undefined. */
  outDir?: string;
  corpusDir?: string;
  indexDir?: string;
  /** Store a verified improvement in the corpus (default true). */
  accept?: boolean;
  /** Search even when the corpus already holds a verified schedule for this very kernel and target. */
  explore?: boolean;
  /**
   * Let recipes bank local buffers (default true). A bank step is our rewrite after the schedule, so such
   * a result is `transformed.mlir`; false keeps every result a Transform schedule plain mlir-opt applies.
   */
  banks?: boolean;
  /**
   * Let recipes limit operator instances (default true): an HLS resource constraint beside the schedule
   * (constraints.xml), which an HLS tool must be given. False: every result is the schedule alone.
   */
  unitLimits?: boolean;
  /**
   * Let recipes partition argument arrays into several memories (default false): the accelerator's
   * interface changes (ScaleHLS's array_partition on the top function), so the host must supply the
   * banks. The result is transformed.mlir: @<name>_partitioned and the host side @<name>.
   */
  partitionArguments?: boolean;
  concurrency?: number;
  log?: (message: string) => void;
  /** Run the tuner (default true). */
  tuner?: boolean;
  /** A language model proposer, when one is available. */
  llm?: LlmProvider;
  /** How the model was chosen (or why none), for the report. */
  llmNote?: string;
  llmSamples?: number;
  llmRepairs?: number;
  /** The user's constraints, passed to the model verbatim. */
  request?: string;
  /** The resource budget in words, for the model's prompt (shown with the objective). */
  budgetText?: string;
  contextTokens?: number;
  onToken?: (text: string) => void;
  /**
   * Whole-model mode: chunk the module and search each unique layer once ('auto': when at least 16
   * schedulable ops share fewer signatures).
   */
  wholeModel?: 'auto' | 'on' | 'off';
  /**
   * How a candidate is verified: the whole kernel by differential execution, each transformed layer in
   * isolation, or 'auto': layers in whole-model mode, plus the whole model when its estimated work is small.
   */
  verify?: 'whole' | 'layers' | 'auto';
  /** Time limit of each tool run (default 60 s). */
  toolTimeoutMs?: number;
  /** Sizes of dynamic memref arguments by name (inferred where the loop bounds make them certain). */
  shapes?: Record<string, number[]>;
  /** Values of scalar arguments by name (folded in when trip counts depend on them). */
  scalars?: Record<string, string>;
  /** Verification inputs of memref arguments drawn from [lo, hi), by name (token ids of a gather). */
  inputRanges?: Record<string, [number, number]>;
  /** Resource limits (default: every resource the target gives a capacity for at most 80% of it). */
  resourceBudget?: ResourceBudget;
  /** Which point of the verified Pareto front is reported (default latency). */
  objective?: Objective;
  /** Update the index after accepting (default true); batch tasks never write it, batch ingests once at the end. */
  updateIndex?: boolean;
  /** Called after each new candidate estimate: evaluations so far, the budget, the best estimated cycles. */
  onProgress?: (progress: OptimizeProgress) => void;
}

export interface OptimizeProgress {
  evaluations: number;
  budget: number;
  bestCycles: number;
}

/** One unique layer of a whole model, with its share of the cycles before and after. */
export interface LayerReport {
  signature: string;
  op: string;
  count: number;
  cyclesBefore: number;
  cyclesAfter: number;
}

export interface OptimizeResult {
  kernel: string;
  function: string;
  target: string;
  /** The clock and memory policy the estimates assumed (`--clock-ns`, `--memory-policy`): export hands them to Bambu. */
  clockNs: number;
  memoryPolicy: TargetSpec['memory']['policy'];
  baselineCycles: number;
  bestCycles: number;
  speedup: number;
  lowerBound: number;
  /** bestCycles / lowerBound of the best schedule. */
  ratioToLowerBound: number;
  /** The hardware's bound under the budget, whatever memories a recipe builds (src/hls/hardware-bound.ts). */
  hardwareBound?: HardwareBound;
  ratioToHardwareBound?: number;
  verified: boolean;
  /** What the run came to: never a silent 1.00x (see outcome.ts). */
  outcome: Outcome;
  /** One line naming the first cause of the outcome. */
  reason: string;
  /** What hlsched did to the kernel before searching: sizes inferred, callees inlined, tensors bufferized. */
  notes: string[];
  /** The kernel file the schedule applies to: the input, or its specialized copy (sizes folded in). */
  scheduledKernel: string;
  /** Sizes of dynamic arguments the verification used (inferred or given): what `hlsched verify` needs as --shape. */
  shapes: Record<string, number[]>;
  /** Path of the best schedule in the output folder (or its text when nothing is written). */
  schedule: string | null;
  recipe: Recipe | null;
  steps: string[];
  source: Candidate['source'];
  candidates: { total: number; byStatus: Record<string, number>; bySource: Record<string, number>; evaluations: number };
  reusedFromCorpus: boolean;
  accepted: { id: string; duplicate: boolean } | null;
  bottlenecks: Bottleneck[];
  /** What the model was told and answered, when one took part. */
  llm: (Omit<LlmRunReport, 'prompt'> & { note: string }) | { note: string } | null;
  /** Whole-model mode: the unique layers, with cycles before and after. */
  layers: LayerReport[] | null;
  /** How the reported schedule was verified, and why that way. */
  verification: { mode: 'whole' | 'layers' | 'layers+whole'; why: string; layers?: LayerVerification };
  seconds: number;
  outDir: string | null;
  /** Resources of the reported schedule (or of the kernel as given). */
  resources: { lut: number | null; ff: number | null; dsp: number; bram: number | null; power: number | null; area?: number; utilization: Record<string, number> };
  budget: { limits: ResourceBudget['limits']; text: string };
  objective: Objective;
  /** Verified schedules no other beats on cycles, LUTs and DSPs at once, fastest first. */
  pareto: Array<Omit<ParetoPoint, 'id'>>;
}


/** Above this many estimated baseline cycles a whole model is verified by its layers only. */
export const WHOLE_VERIFY_LIMIT_CYCLES = 2e9;

function chooseVerification(mode: 'whole' | 'layers' | 'auto', wholeModel: boolean, baselineCycles: number): OptimizeResult['verification'] {
  if (mode === 'whole') return { mode: 'whole', why: '--verify whole' };
  if (mode === 'layers') return { mode: 'layers', why: '--verify layers' };
  if (!wholeModel) return { mode: 'whole', why: 'auto: one kernel, not a whole model' };
  return baselineCycles <= WHOLE_VERIFY_LIMIT_CYCLES
    ? { mode: 'layers+whole', why: `auto: whole model of ${baselineCycles} estimated cycles (<= ${WHOLE_VERIFY_LIMIT_CYCLES}): each layer, then the whole model end to end` }
    : { mode: 'layers', why: `auto: whole model of ${baselineCycles} estimated cycles (> ${WHOLE_VERIFY_LIMIT_CYCLES}): too much work to run end to end, each layer in isolation` };
}

/** The loop tags the renderer adds are scaffolding: the kernel handed to soda-opt and Bambu goes without them. */
function withoutTags(text: string): string {
  return text.replace(/,\s*hlsched\.L[\d_]+/g, '').replace(/hlsched\.L[\d_]+,\s*/g, '').replace(/\s*\{hlsched\.L[\d_]+\}/g, '');
}

function layerReport(ops: SchedulableOp[], before: Estimate, after: Estimate): LayerReport[] {
  const cyclesAt = (estimate: Estimate, lines: number[]) => estimate.loops
    .filter((loop) => loop.depth === 0 && loop.location && lines.includes(loop.location.line)).reduce((sum, loop) => sum + loop.totalCycles, 0);
  const bySignature = new Map<string, SchedulableOp[]>();
  for (const op of ops) bySignature.set(op.signature, [...(bySignature.get(op.signature) ?? []), op]);
  return [...bySignature].map(([signature, members]) => {
    const lines = members.map((m) => m.line!);
    return { signature, op: members[0]!.name, count: members.length, cyclesBefore: cyclesAt(before, lines), cyclesAfter: cyclesAt(after, lines) };
  }).sort((a, b) => b.cyclesBefore - a.cyclesBefore);
}

/**
 * The main job: find a faster schedule for a kernel, prove it computes the same results, write it out
 * and add it to the shared corpus. Works with no language model: corpus reuse and the tuner.
 */
export async function optimize(kernelPath: string, options: OptimizeOptions): Promise<OptimizeResult> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const corpusDir = options.corpusDir ?? DEFAULT_CORPUS_DIR;
  const indexDir = options.indexDir ?? DEFAULT_INDEX_DIR;
  const toolchain = await discoverToolchain();
  let kernel = await analyzeKernel(toolchain, kernelPath, options.func);
  const target = options.target;
  // Dynamic shapes and size arguments: infer or take the given sizes; fold them in when trip counts need them.
  if (options.outDir) await mkdir(options.outDir, { recursive: true });
  const prepared = await withTempDir((dir) => prepareSizes(toolchain, kernelPath, kernel.text, kernel.functionName, kernel.printed.generic,
    { ...(options.shapes ? { shapes: options.shapes } : {}), ...(options.scalars ? { scalars: options.scalars } : {}) }, options.outDir ?? dir)
    .then(async (p) => (p.specialized && !options.outDir ? { ...p, text: await readFile(p.path, 'utf8') } : { ...p, text: undefined })));
  for (const note of prepared.notes) log(note);
  const notes = [...prepared.notes];
  if (prepared.specialized) kernel = await analyzeKernel(toolchain, prepared.path, kernel.functionName);
  if (kernel.inlined.length) notes.push(`@${kernel.functionName} calls ${kernel.inlined.map((n) => `@${n}`).join(', ')}: inlined by the schedule's first step, optimized as one function`);
  if (kernel.tensors) notes.push(`@${kernel.functionName} is on tensors: the schedule bufferizes it (one-shot, function boundaries) after the linalg steps, so it applies to ${kernelPath} as it is`);
  for (const note of notes.slice(prepared.notes.length)) log(note);

  return withTempDir(async (scratch) => {
    const limits = options.resourceBudget ?? makeBudget(target);
    // Without an output folder the specialized kernel lives in the scratch folder.
    if (prepared.specialized && prepared.text !== undefined) {
      const file = path.join(scratch, path.basename(prepared.path));
      await writeFile(file, prepared.text);
      kernel = { ...kernel, path: file };
    }
    const evaluator = new Evaluator(kernel, target, scratch, options.toolTimeoutMs, limits);
    if (prepared.sizes) evaluator.sizes = { shapes: prepared.sizes.shapes, scalars: prepared.sizes.scalars };
    if (options.inputRanges && Object.keys(options.inputRanges).length) evaluator.sizes = { ...evaluator.sizes, inputRanges: options.inputRanges };
    // With callees to inline, the baseline is the kernel after the schedule's prelude alone (the same work, counted in one function).
    let baseline: Estimate;
    if (kernel.inlined.length) {
      const prelude = await evaluator.estimate('baseline', { version: 1, steps: [] });
      if (!prelude.estimate) throw new HlschedError('KERNEL_UNSUPPORTED', `inlining the callees of @${kernel.functionName} failed: ${prelude.error}`, { hint: 'optimize one function with --func NAME' });
      baseline = prelude.estimate;
    } else {
      baseline = await new AnalyticBackend().estimate(kernel.path, target, { func: kernel.functionName });
    }
    log(`@${kernel.functionName} on ${target.name}: baseline ${baseline.cycles} cycles, lower bound ${baseline.lowerBound}`);
    if (options.llmNote) log(options.llmNote);
    const baselineCheck = checkBudget(baseline.resources, limits);
    log(`budget: ${describeBudget(limits)}${baselineCheck.fits ? '' : `; the kernel as given is over it: ${describeOverrun(baselineCheck, limits)}`}`);
    const candidates: Candidate[] = [];
    const concurrency = options.concurrency ?? Math.max(1, os.availableParallelism());
    const deadline = started + (options.timeSeconds ?? 600) * 1000;
    const budget = options.budget ?? 120;
    let bestSeen = baseline.cycles;
    evaluator.onEstimated = (candidate) => {
      if (candidate.cycles !== undefined) bestSeen = Math.min(bestSeen, candidate.cycles);
      options.onProgress?.({ evaluations: evaluator.evaluations, budget, bestCycles: bestSeen });
    };

    // Corpus reuse: this very kernel first, then the nearest accepted schedules of similar kernels.
    const stored = await readStoredSchedules(corpusDir);
    // Entries whose steps this run does not allow (--no-banks, --no-unit-limits, no --partition-args) are not reused.
    const allowed = (recipe: Recipe | undefined) => disallowed(recipe, options) === undefined;
    const exact = stored.filter((entry) => entry.meta.kernel.sha256 === kernel.sha256 && entry.meta.target === target.name && allowed(entry.recipe));
    let reused: Candidate | undefined;
    let llmProposer: LlmProposer | undefined;
    for (const entry of exact.sort((a, b) => a.meta.cyclesAfter - b.meta.cyclesAfter)) {
      const candidate = await evaluator.estimate('corpus', entry.recipe, entry.recipe ? undefined : entry.schedule);
      const checked = await evaluator.verify(candidate);
      candidates.push(checked);
      log(`corpus ${entry.id}: ${checked.status}${checked.cycles ? `, ${checked.cycles} cycles` : ''}`);
      if (checked.status === 'verified') { reused = checked; break; }
    }
    // Whole models: identical layers share one search.
    let groups: Map<number, number[]> | undefined;
    let layerOps: SchedulableOp[] = [];
    if ((options.wholeModel ?? 'auto') !== 'off') {
      // The kernel analysis already printed the module both ways the chunker reads it.
      layerOps = extractOps(kernel.printed.generic, kernel.printed.generalized).filter((op) => op.function === kernel.functionName && op.line !== undefined);
      const signatures = new Set(layerOps.map((op) => op.signature));
      if (options.wholeModel === 'on' || (layerOps.length >= 16 && signatures.size < layerOps.length)) {
        groups = new Map();
        for (const signature of signatures) {
          const lines = layerOps.filter((op) => op.signature === signature).map((op) => op.line!);
          groups.set(lines[0]!, lines);
        }
        log(`whole model: ${layerOps.length} ops, ${signatures.size} unique signatures`);
      } else {
        layerOps = [];
      }
    }
    // Decided before the search: bank steps are proven only by a run of the whole kernel.
    const verification = chooseVerification(options.verify ?? 'auto', groups !== undefined, baseline.cycles);
    // The index is read once, when a proposer first needs it, and shared by corpus search and the model.
    let index: Promise<KnowledgeBase | undefined> | undefined;
    const openIndex = () => (index ??= readManifest(indexDir).then((manifest) => (manifest ? KnowledgeBase.open(indexDir) : undefined)));
    if (!reused || options.explore) {
      if (stored.length > 0) {
        try {
          const kb = await openIndex();
          const query = `${kernel.functionName} ${kernel.signature} ${kernel.linalgOps.map((op) => op.name).join(' ')}`;
          const similar = kb ? await kb.search(query, { k: 3, kind: 'schedule' }) : [];
          for (const hit of similar) {
            const entry = stored.find((s) => `schedule:${s.id}` === hit.id);
            if (!entry?.recipe || exact.includes(entry) || !allowed(entry.recipe)) continue;
            const candidate = await evaluator.estimate('corpus', entry.recipe);
            candidates.push(candidate);
            log(`corpus (similar) ${entry.id}: ${candidate.status}${candidate.cycles ? `, ${candidate.cycles} cycles` : ''}`);
          }
        } catch (error) {
          log(`corpus search skipped: ${(error as Error).message}`);
        }
      }
      if (options.tuner !== false) {
        const tuner = new Tuner(evaluator, kernel, { concurrency, budget, deadline, log, ...(groups ? { groups } : {}), banking: options.banks !== false && verification.mode !== 'layers', unitLimits: options.unitLimits !== false, partitionArguments: options.partitionArguments === true });
        candidates.push(...await tuner.run());
      }
      if (options.llm) {
        const estimated = candidates.filter((c) => c.status === 'estimated' || c.status === 'verified').map((c) => c.cycles!);
        const kb = await openIndex().catch(() => undefined);
        llmProposer = new LlmProposer(options.llm, evaluator, kernel, target, {
          ...(options.llmSamples ? { samples: options.llmSamples } : {}), ...(options.llmRepairs !== undefined ? { repairs: options.llmRepairs } : {}),
          ...(options.request ? { request: options.request } : {}), ...(options.contextTokens ? { contextTokens: options.contextTokens } : {}),
          budgetText: options.budgetText ?? describeBudget(limits), ...(kb ? { kb } : {}), log, ...(options.onToken ? { onToken: options.onToken } : {}),
        });
        // Whole models: one prompt per unique layer; otherwise one for the kernel.
        candidates.push(...await (groups ? proposeForLayers(llmProposer, kernel, { layerOps, baseline, candidates })
          : llmProposer.run(baseline, Math.min(baseline.cycles, ...estimated))));
      }
    }

    // Only a verified schedule is ever reported: the fastest estimates until one holds, then the Pareto
    // front. A whole model's candidates are checked layer by layer first (each transformed layer against its original).
    log(`verification: ${verification.mode} (${verification.why})`);
    // Each verified point of the front was checked layer by layer on its own: the report is the chosen one's.
    const layerReports = new Map<string, NonNullable<typeof verification.layers>>();
    const verifyCandidate = async (candidate: Candidate): Promise<Candidate> => {
      const refused = disallowed(candidate.recipe, options);
      if (refused) return { ...candidate, status: 'failed', error: refused };
      let checked = candidate;
      if (verification.mode !== 'whole' && candidate.status === 'estimated') {
        const ops = layerOps.length ? layerOps : extractOps(kernel.printed.generic, kernel.printed.generalized).filter((op) => op.function === kernel.functionName && op.line !== undefined);
        const byLayers = await verifyByLayers(evaluator, kernel, candidate, ops, target, scratch, { concurrency, ...(options.toolTimeoutMs ? { timeoutMs: options.toolTimeoutMs } : {}), log });
        verification.layers = byLayers.report;
        layerReports.set(candidate.id, byLayers.report);
        log(`layers: ${byLayers.report.verified} of ${byLayers.report.unique} unique layer recipes verified in isolation (${byLayers.report.layers} layers touched)`);
        if (verification.mode === 'layers+whole' && byLayers.candidate.status !== 'wrong-result') {
          // A layer that cannot be checked alone (not a wrong result) leaves the verdict to the whole-model run.
          if (byLayers.candidate.status !== 'verified') log(`layers: ${byLayers.report.failure ?? byLayers.report.wholeOnly}; the whole-model run decides`);
        } else {
          checked = byLayers.candidate;
        }
      }
      return checked.status === 'estimated' ? evaluator.verify(checked) : checked;
    };
    const objective = options.objective ?? 'latency';
    const frontResult = await searchFront(evaluator, candidates, baseline, { objective, baselineFits: baselineCheck.fits, log, verify: verifyCandidate, ...(reused ? { reused } : {}), explore: options.explore === true });
    const best: Candidate | undefined = frontResult.best;
    if (best && layerReports.has(best.id)) verification.layers = layerReports.get(best.id)!;
    if (frontResult.front.length) log(`pareto front (${objective}):\n${formatFront(frontResult.front, frontResult.chosen).join('\n')}`);
    const bestCycles = best?.cycles ?? baseline.cycles;
    const bestEstimate = best?.estimate ?? baseline;
    const result: OptimizeResult = {
      kernel: kernelPath, function: kernel.functionName, target: target.name, clockNs: target.clockNs, memoryPolicy: target.memory.policy,
      baselineCycles: baseline.cycles, bestCycles, speedup: baseline.cycles / bestCycles,
      lowerBound: bestEstimate.lowerBound, ratioToLowerBound: bestEstimate.lowerBound > 0 ? bestCycles / bestEstimate.lowerBound : 1,
      verified: best !== undefined, notes, scheduledKernel: prepared.specialized ? kernel.path : kernelPath, shapes: prepared.sizes?.shapes ?? {},
      schedule: best?.schedule ?? null, recipe: best?.recipe ?? null,
      steps: best?.recipe?.steps.map(describeStep) ?? [], source: best?.source ?? 'baseline',
      candidates: {
        total: candidates.length, byStatus: count(candidates, (c) => c.status), bySource: count(candidates, (c) => c.source),
        evaluations: evaluator.evaluations,
      },
      reusedFromCorpus: reused !== undefined && best?.id === reused.id, accepted: null, bottlenecks: bestEstimate.bottlenecks,
      layers: layerOps.length ? layerReport(layerOps, baseline, bestEstimate) : null,
      verification,
      llm: llmProposer?.report ? (({ prompt: _prompt, ...rest }) => ({ ...rest, note: options.llmNote ?? '' }))(llmProposer.report) : options.llmNote ? { note: options.llmNote } : null,
      seconds: 0, outDir: options.outDir ?? null,
      ...describeOutcome(
        decideOutcome({ baselineCycles: baseline.cycles, lowerBound: baseline.lowerBound, best, candidates, searched: candidates.length > 0, bufferized: kernel.tensors, byLayers: verification.mode === 'layers' }),
        baseline, candidates, baselineCheck.fits ? undefined : describeOverrun(baselineCheck, limits),
        target.memory.policy === 'all-bram' && !baselineCheck.fits && baselineCheck.binding?.resource === 'bram18'),
      resources: resourcesOf(bestEstimate), budget: { limits: limits.limits, text: describeBudget(limits) }, objective,
      pareto: frontResult.front.map(({ id: _id, ...point }) => point),
    };
    // Values on entry the kernel reads (memref kernels: a tensor's arguments change in bufferization).
    // and the distinct elements each argument array is read and written at.
    const lowered = kernel.tensors ? undefined : await evaluator.render({ version: 1, steps: [] })
      .then((schedule) => evaluator.scheduledText(schedule), () => undefined).catch(() => undefined);
    const initial = lowered === undefined ? new Map<string, number>() : initialReadsByName(lowered, kernel.text, kernel.functionName);
    const elements = lowered === undefined ? new Map<string, ElementCounts>() : interfaceElementsByName(lowered, kernel.text, kernel.functionName);
    // Operations: the fewest of the kernel as given and every verified design, per class (common
    // subexpressions and hoisting take redundant multiplies out: gemm's alpha * A[i][k] once per (i, k)).
    const operations = { ...(baseline.operations ?? {}) };
    for (const candidate of candidates) {
      if (candidate.status !== 'verified' || !candidate.estimate?.operations) continue;
      for (const [operator, n] of Object.entries(candidate.estimate.operations)) {
        if (n !== undefined && operations[operator] !== undefined && n < operations[operator]!) operations[operator] = n;
      }
    }
    result.hardwareBound = hardwareLowerBound({ ...baseline, operations }, target, limits.limits.dsp, initial, options.partitionArguments === true ? target.partitioning.maxFactor : 1, elements);
    result.ratioToHardwareBound = bestCycles / result.hardwareBound.cycles;

    // A reused corpus schedule is already there; a faster one --explore found is new.
    if (best && options.accept !== false && bestCycles < baseline.cycles && best.id !== reused?.id) {
      result.accepted = await acceptSchedule(corpusDir, {
        schedule: best.schedule, ...(best.recipe ? { recipe: best.recipe } : {}),
        meta: {
          kernel: { name: kernel.functionName, signature: kernel.signature || '()', file: kernelPath, sha256: kernel.sha256 },
          target: target.name, cyclesBefore: baseline.cycles, cyclesAfter: bestCycles,
          verification: { status: 'ok', maxAbsDiff: best.verification?.maxAbsDiff ?? null },
          tools: { mlir: toolchain.version, hlsched: HLSCHED_VERSION },
          model: best.source === 'llm' && options.llm ? `${options.llm.name}:${options.llm.model}` : null, date: new Date().toISOString(),
          rationale: `${best.source}: ${result.steps.join('; ')}`.slice(0, 1000),
          resources: storedResources(bestEstimate), clockNs: target.clockNs,
        },
      });
      log(`corpus: ${result.accepted.duplicate ? 'already holds' : 'accepted'} ${result.accepted.id}`);
      if (!result.accepted.duplicate && options.updateIndex !== false && await readManifest(indexDir)) {
        try {
          await ingest({ corpusDir, indexDir });
        } catch (error) {
          log(`index update skipped: ${(error as Error).message}`);
        }
      }
    }

    result.seconds = (Date.now() - started) / 1000;
    if (options.outDir) {
      const out = options.outDir;
      await mkdir(out, { recursive: true });
      const schedulePath = path.join(out, 'schedule.mlir');
      if (best) {
        await writeFile(schedulePath, best.schedule);
        if (best.recipe) await writeFile(path.join(out, 'recipe.json'), `${JSON.stringify(best.recipe, null, 2)}\n`);
        // Unit limits are a directive to the HLS tool, not a transform: a constraints file for Bambu.
        const units = unitLimits(best.recipe);
        if (units) await writeFile(path.join(out, 'constraints.xml'), bambuConstraints(units));
        else await rm(path.join(out, 'constraints.xml'), { force: true });
        if (best.transformed !== undefined) {
          // Bank steps are our rewrite of the scheduled kernel: the transformed kernel is the output.
          await writeFile(path.join(out, 'transformed.mlir'), withoutTags(best.transformed));
        } else {
          const applied = await applySchedule(toolchain, kernel.path, schedulePath, {}, []);
          if (applied.exitCode === 0) await writeFile(path.join(out, 'transformed.mlir'), withoutTags(applied.stdout));
        }
        result.schedule = schedulePath;
      } else {
        result.schedule = null;
      }
      // Every verified point of the front, beside the chosen schedule.
      result.pareto = await Promise.all(frontResult.front.map(async ({ id, ...point }, k) => {
        if (point.schedule === null) return point;
        if (best && id === best.id) return { ...point, schedule: schedulePath };
        await mkdir(path.join(out, 'pareto'), { recursive: true });
        const file = path.join(out, 'pareto', `${k + 1}-${point.cycles}-cycles.mlir`);
        const chosen = candidates.find((c) => c.id === id)!;
        await writeFile(file, chosen.schedule);
        // A point with bank steps is the schedule plus our rewrite: its kernel goes beside it.
        if (chosen.transformed !== undefined) await writeFile(file.replace(/\.mlir$/, '.transformed.mlir'), withoutTags(chosen.transformed));
        return { ...point, schedule: file };
      }));
      await writeFile(path.join(out, 'report.json'), `${JSON.stringify({ ...result, candidateList: candidates.map(({ estimate: _e, schedule: _s, ...rest }) => rest) }, null, 2)}\n`);
      await writeFile(path.join(out, 'report.md'), markdownReport(result, candidates));
      await writeHtmlReport(out, { result, candidates, baseline, best: bestEstimate, target, budget: { evaluations: budget, seconds: options.timeSeconds ?? 600 }, scheduleText: best?.schedule ?? null });
      if (llmProposer?.report) await writeFile(path.join(out, 'llm-transcript.md'), transcript(llmProposer.report));
    }
    return result;
  });
}

/** Why this run may not report a recipe (a step it turned off or did not allow), or undefined. */
function disallowed(recipe: Recipe | undefined, options: Pick<OptimizeOptions, 'banks' | 'unitLimits' | 'partitionArguments'>): string | undefined {
  if (!recipe) return undefined;
  if (options.banks === false && bankSteps(recipe).length > 0) return 'it banks buffers (our rewrite after the schedule), and banks are off (--no-banks)';
  if (options.unitLimits === false && unitLimits(recipe)) return 'it limits operator instances (an HLS resource constraint), and unit limits are off (--no-unit-limits)';
  if (options.partitionArguments !== true && partitionSteps(recipe).length > 0) return 'it partitions argument arrays (a different accelerator interface); pass --partition-args to allow it';
  return undefined;
}

function resourcesOf(estimate: Estimate): OptimizeResult['resources'] {
  const r = estimate.resources;
  return {
    lut: r.lut ?? null, ff: r.ff ?? null, dsp: r.dsp, bram: r.bram18 ?? null, power: r.power ?? null,
    ...(r.area !== undefined ? { area: r.area } : {}), utilization: r.utilization ?? {},
  };
}

function storedResources(estimate: Estimate): NonNullable<Parameters<typeof acceptSchedule>[1]['meta']['resources']> {
  const r = estimate.resources;
  return {
    dsp: r.dsp, ...(r.lut !== undefined ? { lut: r.lut } : {}), ...(r.ff !== undefined ? { ff: r.ff } : {}),
    ...(r.bram18 !== undefined ? { bram18: r.bram18 } : {}), ...(r.area !== undefined ? { area: r.area } : {}), ...(r.power !== undefined ? { power: r.power } : {}),
  };
}

/** The outcome in one word and the first cause in one line (the budget's part of it; see the issue-12 field). */
/**
 * The outcome (src/optimize/outcome.ts decides improved, at-bound, no-improvement, unsupported), with the
 * resource budget on top: when faster candidates exist but none fits, or the kernel as given is over it,
 * the outcome is 'over-budget' and the reason names the binding resource.
 */
function describeOutcome(decided: { outcome: Outcome; reason: string }, baseline: Estimate, candidates: Candidate[], baselineOverrun: string | undefined,
  buffersOffChipHelp = false): Pick<OptimizeResult, 'outcome' | 'reason'> {
  const described = outcomeWithBudget(decided, baseline, candidates, baselineOverrun);
  // On-chip buffers over the BRAM budget as given, which no schedule changes: say which flag places them behind the memory interface.
  if (described.outcome === 'over-budget' && buffersOffChipHelp) {
    return { ...described, reason: `${described.reason}; the kernel's own buffers do not fit on chip: --memory-policy no-bram puts them behind the memory interface (Bambu's NO_BRAM)` };
  }
  return described;
}

function outcomeWithBudget(decided: { outcome: Outcome; reason: string }, baseline: Estimate, candidates: Candidate[], baselineOverrun: string | undefined):
  Pick<OptimizeResult, 'outcome' | 'reason'> {
  if (decided.outcome === 'improved') return { outcome: 'improved', reason: `${decided.reason}, within the resource budget` };
  if (decided.outcome === 'at-bound' && !baselineOverrun) return decided;
  const over = candidates.filter((c) => c.status === 'over-budget' && c.cycles! < baseline.cycles);
  if (baselineOverrun && over.length === 0) return { outcome: 'over-budget', reason: `the kernel as given is over the budget (${baselineOverrun}) and no faster candidate fits it` };
  if (over.length > 0) {
    const fastest = over.sort((a, b) => a.cycles! - b.cycles!)[0]!;
    const binding = new Map<string, number>();
    for (const c of over) {
      const resource = /over budget: (\w+)/.exec(c.error ?? '')?.[1] ?? '?';
      binding.set(resource, (binding.get(resource) ?? 0) + 1);
    }
    const [resource] = [...binding].sort((a, b) => b[1] - a[1])[0]!;
    return {
      outcome: 'over-budget',
      reason: `${baselineOverrun ? `nothing fits: the kernel as given is over the budget (${baselineOverrun}) and ` : ''}${over.length} faster candidate${over.length > 1 ? 's' : ''} exceed the budget, ${resource} binding (fastest: ${fastest.cycles} cycles, ${fastest.error!.replace(/^over budget: /, '')})`,
    };
  }
  return decided;
}

