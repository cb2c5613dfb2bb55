import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTarget } from '../../src/hls/target.js';
import { Evaluator } from '../../src/optimize/evaluate.js';
import { analyzeKernel } from '../../src/optimize/kernel-info.js';
import { discoverToolchain } from '../../src/toolchain/discover.js';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(path.join(os.tmpdir(), 'hlsched-verdicts-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

/**
 * A schedule is verified once per inputs: unit limits change no result, so they share a verdict; other
 * inputs (a layer cut out of a model retried on non-negative values) are a new run.
 */
describe('verdicts of differential execution', () => {
  it('are shared across unit limits and not across inputs', async () => {
    const kernel = path.join(dir, 'rsqrt.mlir');
    await writeFile(kernel, `func.func @rsqrt(%x: memref<16xf32>, %y: memref<16xf32>) {
  affine.for %i = 0 to 16 {
    %v = affine.load %x[%i] : memref<16xf32>
    %r = math.rsqrt %v : f32
    %s = arith.mulf %r, %r : f32
    affine.store %s, %y[%i] : memref<16xf32>
  }
  return
}
`);
    const info = await analyzeKernel(await discoverToolchain(), kernel);
    const evaluator = new Evaluator(info, await loadTarget('fpga'), dir);
    const recipe = { version: 1 as const, steps: [{ kind: 'unroll' as const, loop: 'L1', factor: 4 }] };
    const first = await evaluator.verify(await evaluator.estimate('tuner', recipe));
    expect(first.status).not.toBe('verified');
    expect(first.error).toMatch(/original kernel produces NaN/);
    const limited = await evaluator.verify(await evaluator.estimate('tuner', { ...recipe, steps: [...recipe.steps, { kind: 'limit-units' as const, units: { fmul: 1 } }] }));
    expect(limited.status).toBe(first.status);
    evaluator.sizes = { ...evaluator.sizes, floatRange: [0.5, 1] };
    const retried = await evaluator.verify(await evaluator.estimate('tuner', recipe));
    expect(retried.status).toBe('verified');
  });
});
