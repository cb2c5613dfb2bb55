import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnalyticBackend } from '../../src/hls/estimate.js';
import { hardwareLowerBound } from '../../src/hls/hardware-bound.js';
import { initialReadsByName } from '../../src/hls/initial-reads.js';
import { interfaceElements, interfaceElementsByName } from '../../src/hls/interface-elements.js';
import { loadTarget, type TargetSpec } from '../../src/hls/target.js';
import { Evaluator } from '../../src/optimize/evaluate.js';
import { analyzeKernel } from '../../src/optimize/kernel-info.js';
import { discoverToolchain } from '../../src/toolchain/discover.js';
import { kernel } from '../helpers/paths.js';

/**
 * What crosses the interface whatever the schedule (distinct elements read and written), the
 * front end's clean-up of stores that change nothing, and the hardware bound of arguments that may
 * alias (their store cycles add up).
 */
let dir: string;
let fpga: TargetSpec;
beforeAll(async () => { dir = await mkdtemp(path.join(os.tmpdir(), 'hlsched-interface-')); fpga = await loadTarget('fpga'); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

// syrk as mlir-opt prints the lowered kernel: maps inline, %argN names.
const syrk = `module {
  func.func @syrk(%arg0: f32, %arg1: f32, %arg2: memref<16x16xf32>, %arg3: memref<16x16xf32>) {
    affine.for %arg4 = 0 to 16 {
      affine.for %arg5 = 0 to affine_map<(d0) -> (d0 + 1)>(%arg4) {
        %0 = affine.load %arg2[%arg4, %arg5] : memref<16x16xf32>
        %1 = arith.mulf %0, %arg1 : f32
        affine.store %1, %arg2[%arg4, %arg5] : memref<16x16xf32>
      }
      affine.for %arg5 = 0 to 16 {
        affine.for %arg6 = 0 to affine_map<(d0) -> (d0 + 1)>(%arg4) {
          %0 = affine.load %arg3[%arg4, %arg5] : memref<16x16xf32>
          %1 = affine.load %arg3[%arg6, %arg5] : memref<16x16xf32>
          %2 = arith.mulf %0, %1 : f32
          %3 = affine.load %arg2[%arg4, %arg6] : memref<16x16xf32>
          %4 = arith.addf %3, %2 : f32
          affine.store %4, %arg2[%arg4, %arg6] : memref<16x16xf32>
        }
      }
    }
    return
  }
}`;

describe('distinct elements at the interface (interface-elements.ts)', () => {
  it('counts a triangle exactly: syrk reads and writes 136 elements of C, reads all 256 of A', () => {
    const counts = interfaceElements(syrk, 'syrk');
    expect(counts.get(0)).toEqual({ read: 136, written: 136 });
    expect(counts.get(1)).toEqual({ read: 256, written: 0 });
  });

  it('a strided or partial access counts only what it touches; a store under a condition gives no count', () => {
    const partial = `module {
  func.func @k(%arg0: memref<8x8xf32>, %arg1: memref<8x8xf32>) {
    %cst = arith.constant 1.0 : f32
    affine.for %arg2 = 0 to 8 step 2 {
      affine.for %arg3 = affine_map<(d0) -> (d0)>(%arg2) to 8 {
        %0 = affine.load %arg0[%arg2, %arg3] : memref<8x8xf32>
        affine.store %0, %arg1[%arg3, %arg2] : memref<8x8xf32>
      }
    }
    affine.for %arg2 = 0 to 8 {
      affine.if affine_set<(d0) : (d0 - 4 >= 0)>(%arg2) {
        affine.store %cst, %arg0[%arg2, 0] : memref<8x8xf32>
      }
    }
    return
  }
}`;
    const counts = interfaceElements(partial, 'k');
    // Rows 0, 2, 4, 6 from their own index on: 8 + 6 + 4 + 2.
    expect(counts.get(1)).toEqual({ read: 0, written: 20 });
    expect(counts.has(0)).toBe(false);
  });
});

describe('the front end drops a store of the value its address already holds', () => {
  const copyBack = (between: string) => `func.func @k(%A: memref<4xf32>, %B: memref<4xf32>) {
  %buf = memref.alloca() : memref<4xf32>
  %cst = arith.constant 2.0 : f32
  %a = affine.load %A[1] : memref<4xf32>
  affine.store %a, %buf[1] : memref<4xf32>
${between}
  %v = affine.load %buf[1] : memref<4xf32>
  affine.store %v, %A[1] : memref<4xf32>
  return
}`;
  const storesToA = async (name: string, between: string) => {
    const file = path.join(dir, name);
    await writeFile(file, copyBack(between));
    const estimate = await new AnalyticBackend().estimate(file, fpga);
    return estimate.resources.memories.find((m) => m.name === '%A')!.stores;
  };

  it('a copy-out of an element nothing changed disappears', async () => {
    expect(await storesToA('unchanged.mlir', '')).toBe(0);
  });

  it('unless a store to an argument that may alias came between (it may have changed the element)', async () => {
    expect(await storesToA('aliased.mlir', '  affine.store %cst, %B[1] : memref<4xf32>')).toBe(1);
  });
});

describe('the hardware bound of arguments that may alias', () => {
  it('2mm: the writes of tmp and D never share a cycle, nor with the reads of the others', async () => {
    const info = await analyzeKernel(await discoverToolchain(), kernel('polybench/two_mm_16.mlir'));
    const evaluator = new Evaluator(info, fpga, dir);
    const lowered = await evaluator.scheduledText(await evaluator.render({ version: 1, steps: [] }));
    const initial = initialReadsByName(lowered, info.text, info.functionName);
    const elements = interfaceElementsByName(lowered, info.text, info.functionName);
    expect(initial.get('%D')).toBe(256);
    expect(elements.get('%tmp')).toMatchObject({ written: 256 });
    const baseline = await new AnalyticBackend().estimate(kernel('polybench/two_mm_16.mlir'), fpga);
    const bound = hardwareLowerBound(baseline, fpga, 2880, initial, 1, elements);
    // A's 256 reads over 2 ports (128 cycles), and the 256 writes of tmp and of D (128 cycles each)
    // in cycles of their own; as much as D's 256 reads on entry and 256 writes plus tmp's writes.
    expect(bound.interface).toBe(384);
    expect(bound.detail).toMatch(/%A: 256 reads .*after or before the writes of %tmp \(128 cycles\), %D \(128 cycles\)/);
    // Partitioned arguments are separate memories marked noalias: no chain, each memory alone.
    const partitioned = hardwareLowerBound(baseline, fpga, 2880, initial, 16, elements);
    expect(partitioned.interface).toBe(16);
    // A target whose arguments cannot alias: the busiest array alone.
    const separate = hardwareLowerBound(baseline, { ...fpga, frontend: { ...fpga.frontend, argumentsMayAlias: false } }, 2880, initial, 1, elements);
    expect(separate.interface).toBe(256);
  });
});
