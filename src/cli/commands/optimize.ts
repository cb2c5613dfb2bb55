import path from 'node:path';
import { HlschedError } from '../../errors.js';
import { loadTarget, withRunSettings } from '../../hls/target.js';
import { makeBudget, parseLimits, parseMaxUtilization } from '../../optimize/budget.js';
import { OBJECTIVES, type Objective } from '../../optimize/pareto.js';
import { optimize } from '../../optimize/optimize.js';
import { outcomeExitCode } from '../../optimize/outcome.js';
import { readInput } from '../../verify/inputs.js';
import { readLlmConfig, selectProvider } from '../../llm/select.js';
import type { LlmConfig } from '../../llm/types.js';
import { asList, parseAssignments, parseInputRanges, parsePositiveNumber, parseShapes } from '../options.js';
import { processIo, type CliIo } from '../output.js';
import { createProgress } from '../progress.js';
import { unitLimits } from '../../optimize/recipe.js';

export interface OptimizeCliOptions {
  model?: string;
  llmHost?: string;
  baseUrl?: string;
  modelPath?: string;
  contextTokens?: unknown;
  llmThreads?: unknown;
  samples?: unknown;
  request?: string;
  tuner?: boolean;
  wholeModel?: string;
  timeout?: unknown;
  target?: string;
  llm?: string;
  budget?: unknown;
  time?: unknown;
  out?: string;
  func?: string;
  json?: boolean;
  accept?: boolean;
  explore?: boolean;
  banks?: boolean;
  unitLimits?: boolean;
  partitionArgs?: boolean;
  corpus?: string;
  index?: string;
  verbose?: boolean;
  /** From code only (batch tasks): updateIndex false never writes the index; concurrency = candidates evaluated at once. */
  updateIndex?: boolean;
  concurrency?: number;
  maxUtil?: unknown;
  limit?: unknown;
  objective?: string;
  clockNs?: unknown;
  memoryPolicy?: unknown;
  shape?: unknown;
  scalar?: unknown;
  verify?: string;
  inputRange?: unknown;
}

export const LLM_CHOICES = ['none', 'auto', 'ollama', 'llama-cpp', 'openai'] as const;

function verifyMode(value: string): 'whole' | 'layers' | 'auto' {
  if (value === 'whole' || value === 'layers' || value === 'auto') return value;
  throw new HlschedError('USAGE', `--verify ${value} is not whole, layers or auto`, { hint: 'use --verify whole|layers|auto' });
}

function wholeModelMode(value: string): 'auto' | 'on' | 'off' {
  if (value === 'auto' || value === 'on' || value === 'off') return value;
  throw new HlschedError('USAGE', `--whole-model ${value} is not auto, on or off`, { hint: 'use --whole-model auto|on|off' });
}

