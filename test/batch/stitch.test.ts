import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stitchModel } from '../../src/batch/stitch.js';
import type { ModelSpec, UnitResult } from '../../src/batch/types.js';

// A one-layer model: a matmul as torch-mlir leaves it after bufferization.
const MODEL = `func.func @model(%A: memref<8x8xf32>, %B: memref<8x8xf32>, %C: memref<8x8xf32>) {
  linalg.matmul ins(%A, %B : memref<8x8xf32>, memref<8x8xf32>) outs(%C : memref<8x8xf32>)
  return
}
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'hlsched-stitch-'));
  await writeFile(path.join(dir, 'model.mlir'), MODEL);
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

/** A layer unit's result as a task leaves it, claiming `claimed` cycles for a pipeline mark on `loop`. */
function layerResult(loop: string, claimed: number): UnitResult {
  const at = new Date().toISOString();
  return {
    unit: 'u000', status: 'done', host: os.hostname(), jobId: null, restarts: 0, startedAt: at, finishedAt: at, seconds: 1,
    result: {
      function: 'model', baselineCycles: 100_000, bestCycles: claimed, speedup: 100_000 / claimed, verified: true, steps: [],
      recipe: { version: 1, steps: [{ kind: 'pipeline', loop }] }, source: 'tuner', accepted: null, outDir: null, evaluations: 1,
    },
  };
}

const spec = (): ModelSpec => ({
  index: 0, path: path.join(dir, 'model.mlir'), func: 'model', target: 'fpga', skipped: [],
  layers: [{ unit: 'u000', signature: 'matmul 8x8x8', op: 'linalg.matmul', members: [{ index: 0, line: 2 }] }],
});

describe('stitching layer results into a whole-model schedule', () => {
  it('a layer gain the whole model shows: verified, faster, accepted', async () => {
    const corpus = path.join(dir, 'corpus-gain');
    const result = await stitchModel(spec(), new Map([['u000', layerResult('L1.1', 10)]]), path.join(dir, 'out-gain'), { corpusDir: corpus });
    expect(result.status).toBe('verified');
    expect(result.bestCycles).toBeLessThan(result.baselineCycles / 2);
    expect(result.accepted).not.toBeNull();
  }, 120_000);

  it('a layer gain the whole model does not show is no improvement: never reported faster, never accepted', async () => {
    // A pipeline mark on the outer loop of a nest whose inner loops stay loops changes nothing.
    const corpus = path.join(dir, 'corpus-none');
    const result = await stitchModel(spec(), new Map([['u000', layerResult('L1', 10)]]), path.join(dir, 'out-none'), { corpusDir: corpus });
    expect(result.verified).toBe(true);
    expect(result.status).toBe('no-improvement');
    expect(result.bestCycles).toBe(result.baselineCycles);
    expect(result.speedup).toBe(1);
    expect(result.reason).toMatch(/not fewer than the model's \d+: the layers' gains do not add up/);
    expect(result.accepted).toBeNull();
    expect(await readdir(corpus).catch(() => [])).toEqual([]);
  }, 120_000);
});
