import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostIndexDir } from '../../src/batch/batch.js';
import { syntheticModel } from '../../scripts/kernels/synthetic.js';
import { OllamaEmbedder } from '../../src/knowledge/embedders/ollama.js';
import { readManifest } from '../../src/knowledge/index-files.js';
import { ingest } from '../../src/knowledge/ingest.js';
import { readStoredSchedules } from '../../src/optimize/corpus-store.js';
import { embeddingScript, startFakeOllama, type FakeOllama } from '../helpers/fake-ollama.js';
import { hlschedBin, kernel } from '../helpers/paths.js';

let dir: string;
let server: FakeOllama;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'hlsched-batch-local-'));
  server = await startFakeOllama(embeddingScript());
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const hlsched = (args: string[], env: Record<string, string> = {}) => execa(hlschedBin, args, { cwd: dir, reject: false, env });

describe('hlsched batch --executor local', () => {
  it('units never write the index: batch updates this host\'s index once, at the end, with the index\'s own embedder', async () => {
    const index = path.join(dir, 'index');
    const corpus = path.join(dir, 'corpus');
    await ingest({ corpusDir: corpus, indexDir: index, embedder: new OllamaEmbedder('nomic-embed-text', server.url), skipMlirDocs: true });
    const before = (await readManifest(index))!;
    for (const name of ['gemm_2', 'atax_2', 'gemm_4']) await cp(kernel(`calibration/${name}.mlir`), path.join(dir, `${name}.mlir`));
    const run = await hlsched(['batch', 'gemm_2.mlir', 'atax_2.mlir', 'gemm_4.mlir', '--target', 'fpga', '--llm', 'none', '--budget', '4',
      '--run-dir', 'run', '--corpus', corpus, '--index', index, '--json'], { OLLAMA_HOST: server.url });
    expect(run.exitCode, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as { counts: Record<string, number>; ingest: string };
    expect(summary.counts.done).toBe(3);
    const stored = await readStoredSchedules(corpus);
    expect(stored).toHaveLength(3);
    const after = (await readManifest(index))!;
    // Three accepted schedules, one index generation: the tasks left it alone.
    expect(after.generation).toBe(before.generation + 1);
    expect(after.embedder).toBe(before.embedder);
    expect(after.documents).toBe(before.documents + 3);
    expect(summary.ingest).toMatch(/updated .* once/);
  });

  it('a unit that fails is recorded as failed with its reason; the others finish; exit 1', async () => {
    await writeFile(path.join(dir, 'dynamic.mlir'), `func.func @dyn(%a: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %n = memref.dim %a, %c0 : memref<?xf32>
  affine.for %i = 0 to %n {
    %v = affine.load %a[%i] : memref<?xf32>
    %w = arith.addf %v, %v : f32
    affine.store %w, %a[%i] : memref<?xf32>
  }
  return
}
`);
    const run = await hlsched(['batch', 'dynamic.mlir', 'gemm_2.mlir', '--llm', 'none', '--budget', '4', '--run-dir', 'run-failing', '--corpus', 'corpus-failing', '--json']);
    expect(run.exitCode).toBe(1);
    const summary = JSON.parse(run.stdout) as { units: Array<{ state: string; reason?: string }> };
    expect(summary.units[0]).toMatchObject({ state: 'failed', reason: expect.stringMatching(/has dynamic shape memref<\?xf32> and no constant loop bound/) });
    expect(summary.units[1]!.state).toBe('done');
    const status = await hlsched(['runs', 'status', 'run-failing']);
    expect(status.stdout).toMatch(/u000\s+failed\s+dynamic\.mlir on fpga: .*has dynamic shape/);
  });

  it('runs cancel from another process stops a local run (interrupted, not evaluated); runs resume finishes it', async () => {
    await writeFile(path.join(dir, 'model.mlir'), syntheticModel({ name: 'model', conv: 10, dense: 10, length: 8, channels: 4, width: 8, weightsAsArguments: true }));
    const batch = hlsched(['batch', 'model.mlir', 'gemm_2.mlir', '--whole-model', 'off', '--llm', 'none', '--budget', '12', '--run-dir', 'run-cancel', '--corpus', 'corpus-cancel']);
    const run = path.join(dir, 'run-cancel');
    for (let i = 0; i < 600 && !(await readdir(path.join(run, 'units', 'u000')).catch(() => [] as string[])).includes('started.json'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const cancel = await hlsched(['runs', 'cancel', 'run-cancel']);
    expect(cancel.exitCode, cancel.stderr).toBe(0);
    expect((await batch).exitCode).not.toBe(0);
    const status = JSON.parse((await hlsched(['runs', 'status', 'run-cancel', '--json'])).stdout) as { units: Array<{ id: string; state: string; reason?: string }> };
    expect(status.units[0]).toMatchObject({ state: 'lost', reason: expect.stringMatching(/interrupted by SIGTERM.*not evaluated/) });
    const resumed = await hlsched(['runs', 'resume', 'run-cancel', '--json']);
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    const summary = JSON.parse(resumed.stdout) as { counts: Record<string, number>; resubmitted: string[] };
    expect(summary.resubmitted).toContain('u000');
    expect(summary.counts.done).toBe(2);
  });

  it('--no-wait is for Slurm only', async () => {
    const result = await hlsched(['batch', 'gemm_2.mlir', '--no-wait', '--run-dir', 'run-nowait']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/--no-wait needs --executor slurm/);
  });

  it('the default index is a per-host cache under the index root', () => {
    expect(hostIndexDir('/srv/hlsched/index', 'node-17.cluster')).toBe('/srv/hlsched/index/hosts/node-17.cluster');
    expect(hostIndexDir('/i', 'a/b')).toBe('/i/hosts/a_b');
  });

  it('bad input is one line and exit 2, before anything is submitted', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['batch', 'missing.mlir', '--target', 'fpga'], /missing\.mlir does not exist/],
      [['batch', kernel('gemm.mlir'), '--executor', 'pbs'], /--executor pbs is not local or slurm/],
      [['batch', kernel('gemm.mlir'), '--target', 'gpu'], /gpu/],
      [['batch', kernel('gemm.mlir'), '--cpus', '0'], /--cpus 0 is not a positive whole number/],
      [['batch', kernel('gemm.mlir'), '--memory-policy', 'lss'], /--memory-policy lss is not a memory policy/],
      [['batch', kernel('gemm.mlir'), '--clock-ns', 'fast'], /--clock-ns/],
      [['batch'], /no kernels given/],
      [['runs', 'status', dir], /is not a batch run/],
      [['runs', 'restart', dir], /runs restart is not an action/],
    ];
    for (const [args, message] of cases) {
      const result = await hlsched(args);
      expect(result.exitCode, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
    // Nothing half-made was left behind.
    expect(await readdir(path.join(dir, 'runs')).catch(() => [])).toEqual([]);
  });

  it('a run folder is never reused by a second batch', async () => {
    const again = await hlsched(['batch', 'gemm_2.mlir', '--target', 'fpga', '--llm', 'none', '--run-dir', 'run']);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toMatch(/already holds a run/);
    expect(JSON.parse(await readFile(path.join(dir, 'run', 'run.json'), 'utf8')).units).toHaveLength(3);
  });
});
