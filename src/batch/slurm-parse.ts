/**
 * What Slurm prints, read into values. Only formats chosen by us (`--parsable`, `-h -o`) are parsed:
 * they are stable across releases, unlike the default tables or `--json` (absent from 22.05's scontrol).
 */

/** `sbatch --parsable` prints `JOBID` or `JOBID;CLUSTER`. */
export function parseSbatchJobId(stdout: string): string {
  const line = stdout.trim().split('\n').at(-1)?.trim() ?? '';
  const match = /^(\d+)(?:;[\w.-]+)?$/.exec(line);
  if (!match) throw new Error(`sbatch printed no job id: ${JSON.stringify(stdout.trim().slice(0, 200))}`);
  return match[1]!;
}

export const SQUEUE_FORMAT = '%F|%K|%T|%r';

export interface QueueEntry {
  /** The array's job id. */
  jobId: string;
  /** The array index (the unit's index), or undefined for a job that is not an array. */
  task: number | undefined;
  state: string;
  reason: string;
}

/**
 * `squeue -h -r -o '%F|%K|%T|%r'`: one line per array task (-r); `%F` is the array's job id, `%K` the index, or a range such as
 * `[3-7%2]` when Slurm still folds pending tasks (older releases without -r), which is expanded.
 */
export function parseSqueue(stdout: string): QueueEntry[] {
  const entries: QueueEntry[] = [];
  for (const line of stdout.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const [jobId, task, state, reason] = line.split('|');
    if (!jobId || !/^\d+$/.test(jobId) || !state) continue;
    for (const index of expandArrayIndices(task ?? '')) entries.push({ jobId, task: index, state, reason: reason ?? '' });
  }
  return entries;
}

/** `4`, `[0-3,7%2]`, `N/A` -> indices (undefined for a non-array job). */
export function expandArrayIndices(text: string): Array<number | undefined> {
  const spec = text.replace(/^\[|\]$/g, '').replace(/%\d+$/, '');
  if (!spec || spec === 'N/A') return [undefined];
  const indices: number[] = [];
  for (const part of spec.split(',')) {
    const range = /^(\d+)(?:-(\d+))?(?::(\d+))?$/.exec(part);
    if (!range) continue;
    const [from, to, step] = [Number(range[1]), Number(range[2] ?? range[1]), Number(range[3] ?? 1)];
    for (let i = from; i <= to; i += step) indices.push(i);
  }
  return indices;
}

/** `[0, 1, 2, 5, 7, 8]` -> `0-2,5,7-8` (what `sbatch --array` takes), with `%max` when given. */
export function arraySpec(indices: number[], maxRunning?: number): string {
  const sorted = [...new Set(indices)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(i === j ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j;
  }
  return `${parts.join(',')}${maxRunning ? `%${maxRunning}` : ''}`;
}

/** Slurm job states as a unit sees them; anything finished is judged by the result files instead. */
export function queueState(state: string): 'pending' | 'running' | undefined {
  const s = state.toUpperCase();
  if (['PENDING', 'REQUEUED', 'REQUEUE_HOLD', 'REQUEUE_FED', 'RESV_DEL_HOLD', 'SPECIAL_EXIT', 'CONFIGURING'].includes(s)) return s === 'CONFIGURING' ? 'running' : 'pending';
  if (['RUNNING', 'COMPLETING', 'SUSPENDED', 'STAGE_OUT', 'SIGNALING', 'RESIZING', 'STOPPED'].includes(s)) return 'running';
  return undefined;
}
