import path from 'node:path';
import { HlschedError } from '../../errors.js';
import { parseMemoryPolicy } from '../../hls/target.js';
import { assertCpus, createRun, finishRun, makeExecutor, openRun, submit, succeeded, waitForRun, type RunSummary } from '../../batch/batch.js';
import type { LocalExecutor } from '../../batch/local.js';
import { batchProgress } from '../../batch/progress.js';
import { defaultRunDir } from '../../batch/run-dir.js';
import { countStates, unitStatuses } from '../../batch/status.js';
import { runUnit } from '../../batch/task.js';
import { assertSlurmAvailable } from '../../batch/slurm.js';
import type { ExecutorName, SlurmSettings, UnitStatus } from '../../batch/types.js';
import { asList, parsePositiveNumber } from '../options.js';
import type { CliIo } from '../output.js';

/** `hlsched optimize` options a batch passes to every unit, as given. */
export const UNIT_OPTIONS = ['llm', 'model', 'llmHost', 'baseUrl', 'modelPath', 'contextTokens', 'samples', 'request', 'tuner',
  'timeout', 'wholeModel', 'budget', 'time', 'accept', 'explore', 'llmThreads', 'maxUtil', 'limit', 'objective', 'clockNs', 'memoryPolicy', 'verify'] as const;

function executorName(value: unknown): ExecutorName {
  const name = String(value ?? 'local');
  if (name === 'local' || name === 'slurm') return name;
  throw new HlschedError('USAGE', `--executor ${name} is not local or slurm`, { hint: 'use --executor local|slurm' });
}

function wholeModelMode(value: unknown): 'auto' | 'on' | 'off' {
  const mode = String(value ?? 'auto');
  if (mode === 'auto' || mode === 'on' || mode === 'off') return mode;
  throw new HlschedError('USAGE', `--whole-model ${mode} is not auto, on or off`, { hint: 'use --whole-model auto|on|off' });
}

/** Slurm's time limit for one task: the search limit with room for verification, as minutes. */
function slurmTime(options: Record<string, unknown>): string {
  if (options.slurmTime !== undefined) return String(options.slurmTime);
  const seconds = parsePositiveNumber('--time', options.time) ?? 600;
  return String(Math.ceil((seconds * 1.5) / 60) + 5);
}

function summaryText(summary: RunSummary, seconds: number | undefined): string {
  const c = summary.counts;
  const lines = [
    `run ${summary.run} (${summary.executor}): ${c.done} done, ${c.failed} failed, ${c.lost} lost, ${c.pending + c.running} still queued, of ${summary.units.length} units${seconds === undefined ? '' : ` in ${seconds.toFixed(1)} s`}`,
    '  unit  state    cycles                 speedup  verified  label',
    ...summary.units.map((u) => `  ${u.id}  ${u.state.padEnd(7)}  ${u.baselineCycles === undefined ? ''.padEnd(21) : `${u.baselineCycles} -> ${u.bestCycles}`.padEnd(21)}  ${u.speedup === undefined ? '       ' : `${u.speedup.toFixed(2)}x`.padStart(7)}  ${u.verified === undefined ? '        ' : (u.verified ? 'yes' : 'no').padEnd(8)}  ${u.label}${u.reason ? `: ${u.reason}` : ''}`),
    ...summary.models.map((m) => `model ${path.basename(m.model)} on ${m.target}: ${m.layersUsed} layer recipes stitched (${m.steps} steps): ${m.baselineCycles} -> ${m.bestCycles} cycles (${m.speedup.toFixed(2)}x), ${m.verified ? 'verified on the whole model' : `not verified (${m.status}${m.reason ? `: ${m.reason}` : ''})`}${m.schedule ? `; ${m.schedule}` : ''}`),
    `index: ${summary.ingest}`,
    ...(summary.report ? [`report: ${summary.report.html} (and report.md)`] : []),
  ];
  if (c.lost + c.failed > 0) lines.push(`hint: \`hlsched runs resume ${summary.dir}\` runs the lost units again; \`hlsched runs status ${summary.dir}\` shows why`);
  return `${lines.join('\n')}\n`;
}

