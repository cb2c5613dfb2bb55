import os from 'node:os';
import { execa, type ResultPromise } from 'execa';
import type { Executor } from './executor.js';
import { taskCommand } from './executor.js';
import type { RunFolder } from './run-dir.js';
import type { RunSpec, Submission, UnitSpec } from './types.js';
import { processAlive } from '../process-alive.js';

/** How long `runs cancel` waits for the signalled local processes to exit. */
const CANCEL_WAIT_MS = 30_000;

/**
 * Units as child processes of the batch command on this machine, as many at once as the cores allow
 * (cores / cpus per unit). Each child is the same task a Slurm array index runs.
 */
export class LocalExecutor implements Executor {
  readonly name = 'local' as const;
  private readonly waiting: UnitSpec[] = [];
  private readonly running = new Map<string, ResultPromise>();
  private finished?: Promise<void>;

  constructor(private readonly options: { parallel?: number; unitTimeoutMs?: number; cancelWaitMs?: number; log?: (line: string) => void } = {}) {}

  async submit(folder: RunFolder, spec: RunSpec, units: UnitSpec[]): Promise<Submission> {
    this.waiting.push(...units);
    const parallel = this.options.parallel ?? Math.max(1, Math.floor(os.availableParallelism() / Math.max(1, spec.cpus)));
    const worker = async () => {
      for (let unit = this.waiting.shift(); unit; unit = this.waiting.shift()) {
        const { file, args } = taskCommand(folder.dir, unit.id);
        const child = execa(file, args, {
          reject: false, stdin: 'ignore', all: true, cwd: spec.cwd,
          timeout: this.options.unitTimeoutMs ?? 3 * 3600_000, killSignal: 'SIGTERM', forceKillAfterDelay: 10_000,
          env: { HLSCHED_RUN_ID: spec.id },
        });
        this.running.set(unit.id, child);
        const result = await child;
        this.running.delete(unit.id);
        if (result.exitCode !== 0) this.options.log?.(`${unit.id}: task ${result.timedOut ? 'timed out' : `exited with ${result.exitCode ?? result.signal}`}: ${String(result.all ?? '').trim().split('\n').at(-1) ?? ''}`);
      }
    };
    this.finished = Promise.all(Array.from({ length: parallel }, worker)).then(() => undefined);
    return { executor: 'local', jobId: `local-${process.pid}`, host: os.hostname(), units: units.map((u) => u.id), at: new Date().toISOString() };
  }

  /** Resolves when every submitted unit's process has ended. */
  drained(): Promise<void> {
    return this.finished ?? Promise.resolve();
  }

  async queued(folder: RunFolder, spec: RunSpec): Promise<Map<string, 'pending' | 'running'>> {
    const states = new Map<string, 'pending' | 'running'>();
    if (this.finished) {
      for (const unit of this.waiting) states.set(unit.id, 'pending');
      for (const id of this.running.keys()) states.set(id, 'running');
      return states;
    }
    // Another process asks (hlsched runs status): the submitting process and the tasks' pids on this host.
    const here = os.hostname();
    for (const submission of spec.submissions.filter((s) => s.executor === 'local' && s.host === here)) {
      const submitter = Number(submission.jobId.replace(/^local-/, ''));
      if (!processAlive(submitter)) continue;
      for (const id of submission.units) {
        if (await folder.readResult(id)) continue;
        const started = await folder.readStarted(id);
        states.set(id, started && started.host === here && processAlive(started.pid) ? 'running' : 'pending');
      }
    }
    return states;
  }

  async cancel(folder: RunFolder, spec: RunSpec): Promise<number> {
    let told = 0;
    if (this.finished) {
      this.waiting.length = 0;
      for (const child of this.running.values()) { child.kill('SIGTERM'); told++; }
      return told;
    }
    const here = os.hostname();
    const signalled: Array<{ unit?: string; pid: number }> = [];
    const stop = (pid: number, unit?: string) => { process.kill(pid, 'SIGTERM'); signalled.push({ pid, unit }); told++; };
    for (const submission of spec.submissions.filter((s) => s.executor === 'local' && s.host === here)) {
      const submitter = Number(submission.jobId.replace(/^local-/, ''));
      if (processAlive(submitter)) stop(submitter);
      for (const id of submission.units) {
        const started = await folder.readStarted(id);
        if (started && started.host === here && processAlive(started.pid) && !(await folder.readResult(id))) stop(started.pid, id);
      }
    }
    // Return once the tasks have recorded their interruption and gone (bounded): status right after a cancel is then final.
    const until = Date.now() + (this.options.cancelWaitMs ?? CANCEL_WAIT_MS);
    while (signalled.some((s) => processAlive(s.pid)) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 100));
    // A task busy in synchronous work past the wait is killed; whichever way a signalled task ended, a unit
    // with neither a result nor its own note gets the interruption recorded here: it was stopped, not evaluated.
    for (const { pid, unit } of signalled) {
      if (processAlive(pid)) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone meanwhile */ } }
      if (unit && !(await folder.readResult(unit)) && !(await folder.readInterruption(unit))) {
        folder.writeInterruption({ unit, signal: 'SIGTERM', host: here, jobId: null, at: new Date().toISOString() });
      }
    }
    return told;
  }
}
