import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { HlschedError } from '../errors.js';
import { loadTarget } from '../hls/target.js';
import { createEmbedder } from '../knowledge/embedders/index.js';
import { readManifest } from '../knowledge/index-files.js';
import { DEFAULT_CORPUS_DIR, DEFAULT_INDEX_DIR, ingest } from '../knowledge/ingest.js';
import { currentProvenance } from '../optimize/corpus-store.js';
import type { Executor } from './executor.js';
import { LocalExecutor } from './local.js';
import { RunFolder } from './run-dir.js';
import { SlurmExecutor } from './slurm.js';
import { writeRunReports } from './run-report.js';
import { countStates, isSettled, unitStatuses } from './status.js';
import { stitchModel, type StitchResult } from './stitch.js';
import type { ExecutorName, RunSpec, SlurmSettings, UnitResult, UnitState, UnitStatus } from './types.js';
import { planUnits } from './units.js';

/**
 * `hlsched batch` and `hlsched runs`: make a run folder, submit its units, watch them until every one
 * is settled, then finish once on the submitting host: stitch whole models, ingest the corpus into this
 * host's index cache. Tasks never touch the index.
 */

/**
 * The index is a per-host cache of the corpus: `<index root>/hosts/<hostname>/` unless `--index` names
 * one. Each host (login node, workstation) keeps its own, rebuilt or updated from the shared corpus.
 */
export function hostIndexDir(root = DEFAULT_INDEX_DIR, host = os.hostname()): string {
  return path.join(root, 'hosts', host.replace(/[^\w.-]/g, '_'));
}

export function makeExecutor(name: ExecutorName, options: { pollMs?: number; log?: (line: string) => void } = {}): Executor {
  return name === 'slurm' ? new SlurmExecutor(options.pollMs) : new LocalExecutor({ ...(options.log ? { log: options.log } : {}) });
}

export interface CreateRunOptions {
  inputs: string[];
  targets: string[];
  executor: ExecutorName;
  runDir: string;
  /** `hlsched optimize` options for every unit. */
  optimize: Record<string, unknown>;
  wholeModel: 'auto' | 'on' | 'off';
  func?: string;
  cpus: number;
  slurm?: SlurmSettings;
  corpus?: string;
  index?: string;
}

export async function createRun(options: CreateRunOptions): Promise<{ folder: RunFolder; spec: RunSpec }> {
  for (const target of options.targets) await loadTarget(target);
  const folder = new RunFolder(path.resolve(options.runDir));
  await folder.create();
  let planned: Awaited<ReturnType<typeof planUnits>>;
  try {
    planned = await planUnits(options.inputs, options.targets, {
      wholeModel: options.wholeModel, layersDir: folder.layersDir, ...(options.func ? { func: options.func } : {}),
    });
  } catch (error) {
    // Bad input leaves no half-made run behind.
    await rm(folder.dir, { recursive: true, force: true });
    throw error;
  }
  const { units, models } = planned;
  const provenance = currentProvenance();
  const spec: RunSpec = {
    version: 1, id: path.basename(folder.dir), created: new Date().toISOString(), host: provenance.host, user: provenance.user,
    executor: options.executor, cwd: process.cwd(), optimize: options.optimize, cpus: options.cpus,
    ...(options.slurm ? { slurm: options.slurm } : {}),
    corpus: path.resolve(options.corpus ?? DEFAULT_CORPUS_DIR),
    index: path.resolve(options.index ?? hostIndexDir()),
    units, models, submissions: [],
  };
  await folder.writeSpec(spec);
  return { folder, spec };
}

/** Submits these units (default: every unit without a result that is not queued) and records it. */
export async function submit(folder: RunFolder, spec: RunSpec, executor: Executor, which?: string[]): Promise<string[]> {
  let ids = which;
  if (!ids) {
    const statuses = await unitStatuses(folder, spec, executor);
    ids = statuses.filter((s) => s.state === 'lost').map((s) => s.unit.id);
  }
  if (ids.length === 0) return [];
  for (const id of ids) await folder.clearUnit(id);
  const submission = await executor.submit(folder, spec, spec.units.filter((u) => ids!.includes(u.id)));
  spec.submissions.push(submission);
  await folder.writeSpec(spec);
  return ids;
}

export interface WaitOptions {
  pollMs?: number;
  onUpdate?: (statuses: UnitStatus[]) => void;
  signal?: AbortSignal;
}

