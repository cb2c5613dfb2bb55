import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTarget } from '../../src/hls/target.js';
import { cyclicBankPlans, misalignedLoops } from '../../src/memory/bank-plans.js';
import { bankBuffers } from '../../src/memory/banking.js';
import { Evaluator } from '../../src/optimize/evaluate.js';
import { analyzeKernel } from '../../src/optimize/kernel-info.js';
import { withCyclicBanks } from '../../src/optimize/memory-strategies.js';
import { recipeSchema } from '../../src/optimize/recipe.js';
import { discoverToolchain } from '../../src/toolchain/discover.js';
import { fixture, hlschedBin } from '../helpers/paths.js';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(path.join(os.tmpdir(), 'hlsched-cyclic-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

/** As mlir-opt prints a kernel after unroll-and-jam by 4 of %c (step 4) and a copy through a view. */
const printed = `func.func @f(%A: memref<8x8xf32>, %B: memref<8xf32>) {
  %cst = arith.constant 0.000000e+00 : f32
  %buf = memref.alloc() : memref<8x8xf32>
  %view = memref.subview %buf[0, 2] [8, 4] [1, 1] : memref<8x8xf32> to memref<8x4xf32, strided<[8, 1], offset: 2>>
  affine.for %i = 0 to 8 {
    affine.for %j = 0 to 4 {
      affine.store %cst, %view[%i, %j] : memref<8x4xf32, strided<[8, 1], offset: 2>>
    }
  }
  affine.for %c = 0 to 8 step 4 {
    affine.for %i = 0 to 8 {
      %0 = affine.load %buf[%i, %c] : memref<8x8xf32>
      %1 = affine.apply affine_map<(d0) -> (d0 + 1)>(%c)
      %2 = affine.load %buf[%i, %1] : memref<8x8xf32>
      %3 = affine.apply affine_map<(d0) -> (d0 + 2)>(%c)
      %4 = affine.load %buf[%i, %3] : memref<8x8xf32>
      %5 = affine.apply affine_map<(d0) -> (d0 + 3)>(%c)
      %6 = affine.load %buf[%i, %5] : memref<8x8xf32>
      %7 = arith.addf %0, %2 : f32
      %8 = arith.addf %4, %6 : f32
      %9 = arith.addf %7, %8 : f32
      affine.store %9, %B[%i] : memref<8xf32>
    } {hls.pipeline, hlsched.L2_1}
  }
  memref.dealloc %buf : memref<8x8xf32>
  return
}`;

describe('cyclic banking of `iv + c` indices (the rewrite)', () => {
  it('plans the dimension the pipelined loop walks with a constant residue, at the factor that serves its reads', () => {
    const [plan] = cyclicBankPlans(printed);
    expect(plan).toEqual([expect.objectContaining({ name: '%buf', dim: 1, factor: 2 })]);
  });

  it('sends %c + k (step 4) to bank k mod 4 at (%c + k) floordiv 4, dispatches the view\'s stores, and drops the view', () => {
    const text = bankBuffers(printed, [{ buffer: 0, dim: 1, factor: 4 }]);
    expect(text).toContain('%0 = affine.load %buf_bank0[%i, (%c) floordiv 4] : memref<8x2xf32>');
    expect(text).toContain('%2 = affine.load %buf_bank1[%i, (%1) floordiv 4] : memref<8x2xf32>');
    expect(text).toContain('%6 = affine.load %buf_bank3[%i, (%5) floordiv 4] : memref<8x2xf32>');
    // The view's column %j + 2 walks the banks: a guarded store per bank, on (%j + 2) mod 4.
    expect(text).toMatch(/%buf_d0_m = affine\.apply affine_map<\(d0\) -> \(\(d0 \+ 2\) mod 4\)>\(%j\)/);
    expect(text.match(/scf\.if %buf_d0_e\d \{/g)).toHaveLength(4);
    expect(text).not.toContain('memref.subview');
    expect(text.match(/memref\.dealloc %buf_bank\d/g)).toHaveLength(4);
  });

  it('names the loop whose dispatched loads and stores, unrolled by the factor, would each go to one bank; not a loop that only stores', () => {
    const plan = [{ buffer: 0, name: '%buf', dim: 1, factor: 4, gain: 1 }];
    const pipelinedFill = printed.replace('    }\n  }\n  affine.for %c', '    } {hls.pipeline, hlsched.L1_1}\n  }\n  affine.for %c');
    expect(misalignedLoops(pipelinedFill, plan)).toEqual([]);
    const update = pipelinedFill.replace('      affine.store %cst, %view[%i, %j]', '      %u = affine.load %view[%i, %j] : memref<8x4xf32, strided<[8, 1], offset: 2>>\n      affine.store %u, %view[%i, %j]');
    expect(misalignedLoops(update, plan)).toEqual([{ loop: 'L1.1', factor: 4 }]);
  });

  it('refuses a buffer with a use it cannot follow, naming the line', () => {
    const called = printed.replace('  memref.dealloc', '  func.call @g(%buf) : (memref<8x8xf32>) -> ()\n  memref.dealloc');
    expect(() => bankBuffers(called, [{ buffer: 0, dim: 1, factor: 4 }])).toThrow(/%buf is used by something other than an affine load or store \(line \d+: func\.call/);
  });
});

describe('cyclic banking in the search, on a real kernel: applied, estimated and verified', () => {
  it('hoisting and banking after unroll-and-jam lowers the II, and the banked kernel is verified by differential execution', async () => {
    const toolchain = await discoverToolchain();
    const info = await analyzeKernel(toolchain, fixture('local_buffer_reduce.mlir'));
    const evaluator = new Evaluator(info, await loadTarget('fpga'), dir);
    const loops = recipeSchema.parse({ steps: [{ kind: 'unroll-and-jam', loop: 'L2', factor: 8 }, { kind: 'pipeline', loop: 'L2.1' }, { kind: 'pipeline', loop: 'L1.1' }] });
    const [banked] = await withCyclicBanks(evaluator, loops);
    const banks = banked!.steps.filter((step) => step.kind === 'bank');
    expect(banks).toEqual([{ kind: 'bank', buffer: 0, dim: 1, factor: 4 }]);
    // The fill loop walks the banked dimension one column at a time: its stores are dispatched (a guarded
    // store per bank), which costs it no II, so it is not unrolled.
    expect(banked!.steps.some((step) => step.kind === 'unroll')).toBe(false);
    const unbanked = await evaluator.estimate('user', { ...banked!, steps: banked!.steps.filter((step) => step.kind !== 'bank') });
    const candidate = await evaluator.estimate('user', banked!);
    expect(candidate.status).toBe('estimated');
    const inner = (c: typeof candidate) => c.estimate!.loops.find((loop) => loop.id === 'L2.1')!;
    expect(inner(unbanked).ii).toBe(4);
    expect(inner(candidate).ii).toBe(1);
    expect(candidate.cycles!).toBeLessThan(unbanked.cycles!);
    expect(candidate.transformed).toMatch(/%alloc_bank3 = memref\.alloc\(\) : memref<64x4xf32>/);
    expect(candidate.transformed!.match(/scf\.if %alloc_d0_e\d/g)).toHaveLength(4);
    expect((await evaluator.verify(candidate)).status).toBe('verified');

    // The CLI checks a transformed kernel as optimize writes it; a planted wrong bank (bank 1's reads sent
    // to bank 2, constant indices still) is a wrong result, exit 1.
    const good = path.join(dir, 'transformed.mlir');
    await writeFile(good, candidate.transformed!);
    const ok = await execa(hlschedBin, ['verify', fixture('local_buffer_reduce.mlir'), good, '--transformed'], { reject: false });
    expect(ok.exitCode, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^ok: the transformed kernel preserves the results of @local_buffer_reduce/);
    const planted = candidate.transformed!.replace(/(affine\.load %alloc_bank)1\[/, '$12[');
    expect(planted).not.toBe(candidate.transformed);
    const bad = path.join(dir, 'planted.mlir');
    await writeFile(bad, planted);
    const wrong = await execa(hlschedBin, ['verify', fixture('local_buffer_reduce.mlir'), bad, '--transformed'], { reject: false });
    expect(wrong.exitCode).toBe(1);
    expect(wrong.stdout).toMatch(/^wrong-result/);
    // A transformed kernel that is not there: one line naming it and what to give, exit 2.
    const missing = await execa(hlschedBin, ['verify', fixture('local_buffer_reduce.mlir'), path.join(dir, 'nope.mlir'), '--transformed'], { reject: false });
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/^hlsched: error: cannot read transformed kernel file .*nope\.mlir: no such file\nhint: /);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);
});
