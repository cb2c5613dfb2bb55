import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTarget } from '../../src/hls/target.js';
import { bankBuffers, cyclicBanks, type BankIndexMap } from '../../src/memory/banking.js';
import { Evaluator } from '../../src/optimize/evaluate.js';
import { analyzeKernel } from '../../src/optimize/kernel-info.js';
import { recipeSchema } from '../../src/optimize/recipe.js';
import { discoverToolchain } from '../../src/toolchain/discover.js';
import { applySchedule } from '../../src/verify/mlir-steps.js';
import { verifyTransformed } from '../../src/verify/verify.js';
import { kernel } from '../helpers/paths.js';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(path.join(os.tmpdir(), 'hlsched-bank-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

const small = (index: string) => `func.func @f(%A: memref<4xf32>) {
  %buf = memref.alloca() : memref<2x4xf32>
  %x = affine.load %A[0] : memref<4xf32>
  affine.store %x, %buf[1, ${index}] : memref<2x4xf32>
  %y = affine.load %buf[1, 3] : memref<2x4xf32>
  affine.store %y, %A[1] : memref<4xf32>
  return
}`;

describe('bankBuffers: the rewrite', () => {
  it('splits a buffer along a dimension with constant indices: bank c mod K at c floordiv K', () => {
    const text = bankBuffers(small('2'), [{ buffer: 0, dim: 1, factor: 2 }]);
    expect(text).toContain('%buf_bank0 = memref.alloca() : memref<2x2xf32>');
    expect(text).toContain('%buf_bank1 = memref.alloca() : memref<2x2xf32>');
    expect(text).toContain('affine.store %x, %buf_bank0[1, 1] : memref<2x2xf32>');
    expect(text).toContain('affine.load %buf_bank1[1, 1] : memref<2x2xf32>');
    expect(text).not.toMatch(/%buf\[/);
  });

  it.each([
    [small('%i'), { buffer: 0, dim: 1, factor: 2 }, /indexed with %i in dimension 1.*%i is defined nowhere in scope/],
    [small('2'), { buffer: 0, dim: 1, factor: 3 }, /dimension 1 of %buf \(4\) is not a multiple of 3 banks/],
    [small('2'), { buffer: 1, dim: 0, factor: 2 }, /holds 1 local buffers, not buffer #1/],
    [small('2'), { buffer: 0, dim: 2, factor: 2 }, /rank 2, no dimension 2/],
  ])('refuses what it cannot bank, saying why (%#)', (text, spec, message) => {
    expect(() => bankBuffers(text, [spec])).toThrow(message);
  });
});

describe('banking on gemm N = 16, applied and verified by differential execution', () => {
  const recipe = recipeSchema.parse({ steps: [
    { kind: 'register-tile', capacityKiB: 1 }, { kind: 'promote-buffers' }, { kind: 'full-unroll', times: 1 },
    { kind: 'pipeline-innermost' },
    { kind: 'bank', buffer: 0, dim: 1, factor: 16 }, { kind: 'bank', buffer: 1, dim: 1, factor: 16 }, { kind: 'bank', buffer: 2, dim: 1, factor: 16 },
  ] });

  it('a correct cyclic banking is verified and estimated faster than the same schedule unbanked', async () => {
    const toolchain = await discoverToolchain();
    const info = await analyzeKernel(toolchain, kernel('polybench/gemm_16.mlir'));
    const evaluator = new Evaluator(info, await loadTarget('fpga'), dir);
    const unbanked = await evaluator.estimate('user', { ...recipe, steps: recipe.steps.filter((step) => step.kind !== 'bank') });
    const banked = await evaluator.estimate('user', recipe);
    expect(banked.status).toBe('estimated');
    expect(banked.transformed).toMatch(/_bank15 = memref\.alloc\(\)/);
    expect(banked.cycles!).toBeLessThan(unbanked.cycles! / 2);
    // Each bank is its own memory with its own ports.
    expect(banked.estimate!.resources.memories.filter((m) => m.kind === 'local' && m.type === 'memref<16x1xf32>').length).toBe(48);
    const verified = await evaluator.verify(banked);
    expect(verified.status).toBe('verified');
  });

  it('a planted banking with a wrong index map (two columns share one slot) is rejected', async () => {
    const toolchain = await discoverToolchain();
    const info = await analyzeKernel(toolchain, kernel('polybench/gemm_16.mlir'));
    const evaluator = new Evaluator(info, await loadTarget('fpga'), dir);
    const schedule = await evaluator.render(recipe);
    const file = path.join(dir, 'schedule.mlir');
    await writeFile(file, schedule);
    const applied = await applySchedule(toolchain, kernel('polybench/gemm_16.mlir'), file, {});
    expect(applied.exitCode).toBe(0);
    const specs = recipe.steps.flatMap((step) => (step.kind === 'bank' ? [step] : []));
    // Constant bank indices still, but columns 2b and 2b + 1 share slot 0 of bank b: one overwrites the other.
    const wrong: BankIndexMap = (c, factor) => ({ bank: Math.floor(c / 2) % factor, offset: 0 });
    const planted = await verifyTransformed(kernel('polybench/gemm_16.mlir'), bankBuffers(applied.stdout, specs, wrong));
    expect(planted.status).toBe('wrong-result');
    const correct = await verifyTransformed(kernel('polybench/gemm_16.mlir'), bankBuffers(applied.stdout, specs, cyclicBanks));
    expect(correct.status).toBe('ok');
  });
});
