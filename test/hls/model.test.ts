import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnalyticBackend } from '../../src/hls/estimate.js';
import { loadTarget, type TargetSpec } from '../../src/hls/target.js';
import type { Estimate } from '../../src/hls/types.js';

/** Kernels and schedules written for one property each; the model runs on real mlir-opt output. */
let dir: string;
let fpga: TargetSpec;
let asic: TargetSpec;
const backend = new AnalyticBackend();

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'hlsched-model-'));
  [fpga, asic] = await Promise.all([loadTarget('fpga'), loadTarget('asic')]);
});
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

async function file(name: string, text: string): Promise<string> {
  const target = path.join(dir, name);
  await writeFile(target, text);
  return target;
}

async function estimate(kernel: string, target: TargetSpec, schedule?: string): Promise<Estimate> {
  return backend.estimate(kernel, target, schedule ? { schedule } : {});
}

const UNROLL_BY_2 = `module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %loop = transform.structured.match ops{["affine.for"]} in %root : (!transform.any_op) -> !transform.any_op
    transform.loop.unroll %loop {factor = 2} : !transform.any_op
    transform.yield
  }
}`;

const scale = (args: string, body: string) => `func.func @scale(${args}) {
  %two = arith.constant 2.0 : f32
  affine.for %i = 0 to 64 {
${body}
  } {hls.pipeline}
  return
}`;

