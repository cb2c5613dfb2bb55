import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnalyticBackend } from '../../src/hls/estimate.js';
import { loadTarget, type TargetSpec } from '../../src/hls/target.js';
import { Evaluator } from '../../src/optimize/evaluate.js';
import { analyzeKernel } from '../../src/optimize/kernel-info.js';
import { recipeSchema } from '../../src/optimize/recipe.js';
import { discoverToolchain } from '../../src/toolchain/discover.js';
import { kernel } from '../helpers/paths.js';

/** Memory steps: tile-local buffers, register promotion of a tile; what the estimator makes of them. */
let dir: string;
let fpga: TargetSpec;
beforeAll(async () => { dir = await mkdtemp(path.join(os.tmpdir(), 'hlsched-memory-')); fpga = await loadTarget('fpga'); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

async function estimateText(name: string, text: string, target = fpga) {
  const file = path.join(dir, name);
  await writeFile(file, text);
  return new AnalyticBackend().estimate(file, target);
}

const sums = (index: string) => `func.func @sums(%A: memref<4x8xf32>, %S: memref<4xf32>) {
  %acc = memref.alloca() : memref<4xf32>
  %zero = arith.constant 0.0 : f32
  affine.for %r = 0 to 4 {
    affine.store %zero, %acc[%r] : memref<4xf32>
  }
  affine.for %c = 0 to 8 {
${[0, 1, 2, 3].map((r) => `    %a${r} = affine.load %A[${r}, %c] : memref<4x8xf32>
    %s${r} = affine.load %acc[${index.replace('R', String(r))}] : memref<4xf32>
    %t${r} = arith.addf %s${r}, %a${r} : f32
    affine.store %t${r}, %acc[${index.replace('R', String(r))}] : memref<4xf32>`).join('\n')}
  } {hls.pipeline}
  affine.for %r = 0 to 4 {
    %v = affine.load %acc[%r] : memref<4xf32>
    affine.store %v, %S[%r] : memref<4xf32>
  }
  return
}`;

describe('the estimator: a local buffer accessed only at constant addresses is a register file', () => {
  it('four accumulators at constant indices are registers (no port limit, flip-flops, no BRAM); at variable indices a RAM', async () => {
    // The copy loops index %acc with %r: unrolled away first, as register-tile does.
    const unrolledCopies = (text: string) => text
      .replace(/affine\.for %r = 0 to 4 \{\n {4}affine\.store %zero, %acc\[%r\] : memref<4xf32>\n {2}\}/, [0, 1, 2, 3].map((r) => `affine.store %zero, %acc[${r}] : memref<4xf32>`).join('\n  '))
      .replace(/affine\.for %r = 0 to 4 \{\n {4}%v = affine\.load %acc\[%r\] : memref<4xf32>\n {4}affine\.store %v, %S\[%r\] : memref<4xf32>\n {2}\}/,
        [0, 1, 2, 3].map((r) => `%v${r} = affine.load %acc[${r}] : memref<4xf32>\n  affine.store %v${r}, %S[${r}] : memref<4xf32>`).join('\n  '));
    const registers = await estimateText('registers.mlir', unrolledCopies(sums('R')));
    // The HLS front end would unroll the 4-iteration copy loops itself (below): without it, they index %acc with %r.
    const ram = await estimateText('ram.mlir', sums('R'), { ...fpga, frontend: { ...fpga.frontend, fullUnrollThreshold: 0 } });
    const accRegisters = registers.resources.memories.find((m) => m.name === '%acc')!;
    const accRam = ram.resources.memories.find((m) => m.name === '%acc')!;
    expect(accRegisters.register).toBe(true);
    expect(accRegisters.ramBlocks).toBeUndefined();
    expect(accRam.register).toBeUndefined();
    expect(accRam.ramBlocks).toBe(1);
    // In RAM the recurrence runs through memory (load 2 + fadd 3 + store 1 = II 6); in registers only the adder (3) remains.
    expect(ram.loops.find((l) => l.pipelined)!.ii).toBe(6);
    expect(registers.loops.find((l) => l.pipelined)!.ii).toBe(3);
    // Registers cost flip-flops: 4 x 32 bits more than the same datapath would need otherwise.
    expect(registers.resources.bram18).toBeLessThan(ram.resources.bram18!);
    // With the front end's full unroll (LLVM -O2, as in Bambu), the copy loops go and %acc is registers as written.
    const asBuilt = await estimateText('as-built.mlir', sums('R'));
    expect(asBuilt.resources.memories.find((m) => m.name === '%acc')!.register).toBe(true);
    expect(asBuilt.loops.filter((l) => l.unrolledByFrontEnd)).toHaveLength(2);
  });
});

describe('register-tile on gemm N = 16: rendered, applied by mlir-opt, verified, faster', () => {
  it('keeps the row of C in registers: fewer cycles than the same loop steps without it, and differential execution agrees', async () => {
    const toolchain = await discoverToolchain();
    const info = await analyzeKernel(toolchain, kernel('polybench/gemm_16.mlir'));
    const evaluator = new Evaluator(info, fpga, dir);
    const loopsOnly = await evaluator.estimate('user', recipeSchema.parse({ steps: [{ kind: 'pipeline', loop: 'L1.2' }] }));
    const recipe = recipeSchema.parse({ steps: [{ kind: 'pipeline', loop: 'L1.2' }, { kind: 'register-tile', capacityKiB: 1 }] });
    const schedule = await evaluator.render(recipe);
    expect(schedule).toContain('"affine-data-copy-generate" with options = {"fast-mem-space" = 0 : i64, "generate-dma" = false, "fast-mem-capacity" = 1 : i64}');
    expect(schedule).toContain('"affine-scalrep"');
    const candidate = await evaluator.estimate('user', recipe);
    expect(candidate.status).toBe('estimated');
    expect(candidate.cycles!).toBeLessThan(loopsOnly.cycles! / 1.5);
    const rowOfC = candidate.estimate!.resources.memories.find((m) => m.kind === 'local' && m.type === 'memref<1x16xf32>');
    expect(rowOfC?.register).toBe(true);
    const verified = await evaluator.verify(candidate);
    expect(verified.status).toBe('verified');
    expect(verified.verification?.status).toBe('ok');
  });
});

describe('the tuner\'s memory strategies and the hardware bound on gemm N = 16', () => {
  it('banks every constant-indexed buffer at four factors: more banks, fewer cycles, more LUTs; a DSP limit marks the big design over budget', async () => {
    const { bankedRecipes, memoryBaseRecipes } = await import('../../src/optimize/memory-strategies.js');
    const { makeBudget } = await import('../../src/optimize/budget.js');
    const toolchain = await discoverToolchain();
    const info = await analyzeKernel(toolchain, kernel('polybench/gemm_16.mlir'));
    const evaluator = new Evaluator(info, fpga, dir, undefined, makeBudget(fpga, { limits: { dsp: 200 } }));
    const bases = memoryBaseRecipes({ prefix: [], baselineCycles: 50_000, innermostPairTrips: 256 });
    expect(bases.map((b) => b.name)).toContain('register-tile 1 KiB + local copies, unroll x1');
    const base = bases.find((b) => b.name === 'register-tile 1 KiB + local copies, unroll x1')!;
    const banked = await bankedRecipes(evaluator, base);
    expect(banked.map((b) => b.recipe.steps.filter((s) => s.kind === 'bank').map((s) => (s.kind === 'bank' ? s.factor : 0)))).toEqual([[16, 16, 16], [8, 8, 8], [4, 4, 4], [2, 2, 2]]);
    const results = await Promise.all(banked.map((b) => evaluator.estimate('tuner', b.recipe)));
    const cycles = results.map((r) => r.cycles!);
    expect(cycles[0]).toBeLessThan(cycles[1]!);
    expect(cycles[1]).toBeLessThan(cycles[2]!);
    expect(results[0]!.estimate!.resources.lut!).toBeGreaterThan(results[2]!.estimate!.resources.lut!);
    // 384 DSPs: over a 200-DSP budget, never ranked; the quarter-banked design fits.
    expect(results[0]!.status).toBe('over-budget');
    expect(results[2]!.status).toBe('estimated');
  });

  it('the hardware bound: the interface (each argument element once over its ports) or the DSPs the budget pays for', async () => {
    const { hardwareLowerBound } = await import('../../src/hls/hardware-bound.js');
    const baseline = await new AnalyticBackend().estimate(kernel('polybench/gemm_16.mlir'), fpga);
    const roomy = hardwareLowerBound(baseline, fpga, 2880);
    expect(roomy.binding).toBe('interface');
    // 256 elements of A (or B) read over 2 ports, and never in a cycle that writes C (arguments that
    // may alias): 128 more for C's 256 writes.
    expect(roomy.interface).toBe(256);
    // 8448 fmul (alpha * A * B and beta * C), 3 cycles each, 2 DSP per unit: 20 DSP pay for 10 units.
    const tight = hardwareLowerBound(baseline, fpga, 20);
    expect(tight.binding).toBe('compute');
    expect(tight.compute).toBe(Math.ceil((8448 * 3) / 10));
    expect(tight.cycles).toBeGreaterThan(roomy.cycles);
  });

  it('the hardware bound counts the values on entry a kernel reads: gemm reads and writes every element of C', async () => {
    const { hardwareLowerBound } = await import('../../src/hls/hardware-bound.js');
    const { initialReadsByName } = await import('../../src/hls/initial-reads.js');
    const info = await analyzeKernel(await discoverToolchain(), kernel('polybench/gemm_16.mlir'));
    const evaluator = new Evaluator(info, fpga, dir);
    // The kernel as mlir-opt prints it after the empty schedule: %arg2 there is %C as written.
    const lowered = await evaluator.scheduledText(await evaluator.render({ version: 1, steps: [] }));
    const initial = initialReadsByName(lowered, info.text, info.functionName);
    expect(initial.get('%C')).toBe(256);
    const baseline = await new AnalyticBackend().estimate(kernel('polybench/gemm_16.mlir'), fpga);
    const bound = hardwareLowerBound(baseline, fpga, 2880, initial);
    expect(bound.interface).toBe(256); // 256 reads of C on entry and 256 writes, over 2 ports
    expect(bound.detail).toMatch(/%C: 256 reads of its values on entry/);
  });
});

describe('a triangular nest fully unrolled on whole-array local copies (tuner 3b)', () => {
  it('syrk: the reads of A no longer wait for the stores to C, and the result is unchanged', async () => {
    const info = await analyzeKernel(await discoverToolchain(), kernel('polybench/syrk_8.mlir'));
    const evaluator = new Evaluator(info, fpga, dir);
    const unrolled = recipeSchema.parse({ steps: [{ kind: 'unroll', loop: 'L1', factor: 0 }, { kind: 'full-unroll', times: 3 }] });
    const copies = recipeSchema.parse({ steps: [...unrolled.steps, { kind: 'promote-buffers' }, { kind: 'full-unroll', times: 2 }] });
    const [plain, local] = await Promise.all([evaluator.estimate('tuner', unrolled), evaluator.estimate('tuner', copies)]);
    expect(plain.status).toBe('estimated');
    expect(local.status).toBe('estimated');
    // Every A element once over 2 ports (32 cycles), C's 36-element triangle read and written once.
    expect(local.cycles!).toBeLessThan(plain.cycles! / 2);
    const c = local.estimate!.resources.memories.find((m) => m.kind === 'argument' && m.stores > 0)!;
    expect(c.stores).toBe(36);
    expect((await evaluator.verify(local)).status).toBe('verified');
  });
});

describe('values on entry (initial-reads.ts): only where no store can come first', () => {
  const nest = (body: string) => `module {
  func.func @k(%arg0: memref<8x8xf32>) {
    %cst = arith.constant 1.0 : f32
    affine.for %arg1 = 0 to 8 {
${body}
    }
    return
  }
}`;
  const counts = async (body: string) => (await import('../../src/hls/initial-reads.js')).initialReads(nest(body), 'k');
  it('a read-modify-write of the same element: every element', async () => {
    expect([...await counts(`      affine.for %arg2 = 0 to 8 {
        %0 = affine.load %arg0[%arg1, %arg2] : memref<8x8xf32>
        %1 = arith.addf %0, %cst : f32
        affine.store %1, %arg0[%arg1, %arg2] : memref<8x8xf32>
      }`)]).toEqual([[0, 64]]);
  });
  it('none when a store comes first, writes a transposed element, or the load is conditional', async () => {
    expect((await counts(`      affine.for %arg2 = 0 to 8 {
        affine.store %cst, %arg0[%arg1, %arg2] : memref<8x8xf32>
        %0 = affine.load %arg0[%arg1, %arg2] : memref<8x8xf32>
      }`)).size).toBe(0);
    expect((await counts(`      affine.for %arg2 = 0 to 8 {
        %0 = affine.load %arg0[%arg1, %arg2] : memref<8x8xf32>
        affine.store %0, %arg0[%arg2, %arg1] : memref<8x8xf32>
      }`)).size).toBe(0);
    expect((await counts(`      affine.for %arg2 = 0 to 8 {
        affine.if affine_set<(d0, d1) : (d0 - d1 >= 0)>(%arg1, %arg2) {
          %0 = affine.load %arg0[%arg1, %arg2] : memref<8x8xf32>
          affine.store %0, %arg0[%arg1, %arg2] : memref<8x8xf32>
        }
      }`)).size).toBe(0);
  });
  it('a loop the load does not index reads the same elements again: counted once (doitgen: A[r][q][s] under p, written in a later loop)', async () => {
    expect([...await counts(`      affine.for %arg2 = 0 to 8 {
        %0 = affine.load %arg0[0, %arg2] : memref<8x8xf32>
        affine.store %0, %arg0[0, %arg2] : memref<8x8xf32>
      }`)]).toEqual([[0, 8]]);
    expect([...await counts(`      affine.for %arg2 = 0 to 8 {
        affine.for %arg3 = 0 to 8 {
          %0 = affine.load %arg0[%arg1, %arg3] : memref<8x8xf32>
        }
      }
      affine.for %arg4 = 0 to 8 {
        affine.store %cst, %arg0[%arg1, %arg4] : memref<8x8xf32>
      }`)]).toEqual([[0, 64]]);
  });
});

describe('copies cost what they move', () => {
  it('memref.copy is a loop of its own: an element per cycle, a load and a store per element, ordered with the accesses around it', async () => {
    const estimate = await estimateText('copy.mlir', `func.func @k(%a: memref<1024xf32>, %b: memref<1024xf32>, %c: memref<1xf32>) {
  memref.copy %a, %b : memref<1024xf32> to memref<1024xf32>
  %0 = affine.load %b[1023] : memref<1024xf32>
  affine.store %0, %c[0] : memref<1xf32>
  return
}`);
    expect(estimate.cycles).toBeGreaterThanOrEqual(1024);
    const memory = (name: string) => estimate.resources.memories.find((m) => m.name === name)!;
    expect(memory('%a').loads).toBe(1024);
    expect(memory('%b').stores).toBe(1024);
    expect(estimate.notes.join('\n')).not.toMatch(/memref\.copy/);
  });
});

