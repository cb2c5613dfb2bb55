import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStoredSchedules } from '../../src/optimize/corpus-store.js';
import { syntheticModel } from '../../scripts/kernels/synthetic.js';
import type { RunSpec } from '../../src/batch/types.js';
import { hlschedBin, kernel, repoRoot } from '../helpers/paths.js';
import { ensureSlurm, queuedTasks, waitFor } from '../helpers/slurm.js';

/**
 * hlsched batch on a real Slurm (the single-node cluster of scripts/slurm-local.sh), one test after
 * the other: they share the node's two cores.
 */
let dir: string;
beforeAll(async () => {
  await ensureSlurm();
  dir = await mkdtemp(path.join(os.tmpdir(), 'hlsched-batch-'));
}, 600_000);
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

const hlsched = (args: string[], options: { reject?: boolean; env?: Record<string, string> } = {}) =>
  execa(hlschedBin, args, { cwd: dir, reject: options.reject ?? true, env: { SLURM_CONF: process.env.SLURM_CONF!, ...options.env } });
const json = <T>(text: string) => JSON.parse(text) as T;
interface Summary {
  counts: Record<string, number>;
  units: Array<{ id: string; label: string; state: string; bestCycles: number; verified: boolean; reason?: string }>;
  models: Array<{ verified: boolean; bestCycles: number; baselineCycles: number; layersUsed: number }>;
}
const readSpec = async (run: string) => json<RunSpec>(await readFile(path.join(run, 'run.json'), 'utf8'));
const model = (conv: number, dense: number) => syntheticModel({ name: 'model', conv, dense, length: 8, channels: 4, width: 8, weightsAsArguments: true });

describe('scripts/slurm-local.sh', () => {
  it('start is safe to run twice: the same SLURM_CONF, the same daemons, an idle or busy node', async () => {
    const pids = async () => Promise.all(['slurmctld.pid', 'slurmd.pid'].map((f) => readFile(path.join(path.dirname(process.env.SLURM_CONF!), f), 'utf8')));
    const before = await pids();
    const again = await execa('bash', [path.join(repoRoot, 'scripts', 'slurm-local.sh'), 'start']);
    expect(again.stdout.trim()).toBe(`export SLURM_CONF=${process.env.SLURM_CONF}`);
    expect(await pids()).toEqual(before);
    const state = await execa('sinfo', ['-h', '-o', '%T']);
    expect(['idle', 'mixed', 'allocated']).toContain(state.stdout.trim());
  });
});

describe('hlsched batch --executor slurm', () => {
  it('12 kernels on both targets: every unit verified, the same best cycles as --executor local', async () => {
    const kernels = path.join(dir, 'kernels');
    await mkdir(kernels);
    for (const name of ['matmul', 'gemm', 'atax', '2mm', 'mvt', 'bicg']) await cp(kernel(`${name}.mlir`), path.join(kernels, `${name}.mlir`));
    for (const name of ['gemm_2', 'gemm_4', 'gemm_8', 'atax_2', 'atax_4', 'atax_8']) await cp(kernel(`calibration/${name}.mlir`), path.join(kernels, `${name}.mlir`));
    const common = ['batch', kernels, '--target', 'fpga,asic', '--llm', 'none', '--budget', '6', '--json'];
    const local = json<Summary>((await hlsched([...common, '--executor', 'local', '--run-dir', 'run-local', '--corpus', 'corpus-local'])).stdout);
    const slurm = json<Summary>((await hlsched([...common, '--executor', 'slurm', '--run-dir', 'run-slurm', '--corpus', 'corpus-slurm'])).stdout);
    expect(slurm.units).toHaveLength(24);
    expect(slurm.counts.done).toBe(24);
    expect(slurm.units.every((u) => u.verified)).toBe(true);
    expect(slurm.units.map((u) => [u.label, u.bestCycles])).toEqual(local.units.map((u) => [u.label, u.bestCycles]));
    // Every unit really ran as an array task: Slurm wrote its log, the result names its job.
    const spec = await readSpec(path.join(dir, 'run-slurm'));
    expect(spec.submissions).toHaveLength(1);
    expect((await readdir(path.join(dir, 'run-slurm', 'logs'))).length).toBe(24);
    const result = json<{ jobId: string }>(await readFile(path.join(dir, 'run-slurm', 'units', 'u005', 'result.json'), 'utf8'));
    expect(result.jobId).toBe(`${spec.submissions[0]!.jobId}_5`);
    // Provenance in the corpus: host, user, run id.
    const stored = await readStoredSchedules(path.join(dir, 'corpus-slurm'));
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.every((s) => s.meta.provenance?.runId === spec.id && s.meta.provenance.host === os.hostname())).toBe(true);
  }, 600_000);

  it('a whole generated model (50+ layers, 10+ unique) runs with its unique layers as array tasks and the stitched schedule verifies', async () => {
    await writeFile(path.join(dir, 'model.mlir'), model(10, 10));
    const summary = json<Summary>((await hlsched(['batch', 'model.mlir', '--target', 'fpga', '--executor', 'slurm', '--llm', 'none', '--budget', '6',
      '--run-dir', 'run-model', '--corpus', 'corpus-model', '--json'])).stdout);
    const spec = await readSpec(path.join(dir, 'run-model'));
    const members = spec.models[0]!.layers.reduce((sum, layer) => sum + layer.members.length, 0);
    expect(members).toBeGreaterThanOrEqual(50);
    expect(spec.models[0]!.layers.length).toBeGreaterThanOrEqual(10);
    expect(spec.units.every((u) => u.kind === 'layer')).toBe(true);
    expect(summary.counts.done).toBe(spec.units.length);
    expect(summary.models).toHaveLength(1);
    expect(summary.models[0]!.verified).toBe(true);
    expect(summary.models[0]!.bestCycles).toBeLessThan(summary.models[0]!.baselineCycles);
    // The stitched schedule verifies on its own, through the public command.
    const verified = await hlsched(['verify', 'model.mlir', path.join('run-model', 'models', '0', 'schedule.mlir')], { reject: false });
    expect(verified.exitCode, verified.stderr).toBe(0);
  }, 600_000);
});

