import type { RunFolder } from './run-dir.js';
import type { ExecutorName, RunSpec, Submission, UnitSpec } from './types.js';

/**
 * Where units run. An executor only starts, watches and stops tasks; what a unit produced is read
 * from the run folder, never from the executor.
 */
export interface Executor {
  readonly name: ExecutorName;
  /** Starts these units (each runs `hlsched batch-task RUN UNIT`); returns what to record in run.json. */
  submit(folder: RunFolder, spec: RunSpec, units: UnitSpec[]): Promise<Submission>;
  /** Units waiting or running now, by unit id: one call for the whole run, rate-limited. */
  queued(folder: RunFolder, spec: RunSpec): Promise<Map<string, 'pending' | 'running'>>;
  /** Stops every task of the run still queued or running; returns how many jobs or processes were told. */
  cancel(folder: RunFolder, spec: RunSpec): Promise<number>;
}

/** The command a task runs: this very hlsched, through the same node. */
export function taskCommand(runDir: string, unit: string): { file: string; args: string[] } {
  return { file: process.execPath, args: [TASK_ENTRY, 'batch-task', runDir, unit] };
}

export const TASK_ENTRY = new URL('../cli/main.js', import.meta.url).pathname;