async function watch(io: CliIo, folder: Parameters<typeof waitForRun>[0], spec: Parameters<typeof waitForRun>[1], executor: ReturnType<typeof makeExecutor>,
  json: boolean, pollMs: number | undefined): Promise<UnitStatus[]> {
  const bar = batchProgress(process.stderr.isTTY && !json, `hlsched batch ${spec.id}`);
  try {
    const statuses = await waitForRun(folder, spec, executor, { ...(pollMs ? { pollMs } : {}), onUpdate: bar.update });
    if (executor.name === 'local') await (executor as LocalExecutor).drained();
    return statuses;
  } finally {
    bar.stop();
  }
}

export async function runBatchCommand(inputs: string[], options: Record<string, unknown>, io: CliIo): Promise<number> {
  const started = Date.now();
  const executor = executorName(options.executor);
  const targets = asList(options.target ?? 'fpga').flatMap((t) => t.split(',')).map((t) => t.trim()).filter(Boolean);
  const cpus = assertCpus(options.cpus);
  const pollMs = options.poll === undefined ? undefined : parsePositiveNumber('--poll', options.poll)! * 1000;
  for (const flag of ['budget', 'time', 'timeout', 'samples', 'contextTokens', 'clockNs'] as const) {
    if (options[flag] !== undefined) parsePositiveNumber(`--${flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, options[flag]);
  }
  if (options.memoryPolicy !== undefined) parseMemoryPolicy(String(options.memoryPolicy));
  const maxRunning = options.maxRunning === undefined ? undefined : Math.floor(parsePositiveNumber('--max-running', options.maxRunning)!);
  const slurm: SlurmSettings | undefined = executor === 'slurm' ? {
    cpus, time: slurmTime(options), extra: asList(options.sbatchArg),
    ...(options.partition ? { partition: String(options.partition) } : {}), ...(options.account ? { account: String(options.account) } : {}),
    ...(options.mem ? { mem: String(options.mem) } : {}), ...(maxRunning ? { maxRunning } : {}),
  } : undefined;
  if (executor === 'slurm') assertSlurmAvailable();
  if (executor === 'local' && options.wait === false) {
    throw new HlschedError('USAGE', '--no-wait needs --executor slurm: local units run inside this process', { hint: 'drop --no-wait, or use --executor slurm' });
  }
  const unitOptions = Object.fromEntries(UNIT_OPTIONS.filter((key) => options[key] !== undefined).map((key) => [key, options[key]]));
  const log = options.json ? () => undefined : (line: string) => io.stderr(`${line}\n`);
  const { folder, spec } = await createRun({
    inputs, targets, executor, runDir: String(options.runDir ?? defaultRunDir(process.cwd())), optimize: unitOptions,
    wholeModel: wholeModelMode(options.wholeModel), cpus, ...(slurm ? { slurm } : {}),
    ...(options.func ? { func: String(options.func) } : {}),
    ...(options.corpus ? { corpus: String(options.corpus) } : {}), ...(options.index ? { index: String(options.index) } : {}),
  });
  const runner = makeExecutor(executor, { ...(pollMs ? { pollMs } : {}), log });
  const kernels = spec.units.filter((u) => u.kind === 'kernel').length;
  const layers = spec.units.length - kernels;
  log(`run ${folder.dir}: ${spec.units.length} units (${kernels ? `${kernels} kernel x target` : ''}${kernels && layers ? ', ' : ''}${layers ? `${layers} model layers x target` : ''}) on ${executor}`);
  await submit(folder, spec, runner, spec.units.map((u) => u.id));
  if (executor === 'slurm') log(`submitted job array ${spec.submissions.at(-1)!.jobId}`);
  if (options.wait === false) {
    if (options.json) io.stdout(`${JSON.stringify({ run: spec.id, dir: folder.dir, executor, jobId: spec.submissions.at(-1)!.jobId, units: spec.units.length })}\n`);
    else io.stdout(`submitted ${spec.units.length} units; follow with \`hlsched runs status ${folder.dir}\`, finish with \`hlsched runs collect ${folder.dir}\`\n`);
    return 0;
  }
  const statuses = await watch(io, folder, spec, runner, !!options.json, pollMs);
  const summary = await finishRun(folder, spec, statuses, { ingestAlways: !!options.ingest, log });
  const seconds = (Date.now() - started) / 1000;
  if (options.json) io.stdout(`${JSON.stringify({ ...summary, seconds }, null, 2)}\n`);
  else io.stdout(summaryText(summary, seconds));
  return succeeded(summary) ? 0 : 1;
}