describe('analytic model: monotonic sanity', () => {
  it('unrolling a pipelined loop whose arrays have spare ports lowers cycles', async () => {
    // fpga: each argument array is dual-port, and the loop uses one port of %x and one of %y. The fpga
    // target lets argument arrays alias (SODA's bare pointers), which orders the unrolled copy's load of
    // %x after the first store to %y; here the arrays are known distinct, to isolate the ports.
    const distinct = { ...fpga, frontend: { ...fpga.frontend, argumentsMayAlias: false } };
    const kernel = await file('copy.mlir', scale('%x: memref<64xf32>, %y: memref<64xf32>', `    %v = affine.load %x[%i] : memref<64xf32>
    %d = arith.mulf %v, %two : f32
    affine.store %d, %y[%i] : memref<64xf32>`));
    const before = await estimate(kernel, distinct);
    const after = await estimate(kernel, distinct, await file('unroll2.mlir', UNROLL_BY_2));
    // With aliasing, the unrolled body is longer (load after store) but still faster than before.
    const aliased = await estimate(kernel, fpga, await file('unroll2.mlir', UNROLL_BY_2));
    expect(aliased.loops[0]!.iterationLatency).toBeGreaterThan(after.loops[0]!.iterationLatency);
    expect(aliased.cycles).toBeLessThan(before.cycles);
    expect(before.loops[0]!.ii).toBe(1);
    expect(after.loops[0]!.ii).toBe(1);
    expect(after.loops[0]!.tripCount).toBe(32);
    expect(after.cycles).toBeLessThan(before.cycles * 0.6);
  });

  it('hls.pipeline = N asks for II N, and the estimate keeps it', async () => {
    const kernel = await file('copy3.mlir', scale('%x: memref<64xf32>, %y: memref<64xf32>', `    %v = affine.load %x[%i] : memref<64xf32>
    %d = arith.mulf %v, %two : f32
    affine.store %d, %y[%i] : memref<64xf32>`).replace('{hls.pipeline}', '{hls.pipeline = 3 : i64}'));
    const result = await estimate(kernel, fpga);
    expect(result.loops[0]!.ii).toBe(3);
    expect(result.loops[0]!.cycles).toBe(result.loops[0]!.iterationLatency + 3 * 63 + fpga.loops.pipelineOverhead);
    expect(result.loops[0]!.bottleneck).toMatch(/the requested II/);
  });

  it('unrolling a pipelined loop bound by one single-port array does not lower cycles', async () => {
    // asic: single-port SRAMs; a load and a store of %a per element already fill its one port.
    const kernel = await file('inplace.mlir', scale('%a: memref<64xf32>', `    %v = affine.load %a[%i] : memref<64xf32>
    %d = arith.mulf %v, %two : f32
    affine.store %d, %a[%i] : memref<64xf32>`));
    const before = await estimate(kernel, asic);
    const after = await estimate(kernel, asic, await file('unroll2.mlir', UNROLL_BY_2));
    expect(before.loops[0]!.ii).toBe(2);
    expect(before.loops[0]!.bottleneck).toMatch(/2 accesses per iteration to %a over 1 port/);
    expect(after.loops[0]!.ii).toBe(4);
    // The port, not the loop, is the limit: the same cycles per element; only one pipeline fill
    // of a slightly longer iteration changes, by a cycle or two of 130.
    expect(after.loops[0]!.ii! / 2).toBeGreaterThanOrEqual(before.loops[0]!.ii!);
    expect(after.cycles).toBeGreaterThanOrEqual(before.cycles - 2);
  });

  it.each(['fpga', 'asic'])('a pipelined reduction with an accumulator recurrence gets II = adder latency (%s)', async (name) => {
    const target = name === 'fpga' ? fpga : asic;
    const kernel = await file('dot.mlir', `func.func @dot(%x: memref<64xf32>, %w: memref<64xf32>, %out: memref<1xf32>) {
  %zero = arith.constant 0.0 : f32
  %sum = affine.for %i = 0 to 64 iter_args(%acc = %zero) -> (f32) {
    %a = affine.load %x[%i] : memref<64xf32>
    %b = affine.load %w[%i] : memref<64xf32>
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %p : f32
    affine.yield %s : f32
  } {hls.pipeline}
  affine.store %sum, %out[0] : memref<1xf32>
  return
}`);
    const result = await estimate(kernel, target);
    expect(result.loops[0]!.ii).toBe(target.operators.fadd.latency);
    expect(result.loops[0]!.bottleneck).toMatch(/loop-carried dependence through %acc/);
    expect(result.loops[0]!.bottleneck).toMatch(/addf/);
  });

  it('interchange that removes the recurrence through %C lets II reach 1', async () => {
    const matmul = (outer: string, inner: string) => `func.func @mm(%A: memref<16x16xf32>, %B: memref<16x16xf32>, %C: memref<16x16xf32>) {
  affine.for %i = 0 to 16 {
    affine.for %${outer} = 0 to 16 {
      affine.for %${inner} = 0 to 16 {
        %a = affine.load %A[%i, %k] : memref<16x16xf32>
        %b = affine.load %B[%k, %j] : memref<16x16xf32>
        %c = affine.load %C[%i, %j] : memref<16x16xf32>
        %p = arith.mulf %a, %b : f32
        %s = arith.addf %c, %p : f32
        affine.store %s, %C[%i, %j] : memref<16x16xf32>
      } {hls.pipeline}
    }
  }
  return
}`;
    const ijk = await estimate(await file('ijk.mlir', matmul('j', 'k')), fpga);
    const ikj = await estimate(await file('ikj.mlir', matmul('k', 'j')), fpga);
    const innerIjk = ijk.loops.find((l) => l.depth === 2)!;
    const innerIkj = ikj.loops.find((l) => l.depth === 2)!;
    // load %C -> addf -> store %C must finish before the next iteration loads %C.
    expect(innerIjk.ii).toBe(fpga.memory.arguments.readLatency + fpga.operators.fadd.latency + fpga.memory.arguments.writeLatency);
    expect(innerIjk.bottleneck).toMatch(/loop-carried dependence through %C/);
    expect(innerIkj.ii).toBe(1);
    expect(ikj.cycles).toBeLessThan(ijk.cycles);
  });

  it('a loop marked hls.pipeline that holds inner loops is not pipelined, and says why', async () => {
    const outer = (n: number) => `func.func @outer(%a: memref<8x${n}xf32>) {
  %two = arith.constant 2.0 : f32
  affine.for %i = 0 to 8 {
    affine.for %j = 0 to ${n} {
      %v = affine.load %a[%i, %j] : memref<8x${n}xf32>
      %d = arith.mulf %v, %two : f32
      affine.store %d, %a[%i, %j] : memref<8x${n}xf32>
    }
  } {hls.pipeline}
  return
}`;
    const result = await estimate(await file('outer.mlir', outer(64)), fpga);
    expect(result.loops[0]!.pipelined).toBe(false);
    expect(result.notes.join('\n')).toMatch(/hls.pipeline on affine.for %i .* is ignored: it holds inner loops/);
    // Eight iterations are small enough for the HLS front end to unroll: the marked loop is then innermost, and pipelined.
    const unrolled = await estimate(await file('outer8.mlir', outer(8)), fpga);
    expect(unrolled.loops.map((loop) => [loop.id, loop.unrolledByFrontEnd ?? false])).toEqual([['L1', false], ['L1.1', true]]);
    expect(unrolled.loops[0]!.pipelined).toBe(true);
    expect(unrolled.notes.join('\n')).toMatch(/HLS front end \(LLVM -O2\) fully unrolls 1 loop .*outer8\.mlir:4:5 \(x8\)/);
  });
});