export async function runOptimizeCommand(kernel: string, options: OptimizeCliOptions, io: CliIo): Promise<number> {
  const llm = options.llm ?? 'auto';
  if (!(LLM_CHOICES as readonly string[]).includes(llm)) {
    throw new HlschedError('USAGE', `--llm ${llm} is not a provider`, { hint: `use --llm ${LLM_CHOICES.join('|')}` });
  }
  // Bad input first: numbers, the target, the kernel; then model discovery.
  const budget = options.budget === undefined ? undefined : Math.floor(parsePositiveNumber('--budget', options.budget)!);
  const timeSeconds = options.time === undefined ? undefined : parsePositiveNumber('--time', options.time)!;
  const toolTimeoutMs = options.timeout === undefined ? undefined : parsePositiveNumber('--timeout', options.timeout)! * 1000;
  const samples = options.samples === undefined ? undefined : Math.floor(parsePositiveNumber('--samples', options.samples)!);
  const threads = options.llmThreads === undefined ? undefined : Math.floor(parsePositiveNumber('--llm-threads', options.llmThreads)!);
  const loaded = await loadTarget(options.target ?? 'fpga');
  const target = withRunSettings(loaded, {
    clockNs: options.clockNs === undefined ? undefined : parsePositiveNumber('--clock-ns', options.clockNs)!,
    memoryPolicy: options.memoryPolicy === undefined ? undefined : String(options.memoryPolicy),
  });
  const objective = (options.objective ?? 'latency') as Objective;
  if (!(OBJECTIVES as readonly string[]).includes(objective)) {
    throw new HlschedError('USAGE', `--objective ${objective} is not an objective`, { hint: `use --objective ${OBJECTIVES.join('|')}` });
  }
  const resourceBudget = makeBudget(target, {
    ...(options.maxUtil === undefined ? {} : { maxUtilization: parseMaxUtilization(options.maxUtil) }),
    limits: parseLimits(asList(options.limit)),
  });
  const shapes = parseShapes(options.shape);
  const scalars = parseAssignments('--scalar', options.scalar);
  const inputRanges = parseInputRanges(options.inputRange);
  // Bad input first: a missing kernel should not wait for (or talk about) model discovery.
  await readInput(kernel, 'kernel');
  const config = await readLlmConfig();
  const contextTokens = options.contextTokens === undefined ? config.contextTokens : Math.floor(parsePositiveNumber('--context-tokens', options.contextTokens)!);
  const selection = await selectProvider({
    ...config, provider: llm as LlmConfig['provider'],
    ...(options.model ? { model: String(options.model) } : {}), ...(options.llmHost ? { host: String(options.llmHost) } : {}),
    ...(options.baseUrl ? { baseUrl: String(options.baseUrl) } : {}), ...(options.modelPath ? { modelPath: String(options.modelPath) } : {}),
    ...(contextTokens ? { contextTokens } : {}), ...(threads ? { threads } : {}),
  }, (message) => io.stderr(`warning: ${message}\n`));

  // --json: nothing but the JSON; a terminal: a progress bar; otherwise plain lines.
  const progress = options.json ? undefined : createProgress({ tty: !!process.stderr.isTTY && io === processIo, write: io.stderr });
  const outDir = options.out ?? path.join('out', `${path.basename(kernel).replace(/\.mlir$/, '')}-${target.name}`);
  const result = await optimize(kernel, {
    ...(progress ? { onProgress: progress.onProgress } : {}),
    target, outDir, resourceBudget, objective,
    ...(options.func ? { func: String(options.func) } : {}),
    ...(budget === undefined ? {} : { budget }),
    ...(timeSeconds === undefined ? {} : { timeSeconds }),
    ...(options.corpus ? { corpusDir: options.corpus } : {}),
    ...(options.index ? { indexDir: options.index } : {}),
    accept: options.accept !== false, explore: !!options.explore, tuner: options.tuner !== false, banks: options.banks !== false, unitLimits: options.unitLimits !== false, partitionArguments: options.partitionArgs === true,
    ...(options.wholeModel === undefined ? {} : { wholeModel: wholeModelMode(String(options.wholeModel)) }),
    ...(toolTimeoutMs === undefined ? {} : { toolTimeoutMs }),
    shapes, scalars, inputRanges,
    ...(options.verify === undefined ? {} : { verify: verifyMode(String(options.verify)) }),
    llmNote: selection.note, ...(selection.provider ? { llm: selection.provider } : {}),
    ...(samples === undefined ? {} : { llmSamples: samples }),
    ...(options.request ? { request: String(options.request) } : {}), ...(contextTokens ? { contextTokens } : {}),
    ...(process.stderr.isTTY && !options.json && selection.provider ? { onToken: (text: string) => io.stderr(text) } : {}),
    ...(progress ? { log: progress.log } : {}),
    ...(options.updateIndex === false ? { updateIndex: false } : {}), ...(options.concurrency ? { concurrency: options.concurrency } : {}),
  }).finally(async () => { progress?.stop(); await selection.provider?.dispose?.(); });
  if (options.json) {
    const { bottlenecks: _b, ...summary } = result;
    io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
    return outcomeExitCode(result.outcome);
  }
  // Bank steps rewrite the scheduled kernel: the transformed kernel, not the schedule alone, is what to check.
  const banked = result.steps.some((step) => step.startsWith('bank ') || step.startsWith('partition '));
  const units = unitLimits(result.recipe ?? undefined);
  const statuses = Object.entries(result.candidates.byStatus).map(([status, n]) => `${n} ${status}`).join(', ');
  io.stdout([
    `@${result.function} on ${result.target}: ${result.baselineCycles} -> ${result.bestCycles} cycles (${result.speedup.toFixed(2)}x), ${result.verified ? (result.verification.mode === 'layers' ? 'verified layer by layer (each transformed layer run against its original)' : 'verified by differential execution') : 'no faster schedule verified'}; ${result.ratioToLowerBound.toFixed(2)}x the lower bound`,
    `outcome: ${result.outcome}: ${result.reason}`,
    ...result.notes.map((note) => `note: ${note}`),
    `verification: ${result.verification.mode} (${result.verification.why})${result.verification.layers ? `; ${result.verification.layers.verified} of ${result.verification.layers.unique} unique layer recipes verified in isolation` : ''}`,
    `resources: ${result.resources.lut !== null ? `${result.resources.lut} LUT, ` : ''}${result.resources.dsp} DSP${result.resources.bram !== null ? `, ${result.resources.bram} BRAM18` : ''}${result.resources.area !== undefined ? `, ${result.resources.area} um^2` : ''}${result.resources.power !== null ? `, ${result.resources.power} W` : ''}; budget ${result.budget.text}`,
    `pareto front (${result.objective}; cycles, LUT, DSP):`,
    ...result.pareto.map((p) => `  ${String(p.cycles).padStart(9)} cycles  ${p.lut ?? p.area ?? '-'} ${p.lut !== null ? 'LUT' : 'um^2'}  ${p.dsp} DSP  ${p.schedule ?? '(kernel as given)'}`),
    result.steps.length ? `best recipe (${result.source}${result.reusedFromCorpus ? ', reused from the corpus' : ''}): ${result.steps.join('; ')}` : 'best: the kernel as given',
    `wrote ${result.outDir}/ (schedule.mlir, recipe.json, transformed.mlir, ${units ? 'constraints.xml, ' : ''}report.json, report.md, report.html)`,
    ...(units ? [`unit limits: at most ${Object.entries(units).map(([operator, n]) => `${n} ${operator}`).join(', ')} units, an HLS resource constraint (constraints.xml for Bambu; hlsched estimate --units ${Object.entries(units).map(([operator, n]) => `${operator}=${n}`).join(',')})`] : []),
    ...(result.schedule ? [`check it: hlsched verify ${result.scheduledKernel} ${banked && result.outDir ? `${path.join(result.outDir, 'transformed.mlir')} --transformed` : result.schedule}${result.function !== undefined && options.func ? ` --func ${result.function}` : ''}${Object.entries(result.shapes).map(([name, shape]) => ` --shape ${name}=${shape.join('x')}`).join('')}`] : []),
    result.accepted ? `corpus: ${result.accepted.duplicate ? 'already holds' : 'accepted'} ${result.accepted.id}` : 'corpus: unchanged',
    ...(result.layers ? [`layers: ${result.layers.length} unique, searched once each: ${result.layers.slice(0, 4).map((l) => `${l.op} x${l.count} ${l.cyclesBefore}->${l.cyclesAfter}`).join('; ')}${result.layers.length > 4 ? '; ...' : ''}`] : []),
    `candidates: ${result.candidates.total} (${statuses}); ${result.candidates.evaluations} evaluations in ${result.seconds.toFixed(1)} s; ${selection.note}`,
    '',
  ].join('\n'));
  return outcomeExitCode(result.outcome);
}