export const RUN_ACTIONS = ['status', 'collect', 'cancel', 'resume'] as const;

export async function runRunsCommand(action: string, dir: string, options: Record<string, unknown>, io: CliIo): Promise<number> {
  if (!(RUN_ACTIONS as readonly string[]).includes(action)) {
    throw new HlschedError('USAGE', `runs ${action} is not an action`, { hint: `use hlsched runs ${RUN_ACTIONS.join('|')} RUN_DIR` });
  }
  const pollMs = options.poll === undefined ? undefined : parsePositiveNumber('--poll', options.poll)! * 1000;
  const { folder, spec } = await openRun(dir);
  const log = options.json ? () => undefined : (line: string) => io.stderr(`${line}\n`);
  const executor = makeExecutor(spec.executor, { ...(pollMs ? { pollMs } : {}), log });
  if (action === 'cancel') {
    const told = await executor.cancel(folder, spec);
    if (options.json) io.stdout(`${JSON.stringify({ run: spec.id, cancelled: told })}\n`);
    else io.stdout(`run ${spec.id}: cancel sent to ${told} ${spec.executor === 'slurm' ? 'job array(s)' : 'process(es)'}; units it stopped show as lost (interrupted, not evaluated); \`hlsched runs resume ${folder.dir}\` runs them again\n`);
    return 0;
  }
  if (action === 'resume') {
    const started = Date.now();
    const resubmitted = await submit(folder, spec, executor);
    log(resubmitted.length ? `resubmitted ${resubmitted.length} units (${resubmitted.join(', ')})${spec.executor === 'slurm' ? ` as job array ${spec.submissions.at(-1)!.jobId}` : ''}` : 'nothing to resubmit: every unit has a result or is queued');
    if (options.wait === false) return 0;
    const statuses = await watch(io, folder, spec, executor, !!options.json, pollMs);
    const summary = await finishRun(folder, spec, statuses, { ingestAlways: !!options.ingest, log });
    const seconds = (Date.now() - started) / 1000;
    if (options.json) io.stdout(`${JSON.stringify({ ...summary, resubmitted, seconds }, null, 2)}\n`);
    else io.stdout(summaryText(summary, seconds));
    return succeeded(summary) ? 0 : 1;
  }
  const statuses = await unitStatuses(folder, spec, executor);
  if (action === 'collect') {
    const counts = countStates(statuses);
    if (counts.pending + counts.running > 0) {
      throw new HlschedError('USAGE', `run ${spec.id} still has ${counts.pending + counts.running} units queued or running`, { hint: `wait, or \`hlsched runs status ${folder.dir}\`` });
    }
    const summary = await finishRun(folder, spec, statuses, { ingestAlways: !!options.ingest, log });
    if (options.json) io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
    else io.stdout(summaryText(summary, undefined));
    return succeeded(summary) ? 0 : 1;
  }
  const counts = countStates(statuses);
  if (options.json) {
    io.stdout(`${JSON.stringify({ run: spec.id, dir: folder.dir, executor: spec.executor, counts, units: statuses.map((s) => ({ id: s.unit.id, label: s.unit.label, state: s.state, ...(s.reason ? { reason: s.reason } : {}), ...(s.result?.result ? { bestCycles: s.result.result.bestCycles, verified: s.result.result.verified } : {}) })) }, null, 2)}\n`);
  } else {
    io.stdout([
      `run ${spec.id} (${spec.executor}${spec.submissions.length ? `, jobs ${spec.submissions.map((s) => s.jobId).join(', ')}` : ''}): ${Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(', ')}`,
      ...statuses.map((s) => `  ${s.unit.id}  ${s.state.padEnd(7)}  ${s.unit.label}${s.result?.result ? `: ${s.result.result.baselineCycles} -> ${s.result.result.bestCycles} cycles` : ''}${s.reason ? `: ${s.reason}` : ''}`),
      '',
    ].join('\n'));
  }
  return 0;
}

/** What each Slurm array task (or local child) runs: one unit. */
export async function runBatchTaskCommand(dir: string, unit: string, io: CliIo): Promise<number> {
  const outcome = await runUnit(dir, unit, (line) => io.stderr(`${line}\n`));
  return outcome.result?.status === 'failed' ? 1 : 0;
}
