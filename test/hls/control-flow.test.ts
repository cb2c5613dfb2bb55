import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnalyticBackend } from '../../src/hls/estimate.js';
import { loadTarget, type TargetSpec } from '../../src/hls/target.js';
import { optimize } from '../../src/optimize/optimize.js';

/** Bodies as Polygeist and ScaleHLS write them: branches, triangular and min/max bounds, scalars on the stack. */
let dir: string;
let fpga: TargetSpec;
beforeAll(async () => { dir = await mkdtemp(path.join(os.tmpdir(), 'hlsched-cf-')); fpga = await loadTarget('fpga'); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

async function estimate(name: string, text: string, target = fpga) {
  const file = path.join(dir, name);
  await writeFile(file, text);
  return new AnalyticBackend().estimate(file, target);
}

const triangular = (upper: string, pipeline = '') => `func.func @tri(%A: memref<8x8xf32>) {
  %two = arith.constant 2.0 : f32
  affine.for %i = 0 to 8 {
    affine.for %j = 0 to ${upper} {
      %a = affine.load %A[%i, %j] : memref<8x8xf32>
      %d = arith.mulf %a, %two : f32
      affine.store %d, %A[%i, %j] : memref<8x8xf32>
    }${pipeline}
  }
  return
}`;

describe('non-rectangular trip counts are exact sums', () => {
  it('a triangular nest j < i + 1 runs 36 inner iterations, not 8 x the first iteration\'s 1', async () => {
    // Trip counts are under test, not the front end, which would unroll the square's 8-iteration loop.
    const rolled = { ...fpga, frontend: { ...fpga.frontend, fullUnrollThreshold: 0 } };
    const result = await estimate('tri.mlir', triangular('affine_map<(d0) -> (d0 + 1)>(%i)'), rolled);
    const inner = result.loops.find((loop) => loop.id === 'L1.1')!;
    expect(inner.tripCount).toBe(4.5);
    expect(inner.tripCountExact).toBe(true);
    expect(result.resources.memories.find((m) => m.name === '%A')!.loads).toBe(36);
    // Twice the rectangular half: the same nest over the full square does 64.
    const square = await estimate('square.mlir', triangular('8'), rolled);
    expect(square.resources.memories.find((m) => m.name === '%A')!.loads).toBe(64);
    expect(result.cycles).toBeLessThan(square.cycles * 0.65);
    expect(result.cycles).toBeGreaterThan(square.cycles * 0.5);
  });

  it('a min bound is summed over the enclosing loop: min(i + 1, 5) gives 1+2+3+4+5+5+5+5 = 30', async () => {
    const result = await estimate('min.mlir', triangular('min affine_map<(d0) -> (d0 + 1, 5)>(%i)'));
    expect(result.resources.memories.find((m) => m.name === '%A')!.loads).toBe(30);
    expect(result.notes.join('\n')).not.toMatch(/first iteration/);
  });
});

describe('branches, stack scalars, undef and integer widths', () => {
  const polygeist = (pipeline: string) => `#set = affine_set<(d0) : (d0 - 8 >= 0)>
func.func @branchy(%A: memref<16xf64>, %B: memref<16xf64>, %n: memref<16xi32>, %b: memref<16xi8>) {
  %undef = llvm.mlir.undef : f64
  %one = arith.constant 1 : i32
  %acc = memref.alloca() : memref<f64>
  affine.store %undef, %acc[] : memref<f64>
  affine.for %i = 0 to 16 {
    affine.if #set(%i) {
      %a = affine.load %A[%i] : memref<16xf64>
      %s = affine.load %acc[] : memref<f64>
      %t = arith.addf %s, %a : f64
      affine.store %t, %acc[] : memref<f64>
    } else {
      %a = affine.load %B[%i] : memref<16xf64>
      %s = affine.load %acc[] : memref<f64>
      %t = arith.mulf %s, %a : f64
      affine.store %t, %acc[] : memref<f64>
    }
    %x = affine.load %n[%i] : memref<16xi32>
    %y = arith.muli %x, %x : i32
    affine.store %y, %n[%i] : memref<16xi32>
    %c = affine.load %b[%i] : memref<16xi8>
    %d = arith.addi %c, %c : i8
    affine.store %d, %b[%i] : memref<16xi8>
  }${pipeline}
  %r = affine.load %acc[] : memref<f64>
  affine.store %r, %A[0] : memref<16xf64>
  return
}`;

  it('if-converts an affine.if with else: both sides counted, the loop stays innermost and can be pipelined', async () => {
    const plain = await estimate('branchy.mlir', polygeist(''));
    expect(plain.notes.join('\n')).toMatch(/affine.if .* is if-converted/);
    expect(plain.notes.join('\n')).not.toMatch(/not in the target's operator table/); // llvm.mlir.undef is wiring
    const memory = (name: string) => plain.resources.memories.find((m) => m.name === name)!;
    expect(memory('%A')).toMatchObject({ loads: 16, stores: 1 });
    expect(memory('%B').loads).toBe(16);
    // The stack scalar is a register: no RAM block, no port limit.
    expect(memory('%acc').register).toBe(true);
    expect(memory('%acc').ramBlocks).toBeUndefined();
    expect(plain.resources.operators).toMatchObject({ fadd: 1, fmul: 1, imul: 1, iadd: 1 });
    const pipelined = await estimate('branchy-pipelined.mlir', polygeist(' {hls.pipeline}'));
    const loop = pipelined.loops[0]!;
    expect(loop.pipelined).toBe(true);
    // The accumulator through both predicated sides: the multiplier's recurrence bounds II.
    expect(loop.ii).toBe(fpga.operators.fmul.latency);
    expect(pipelined.cycles).toBeLessThan(plain.cycles);
  });

  it('without if-conversion the branch runs as control flow, the longer side counts', async () => {
    const control = { ...fpga, frontend: { ...fpga.frontend, ifConversion: false } };
    const result = await estimate('branchy-control.mlir', polygeist(' {hls.pipeline}'), control);
    expect(result.loops[0]!.pipelined).toBe(false);
    expect(result.notes.join('\n')).not.toMatch(/if-converted/);
  });

  it('scf.if with results becomes a select of both sides', async () => {
    const result = await estimate('scfif.mlir', `func.func @relu(%x: memref<32xf32>, %y: memref<32xf32>) {
  %zero = arith.constant 0.0 : f32
  affine.for %i = 0 to 32 {
    %v = affine.load %x[%i] : memref<32xf32>
    %neg = arith.cmpf olt, %v, %zero : f32
    %r = scf.if %neg -> (f32) {
      %s = arith.mulf %v, %zero : f32
      scf.yield %s : f32
    } else {
      scf.yield %v : f32
    }
    affine.store %r, %y[%i] : memref<32xf32>
  } {hls.pipeline}
  return
}`);
    expect(result.loops[0]!.pipelined).toBe(true);
    expect(result.loops[0]!.ii).toBe(1);
    // load 2, cmpf, mulf 3, select, store: the select waits for the multiply.
    expect(result.loops[0]!.iterationLatency).toBeGreaterThanOrEqual(fpga.memory.arguments.readLatency + fpga.operators.fmul.latency + 1);
  });
});

describe('the tuner around branches and stack scalars (real mlir-opt and mlir-runner)', () => {
  it('finds a verified unroll-and-pipeline schedule for a loop body holding affine.if/else and a rank-0 alloca', async () => {
    const file = path.join(dir, 'branchy-opt.mlir');
    await writeFile(file, `#set = affine_set<(d0, d1) : (d0 - d1 >= 0)>
func.func @branchy(%A: memref<16x16xf64>, %B: memref<16x16xf64>, %out: memref<16xf64>) {
  affine.for %i = 0 to 16 {
    %acc = memref.alloca() : memref<f64>
    %z = arith.constant 0.0 : f64
    affine.store %z, %acc[] : memref<f64>
    affine.for %j = 0 to 16 {
      affine.if #set(%i, %j) {
        %a = affine.load %A[%i, %j] : memref<16x16xf64>
        %s = affine.load %acc[] : memref<f64>
        %p = arith.mulf %a, %a : f64
        %t = arith.addf %s, %p : f64
        affine.store %t, %acc[] : memref<f64>
      } else {
        %b = affine.load %B[%i, %j] : memref<16x16xf64>
        %s = affine.load %acc[] : memref<f64>
        %t = arith.addf %s, %b : f64
        affine.store %t, %acc[] : memref<f64>
      }
    }
    %r = affine.load %acc[] : memref<f64>
    affine.store %r, %out[%i] : memref<16xf64>
  }
  return
}`);
    const result = await optimize(file, { target: await loadTarget('xc7z020'), corpusDir: path.join(dir, 'corpus'), indexDir: path.join(dir, 'no-index'), accept: false });
    expect(result.verified).toBe(true);
    expect(result.outcome).toBe('improved');
    expect(result.speedup).toBeGreaterThan(2);
    expect(result.steps.join('; ')).toMatch(/pipeline/);
  }, 120_000);
});