/** Polls until no unit is pending or running (files first, then one queue call). */
export async function waitForRun(folder: RunFolder, spec: RunSpec, executor: Executor, options: WaitOptions = {}): Promise<UnitStatus[]> {
  const pollMs = options.pollMs ?? 1_000;
  for (;;) {
    const statuses = await unitStatuses(folder, spec, executor);
    options.onUpdate?.(statuses);
    if (isSettled(statuses) || options.signal?.aborted) return statuses;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

export interface RunSummary {
  run: string;
  dir: string;
  executor: ExecutorName;
  counts: Record<UnitState, number>;
  units: Array<{ id: string; label: string; kind: string; target: string; state: UnitState; reason?: string; baselineCycles?: number; bestCycles?: number; speedup?: number; verified?: boolean; seconds?: number; host?: string; accepted?: string | null }>;
  models: StitchResult[];
  index: string;
  /** What happened to this host's index at the end. */
  ingest: string;
  /** The run's report.md and report.html, in the run folder. */
  report?: { markdown: string; html: string };
}

/**
 * Once every unit is settled: stitch each model whose layers are all done, then update this host's
 * index from the corpus, once (when the index exists or `ingestAlways`).
 */
export async function finishRun(folder: RunFolder, spec: RunSpec, statuses: UnitStatus[], options: { ingestAlways?: boolean; log?: (line: string) => void } = {}): Promise<RunSummary> {
  const results = new Map(statuses.filter((s) => s.result).map((s) => [s.unit.id, s.result as UnitResult]));
  const models: StitchResult[] = [];
  for (const model of spec.models) {
    const pending = model.layers.filter((l) => !results.has(l.unit));
    if (pending.length > 0) {
      options.log?.(`model ${path.basename(model.path)} on ${model.target}: ${pending.length} layers without a result, not stitched (resume the run)`);
      continue;
    }
    options.log?.(`model ${path.basename(model.path)} on ${model.target}: stitching ${model.layers.length} layer results`);
    models.push(await stitchModel(model, results, folder.modelDir(model.index), {
      corpusDir: spec.corpus, runId: spec.id, accept: spec.optimize.accept !== false,
      ...(typeof spec.optimize.timeout === 'number' ? { timeoutMs: spec.optimize.timeout * 1000 } : {}),
      ...(spec.optimize.clockNs !== undefined ? { clockNs: Number(spec.optimize.clockNs) } : {}),
      ...(spec.optimize.memoryPolicy !== undefined ? { memoryPolicy: String(spec.optimize.memoryPolicy) } : {}),
    }));
  }
  let ingestNote: string;
  const accepted = [...results.values()].filter((r) => r.result?.accepted && !r.result.accepted.duplicate).length + models.filter((m) => m.accepted && !m.accepted.duplicate).length;
  const manifest = await readManifest(spec.index);
  if (options.ingestAlways || manifest) {
    try {
      // The index keeps the embedder it was built with (an Ollama model stays that model).
      const [kind, model] = (manifest?.embedder ?? 'use').split(/:(.*)/);
      const embedder = kind === 'ollama' ? createEmbedder('ollama', model) : createEmbedder('use');
      const done = await ingest({ corpusDir: spec.corpus, indexDir: spec.index, embedder, ...(manifest && manifest.mlirVersion === null ? { skipMlirDocs: true } : {}) });
      ingestNote = `updated ${spec.index} once (${done.documents} documents, ${accepted} new schedules from this run)`;
    } catch (error) {
      ingestNote = `index update failed: ${(error as Error).message.split('\n')[0]}`;
    }
  } else {
    ingestNote = `no index at ${spec.index} yet: \`hlsched ingest --index ${spec.index} --corpus ${spec.corpus}\` builds it (${accepted} new schedules from this run)`;
  }
  const summary: RunSummary = {
    run: spec.id, dir: folder.dir, executor: spec.executor, counts: countStates(statuses),
    units: statuses.map((s) => ({
      id: s.unit.id, label: s.unit.label, kind: s.unit.kind, target: s.unit.target, state: s.state, ...(s.reason ? { reason: s.reason } : {}),
      ...(s.result?.result ? {
        baselineCycles: s.result.result.baselineCycles, bestCycles: s.result.result.bestCycles, speedup: s.result.result.speedup,
        verified: s.result.result.verified, accepted: s.result.result.accepted?.id ?? null,
      } : {}),
      ...(s.result ? { seconds: s.result.seconds, host: s.result.host } : {}),
    })),
    models, index: spec.index, ingest: ingestNote,
  };
  const outDirs = new Map([...results].flatMap(([id, r]) => (r.result?.outDir ? [[id, path.resolve(spec.cwd, r.result.outDir)] as [string, string]] : [])));
  try {
    const reports = await writeRunReports(summary, outDirs);
    summary.report = { markdown: reports.markdown, html: reports.html };
  } catch (error) {
    options.log?.(`run reports not written: ${(error as Error).message.split('\n')[0]}`);
  }
  return summary;
}

/** A run's executor as recorded, or an error saying the run is not there. */
export async function openRun(dir: string): Promise<{ folder: RunFolder; spec: RunSpec }> {
  const folder = new RunFolder(path.resolve(dir));
  return { folder, spec: await folder.readSpec() };
}

/** Everything went through: every unit done and every model stitched and verified (or with nothing to stitch). */
export function succeeded(summary: RunSummary): boolean {
  return summary.counts.done === summary.units.length && summary.models.every((m) => m.verified || m.status === 'no-steps');
}

export function assertCpus(value: unknown): number {
  if (value === undefined) return 1;
  const cpus = Number(value);
  if (!Number.isInteger(cpus) || cpus < 1) throw new HlschedError('USAGE', `--cpus ${String(value)} is not a positive whole number`, { hint: 'for example --cpus 2' });
  return cpus;
}
