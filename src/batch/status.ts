import type { Executor } from './executor.js';
import type { RunFolder } from './run-dir.js';
import type { RunSpec, UnitState, UnitStatus } from './types.js';

/**
 * Each unit's state: its result file if there is one (done or failed), else what the queue says
 * (pending, running), else lost, with what is known about why.
 */
export async function unitStatuses(folder: RunFolder, spec: RunSpec, executor: Executor): Promise<UnitStatus[]> {
  const queued = await executor.queued(folder, spec);
  const submitted = new Set(spec.submissions.flatMap((s) => s.units));
  return Promise.all(spec.units.map(async (unit): Promise<UnitStatus> => {
    const result = await folder.readResult(unit.id);
    if (result) return { unit, state: result.status, result, ...(result.reason ? { reason: result.reason } : {}) };
    const inQueue = queued.get(unit.id);
    if (inQueue) return { unit, state: inQueue };
    const interruption = await folder.readInterruption(unit.id);
    if (interruption) {
      return { unit, state: 'lost', reason: `interrupted by ${interruption.signal} on ${interruption.host} at ${interruption.at}: not evaluated` };
    }
    if (!submitted.has(unit.id)) return { unit, state: 'lost', reason: 'never submitted' };
    if (spec.executor !== 'slurm') return { unit, state: 'lost', reason: 'no result and no process runs it (the batch was stopped before it finished)' };
    const job = spec.submissions.filter((s) => s.units.includes(unit.id)).at(-1)?.jobId;
    const last = job ? await folder.lastLogLine(job, unit.index) : undefined;
    const log = job ? `logs/${job}_${unit.index}.out` : 'logs/';
    return { unit, state: 'lost', reason: `no result and no longer queued (the task died${last ? `; its last line: ${last.slice(0, 200)}` : ', printing nothing'}; see ${log})` };
  }));
}

export function countStates(statuses: UnitStatus[]): Record<UnitState, number> {
  const counts: Record<UnitState, number> = { pending: 0, running: 0, done: 0, failed: 0, lost: 0 };
  for (const status of statuses) counts[status.state]++;
  return counts;
}

export function isSettled(statuses: UnitStatus[]): boolean {
  return statuses.every((s) => s.state !== 'pending' && s.state !== 'running');
}
