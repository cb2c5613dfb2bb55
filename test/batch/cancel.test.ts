import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalExecutor } from '../../src/batch/local.js';
import { RunFolder } from '../../src/batch/run-dir.js';
import { unitStatuses } from '../../src/batch/status.js';
import type { RunSpec } from '../../src/batch/types.js';
import { processAlive } from '../../src/process-alive.js';

// A process that ignores SIGTERM, as a task does whose event loop is stuck in synchronous work.
const deaf = () => execa(process.execPath, ['-e', "process.on('SIGTERM', () => {}); console.log('ready'); setInterval(() => {}, 1000)"], { reject: false, buffer: false });

let dir: string | undefined;
afterEach(async () => { if (dir) await rm(dir, { recursive: true, force: true }); });

describe('runs cancel on a local run', () => {
  it('kills a task that does not answer SIGTERM and records the unit as interrupted, not evaluated', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'hlsched-cancel-'));
    const folder = new RunFolder(path.join(dir, 'run'));
    await folder.create();
    const task = deaf();
    await new Promise<void>((resolve) => task.stdout!.once('data', () => resolve()));
    const unit = { id: 'u000', index: 0, kind: 'kernel' as const, kernel: '/k.mlir', target: 'fpga', label: 'k.mlir on fpga' };
    const spec = {
      version: 1, id: 'run', created: new Date().toISOString(), host: os.hostname(), user: 'test', executor: 'local', cwd: dir,
      optimize: {}, cpus: 1, corpus: path.join(dir, 'corpus'), index: path.join(dir, 'index'), units: [unit], models: [],
      submissions: [{ executor: 'local', jobId: `local-${task.pid}`, host: os.hostname(), units: ['u000'], at: new Date().toISOString() }],
    } satisfies RunSpec;
    await folder.writeSpec(spec);
    await mkdir(folder.unitDir('u000'), { recursive: true });
    await writeFile(folder.startedFile('u000'), JSON.stringify({ host: os.hostname(), pid: task.pid, at: new Date().toISOString() }));

    const told = await new LocalExecutor({ cancelWaitMs: 500 }).cancel(folder, spec);
    expect(told).toBe(2); // the submitter's pid and the task's (here the same process)
    const ended = await task;
    expect(ended.signal).toBe('SIGKILL');
    expect(processAlive(task.pid!)).toBe(false);
    const [status] = await unitStatuses(folder, spec, new LocalExecutor());
    expect(status).toMatchObject({ state: 'lost', reason: expect.stringMatching(/interrupted by SIGTERM.*not evaluated/) });
  });
});
