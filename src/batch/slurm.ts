import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { HlschedError } from '../errors.js';
import { runExecutable } from '../toolchain/run-tool.js';
import type { Executor } from './executor.js';
import { taskCommand } from './executor.js';
import type { RunFolder } from './run-dir.js';
import { arraySpec, parseSbatchJobId, parseSqueue, queueState, SQUEUE_FORMAT } from './slurm-parse.js';
import type { RunSpec, SlurmSettings, Submission, UnitSpec } from './types.js';

const COMMAND_TIMEOUT_MS = 60_000;

/** The Slurm command-line tools, found on PATH (or in SLURM_BIN). */
function slurmTool(name: 'sbatch' | 'squeue' | 'scancel'): string {
  return process.env.SLURM_BIN ? path.join(process.env.SLURM_BIN, name) : name;
}

async function run(name: 'sbatch' | 'squeue' | 'scancel', args: string[]) {
  try {
    return await runExecutable(slurmTool(name), args, { timeoutMs: COMMAND_TIMEOUT_MS });
  } catch (cause) {
    throw new HlschedError('BACKEND_UNAVAILABLE', `${name} is not installed here: --executor slurm needs the Slurm client tools`,
      { hint: 'run on a login node of your cluster, or start a one-node Slurm with `bash scripts/slurm-local.sh start`', cause });
  }
}

/** Before a run folder is made: the Slurm client tools must be here. */
export function assertSlurmAvailable(): void {
  const dirs = process.env.SLURM_BIN ? [process.env.SLURM_BIN] : (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  if (!dirs.some((dir) => existsSync(path.join(dir, 'sbatch')))) {
    throw new HlschedError('BACKEND_UNAVAILABLE', 'sbatch is not installed here: --executor slurm needs the Slurm client tools',
      { hint: 'run on a login node of your cluster, or start a one-node Slurm with `bash scripts/slurm-local.sh start`' });
  }
}

/** The batch script of a run: each array index runs the unit with that index. */
export function batchScript(runDir: string): string {
  const { file, args } = taskCommand(runDir, '${SLURM_ARRAY_TASK_ID}');
  const quote = (text: string) => (text.includes('${') ? `"${text}"` : `'${text.replace(/'/g, `'\\''`)}'`);
  return [
    '#!/bin/bash',
    '# Written by hlsched batch: one unit of the run per array index; results go to units/<id>/result.json.',
    'set -euo pipefail',
    `exec ${[file, ...args].map(quote).join(' ')}`,
    '',
  ].join('\n');
}

export function sbatchArgs(spec: RunSpec, settings: SlurmSettings, units: UnitSpec[], script: string, logsDir: string): string[] {
  return [
    '--parsable', `--job-name=hlsched-${spec.id}`,
    `--array=${arraySpec(units.map((u) => u.index), settings.maxRunning)}`,
    `--output=${path.join(logsDir, '%A_%a.out')}`, `--chdir=${spec.cwd}`,
    `--cpus-per-task=${settings.cpus}`, '--requeue', '--export=ALL',
    ...(settings.partition ? [`--partition=${settings.partition}`] : []),
    ...(settings.account ? [`--account=${settings.account}`] : []),
    ...(settings.time ? [`--time=${settings.time}`] : []),
    ...(settings.mem ? [`--mem=${settings.mem}`] : []),
    ...settings.extra,
    script,
  ];
}

/**
 * One job array per submission (`sbatch --array`), watched with one `squeue` call for the whole run
 * (at most one per `minPollMs`), stopped with `scancel`. sacct is not used: results are files.
 */
export class SlurmExecutor implements Executor {
  readonly name = 'slurm' as const;
  private last?: { at: number; states: Map<string, 'pending' | 'running'> };

  constructor(private readonly minPollMs = 2_000) {}

  async submit(folder: RunFolder, spec: RunSpec, units: UnitSpec[]): Promise<Submission> {
    const script = path.join(folder.dir, 'task.sh');
    await writeFile(script, batchScript(folder.dir), { mode: 0o755 });
    const settings = spec.slurm ?? { cpus: spec.cpus, extra: [] };
    const result = await run('sbatch', sbatchArgs(spec, settings, units, script, folder.logsDir));
    if (result.exitCode !== 0) {
      throw new HlschedError('TOOL_FAILED', `sbatch refused the job array: ${result.stderr.trim().split('\n').at(-1) ?? `exit ${result.exitCode}`}`,
        { hint: 'check --partition/--account/--time/--sbatch-arg and SLURM_CONF' });
    }
    this.last = undefined;
    return { executor: 'slurm', jobId: parseSbatchJobId(result.stdout), host: os.hostname(), units: units.map((u) => u.id), at: new Date().toISOString() };
  }

  async queued(_folder: RunFolder, spec: RunSpec): Promise<Map<string, 'pending' | 'running'>> {
    if (this.last && Date.now() - this.last.at < this.minPollMs) return this.last.states;
    const jobs = [...new Set(spec.submissions.filter((s) => s.executor === 'slurm').map((s) => s.jobId))];
    const states = new Map<string, 'pending' | 'running'>();
    if (jobs.length > 0) {
      const result = await run('squeue', ['-h', '-r', `--jobs=${jobs.join(',')}`, `--format=${SQUEUE_FORMAT}`]);
      // Jobs that left the queue (MinJobAge passed) make squeue say "Invalid job id": nothing queued.
      if (result.exitCode !== 0 && !/invalid job id/i.test(result.stderr)) {
        throw new HlschedError('TOOL_FAILED', `squeue failed: ${result.stderr.trim().split('\n').at(-1) ?? `exit ${result.exitCode}`}`,
          { hint: 'check that slurmctld answers (sinfo) and SLURM_CONF' });
      }
      const byIndex = new Map(spec.units.map((u) => [u.index, u.id]));
      for (const entry of parseSqueue(result.stdout)) {
        const id = entry.task === undefined ? undefined : byIndex.get(entry.task);
        const state = queueState(entry.state);
        if (id && state) states.set(id, state);
      }
    }
    this.last = { at: Date.now(), states };
    return states;
  }

  async cancel(_folder: RunFolder, spec: RunSpec): Promise<number> {
    const jobs = [...new Set(spec.submissions.filter((s) => s.executor === 'slurm').map((s) => s.jobId))];
    if (jobs.length === 0) return 0;
    const result = await run('scancel', jobs);
    if (result.exitCode !== 0 && !/invalid job id/i.test(result.stderr)) {
      throw new HlschedError('TOOL_FAILED', `scancel failed: ${result.stderr.trim().split('\n').at(-1) ?? ''}`, { hint: 'check SLURM_CONF' });
    }
    this.last = undefined;
    return jobs.length;
  }
}