describe('faults on real Slurm', () => {
  it('scancel of one array task, then runs resume: the run completes with nothing lost', async () => {
    await writeFile(path.join(dir, 'big.mlir'), model(10, 10));
    await cp(kernel('calibration/gemm_2.mlir'), path.join(dir, 'gemm_2.mlir'));
    // The model as a plain kernel (--whole-model off): a unit long enough to be cancelled mid-run.
    // Tasks get this TMPDIR (sbatch --export=ALL): nothing may be left in it, even by the cancelled one.
    const tmp = path.join(dir, 'tmp-cancel');
    await mkdir(tmp);
    const submitted = json<{ jobId: string; dir: string }>((await hlsched(['batch', 'big.mlir', 'gemm_2.mlir', '--target', 'fpga', '--executor', 'slurm',
      '--whole-model', 'off', '--llm', 'none', '--budget', '12', '--run-dir', 'run-cancel', '--corpus', 'corpus-cancel', '--no-wait', '--json'], { env: { TMPDIR: tmp } })).stdout);
    const run = submitted.dir;
    await waitFor('unit u000 to start', () => stat(path.join(run, 'units', 'u000', 'started.json')).then(() => true, () => false), 120_000, 100);
    await execa('scancel', [`${submitted.jobId}_0`]);
    await waitFor('the job to leave the queue', async () => (await queuedTasks(submitted.jobId)).length === 0, 120_000, 500);
    const status = json<{ units: Array<{ id: string; state: string; reason?: string }> }>((await hlsched(['runs', 'status', run, '--json'])).stdout);
    expect(status.units.find((u) => u.id === 'u000')).toMatchObject({ state: 'lost', reason: expect.stringMatching(/interrupted by SIGTERM.*not evaluated/) });
    expect(status.units.find((u) => u.id === 'u001')!.state).toBe('done');
    expect(await readdir(tmp)).toEqual([]);
    const resumed = await hlsched(['runs', 'resume', run, '--json'], { env: { TMPDIR: tmp } });
    const summary = json<Summary & { resubmitted: string[] }>(resumed.stdout);
    expect(summary.resubmitted).toEqual(['u000']);
    expect(summary.counts.done).toBe(2);
    expect(summary.units.every((u) => u.verified)).toBe(true);
    expect((await readSpec(run)).submissions).toHaveLength(2);
    expect(await readdir(tmp)).toEqual([]);
  }, 600_000);

  it('a task killed outright (SIGKILL, as the OOM killer does) is lost, and its status names the log to read', async () => {
    const submitted = json<{ jobId: string; dir: string }>((await hlsched(['batch', 'big.mlir', '--target', 'fpga', '--executor', 'slurm',
      '--whole-model', 'off', '--llm', 'none', '--budget', '12', '--run-dir', 'run-kill', '--corpus', 'corpus-kill', '--no-wait', '--json'])).stdout);
    await waitFor('unit u000 to start', () => stat(path.join(submitted.dir, 'units', 'u000', 'started.json')).then(() => true, () => false), 120_000, 100);
    // scancel --signal=KILL is a plain cancel to Slurm (SIGTERM first): kill the task itself, as the kernel would.
    const started = json<{ pid: number }>(await readFile(path.join(submitted.dir, 'units', 'u000', 'started.json'), 'utf8'));
    process.kill(started.pid, 'SIGKILL');
    await waitFor('the job to leave the queue', async () => (await queuedTasks(submitted.jobId)).length === 0, 120_000, 500);
    const status = json<{ units: Array<{ id: string; state: string; reason?: string }> }>((await hlsched(['runs', 'status', submitted.dir, '--json'])).stdout);
    const unit = status.units.find((u) => u.id === 'u000')!;
    expect(unit.state).toBe('lost');
    expect(unit.reason).toContain(`the task died`);
    expect(unit.reason).toContain(`see logs/${submitted.jobId}_0.out`);
    expect(await readFile(path.join(submitted.dir, 'units', 'u000', 'interrupted.json'), 'utf8').catch(() => 'none')).toBe('none');
  }, 300_000);

  it('8 array tasks accepting into one corpus at once leave exactly the distinct entries', async () => {
    const corpus = path.join(dir, 'corpus-8');
    const worker = path.join(repoRoot, 'test', 'helpers', 'accept-worker.mjs');
    // --oversubscribe: all 8 run at once on the two cores (the partition allows 8 per core).
    const submitted = await execa('sbatch', ['--parsable', '--array=0-7', '--oversubscribe', `--output=${path.join(dir, 'accept-%a.out')}`,
      `--wrap=exec ${process.execPath} ${worker} ${corpus} $SLURM_ARRAY_TASK_ID 40`]);
    const jobId = String(submitted.stdout).trim();
    await waitFor('the 8 tasks to finish', async () => (await queuedTasks(jobId)).length === 0, 300_000, 500);
    const stored = await readStoredSchedules(corpus);
    // 20 entries every worker writes, once; 20 of each worker's own.
    expect(stored).toHaveLength(20 + 8 * 20);
    expect(new Set(stored.map((s) => s.schedule)).size).toBe(stored.length);
    expect((await readdir(path.join(corpus, 'schedules'))).filter((name) => name.startsWith('.'))).toEqual([]);
    expect(stored.every((s) => s.meta.provenance?.host === os.hostname())).toBe(true);
  }, 600_000);

  // Slow: Slurm restarts a requeued job after about 2 minutes.
  it('slow: scontrol requeue of a running task: interrupted, rerun after the requeue delay, no duplicate entries', async () => {
    await writeFile(path.join(dir, 'requeue.mlir'), model(10, 10));
    const submitted = json<{ jobId: string; dir: string }>((await hlsched(['batch', 'requeue.mlir', '--target', 'fpga', '--executor', 'slurm',
      '--whole-model', 'off', '--llm', 'none', '--budget', '12', '--run-dir', 'run-requeue', '--corpus', 'corpus-requeue', '--no-wait', '--json'])).stdout);
    const run = submitted.dir;
    await waitFor('unit u000 to start', () => stat(path.join(run, 'units', 'u000', 'started.json')).then(() => true, () => false), 120_000, 100);
    await execa('scontrol', ['requeue', `${submitted.jobId}_0`]);
    const interrupted = await waitFor('the interruption note', () => readFile(path.join(run, 'units', 'u000', 'interrupted.json'), 'utf8').catch(() => undefined), 60_000, 100);
    expect(json<{ signal: string }>(interrupted).signal).toBe('SIGTERM');
    // Requeued, not lost: the queue holds it while Slurm waits to restart it.
    const during = json<{ units: Array<{ state: string }> }>((await hlsched(['runs', 'status', run, '--json'])).stdout);
    expect(['pending', 'running']).toContain(during.units[0]!.state);
    const collected = json<Summary>((await hlsched(['runs', 'resume', run, '--json', '--poll', '2'])).stdout);
    expect(collected.counts.done).toBe(1);
    const result = json<{ restarts: number; status: string }>(await readFile(path.join(run, 'units', 'u000', 'result.json'), 'utf8'));
    expect(result.restarts).toBeGreaterThanOrEqual(1);
    expect((await readdir(path.join(run, 'units', 'u000'))).includes('interrupted.json')).toBe(false);
    // Run the finished task again, as a requeue after the end would: it skips, the corpus stays as it was.
    const before = (await readdir(path.join(dir, 'corpus-requeue', 'schedules'))).sort();
    const again = await execa(process.execPath, [path.join(repoRoot, 'dist', 'src', 'cli', 'main.js'), 'batch-task', run, '0'], { env: { SLURM_RESTART_COUNT: '2' } });
    expect(again.stderr).toMatch(/already has a result: skipped/);
    const after = (await readdir(path.join(dir, 'corpus-requeue', 'schedules'))).sort();
    expect(after).toEqual(before);
    expect(after.filter((name) => name.startsWith('.'))).toEqual([]);
    expect(after).toHaveLength(1);
  }, 600_000);
});
