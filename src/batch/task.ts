import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HlschedError } from '../errors.js';
import { runOptimizeCommand, type OptimizeCliOptions } from '../cli/commands/optimize.js';
import type { OptimizeResult } from '../optimize/optimize.js';
import { RunFolder } from './run-dir.js';
import type { RunSpec, UnitResult, UnitSpec } from './types.js';

/**
 * One unit of work where it runs (a Slurm array task, or a local child process): the same optimizer
 * as `hlsched optimize`, its outcome written atomically to units/<id>/result.json. A unit that already
 * has a result is skipped (a requeued or preempted task redoes nothing). A SIGTERM mid-unit (scancel,
 * requeue, preemption, time limit) records the unit as interrupted, not evaluated: it never becomes a
 * failed unit or a rejected schedule, and resume runs it again.
 */

export function findUnit(spec: RunSpec, which: string): UnitSpec {
  const unit = spec.units.find((u) => u.id === which || String(u.index) === which);
  if (!unit) throw new HlschedError('USAGE', `run ${spec.id} has no unit ${which}`, { hint: `units are ${spec.units[0]?.id ?? 'none'}..${spec.units.at(-1)?.id ?? ''} or their indices` });
  return unit;
}

export function unitOptimizeOptions(spec: RunSpec, unit: UnitSpec, outDir: string): OptimizeCliOptions {
  return {
    ...(spec.optimize as OptimizeCliOptions),
    target: unit.target, out: outDir, json: true, corpus: spec.corpus, index: spec.index,
    ...(unit.func ? { func: unit.func } : {}),
    // Layer kernels are single ops: searched directly, not chunked again.
    ...(unit.kind === 'layer' ? { wholeModel: 'off' } : {}),
    updateIndex: false, concurrency: spec.cpus,
  };
}

export interface TaskOutcome {
  unit: string;
  skipped: boolean;
  result?: UnitResult;
}

export async function runUnit(runDir: string, which: string, log: (line: string) => void = () => undefined): Promise<TaskOutcome> {
  const folder = new RunFolder(runDir);
  const spec = await folder.readSpec();
  const unit = findUnit(spec, which);
  if (await folder.readResult(unit.id)) {
    log(`${unit.id} (${unit.label}) already has a result: skipped`);
    return { unit: unit.id, skipped: true };
  }
  await folder.clearUnit(unit.id);
  const jobId = process.env.SLURM_ARRAY_JOB_ID ? `${process.env.SLURM_ARRAY_JOB_ID}_${process.env.SLURM_ARRAY_TASK_ID}` : process.env.SLURM_JOB_ID ?? null;
  const restarts = Number(process.env.SLURM_RESTART_COUNT ?? 0);
  const started = new Date();
  process.env.HLSCHED_RUN_ID = spec.id;
  // Relative options (corpus, kernels) resolve where batch ran.
  process.chdir(spec.cwd);

  // Every temporary folder of this unit (the optimizer's, the tools') goes under one scratch folder,
  // removed at the end or when a signal stops the task: nothing outlives it.
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'hlsched-task-'));
  const previousTmp = process.env.TMPDIR;
  process.env.TMPDIR = scratch;
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = true;
    try {
      folder.writeInterruption({ unit: unit.id, signal, host: os.hostname(), jobId, at: new Date().toISOString() });
      log(`${unit.id}: ${signal} received: recorded as interrupted (not evaluated)`);
    } catch (error) {
      log(`${unit.id}: ${signal} received, and the interruption could not be recorded: ${(error as Error).message}`);
    }
    rmSync(scratch, { recursive: true, force: true });
    process.exit(128 + (os.constants.signals[signal] ?? 15));
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  // Only now say the unit started: a cancel that reads started.json finds a task that records its interruption.
  await folder.writeStarted(unit.id);

  let stdout = '';
  let stderr = '';
  const io = { stdout: (text: string) => { stdout += text; }, stderr: (text: string) => { stderr += text; } };
  let record: UnitResult;
  const base = { unit: unit.id, host: os.hostname(), jobId, restarts, startedAt: started.toISOString() };
  try {
    const code = await runOptimizeCommand(unit.kernel, unitOptimizeOptions(spec, unit, path.join(folder.unitDir(unit.id), 'out')), io);
    // Exit 1 with a result is a search that found nothing faster (its outcome says why): still a finished unit.
    const result = (code === 0 || code === 1) && stdout.trim().startsWith('{') ? JSON.parse(stdout) as OptimizeResult : undefined;
    if (!result) throw new Error(`optimize exited with ${code}: ${stderr.trim().split('\n').at(-1) ?? ''}`);
    record = {
      ...base, status: 'done', finishedAt: new Date().toISOString(), seconds: (Date.now() - started.getTime()) / 1000,
      result: {
        function: result.function, baselineCycles: result.baselineCycles, bestCycles: result.bestCycles, speedup: result.speedup,
        verified: result.verified, steps: result.steps, recipe: result.recipe, source: result.source, accepted: result.accepted,
        outDir: result.outDir, evaluations: result.candidates.evaluations, outcome: result.outcome, reason: result.reason,
      },
    };
  } catch (error) {
    record = {
      ...base, status: 'failed', finishedAt: new Date().toISOString(), seconds: (Date.now() - started.getTime()) / 1000,
      reason: (HlschedError.isInstance(error) ? error.message : (error as Error).message).split('\n')[0]!.slice(0, 500),
    };
  }
  if (previousTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = previousTmp;
  rmSync(scratch, { recursive: true, force: true });
  // A signal arrived while the optimizer ran: its tools were killed mid-candidate, so whatever it
  // concluded is not a result. The interruption note stands; nothing is recorded as failed.
  if (interrupted) return { unit: unit.id, skipped: false };
  process.off('SIGTERM', onSignal);
  process.off('SIGINT', onSignal);
  await folder.writeResult(record);
  log(`${unit.id} (${unit.label}): ${record.status}${record.result ? `, ${record.result.baselineCycles} -> ${record.result.bestCycles} cycles` : ` (${record.reason})`}`);
  return { unit: unit.id, skipped: false, result: record };
}
