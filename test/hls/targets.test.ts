import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HlschedError } from '../../src/errors.js';
import { AnalyticBackend } from '../../src/hls/estimate.js';
import { loadTarget, targetJsonSchema, TARGETS_DIR, type TargetSpec } from '../../src/hls/target.js';
import { hlschedBin, kernel, repoRoot, schedule } from '../helpers/paths.js';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(path.join(os.tmpdir(), 'hlsched-targets-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

const fpgaJson = () => JSON.parse(readFileSync(path.join(TARGETS_DIR, 'fpga.json'), 'utf8')) as Record<string, any>;

async function rejection(spec: unknown): Promise<HlschedError> {
  const file = path.join(dir, `spec-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(file, typeof spec === 'string' ? spec : JSON.stringify(spec));
  const error = await loadTarget(file).then(() => undefined, (e: unknown) => e);
  expect(HlschedError.isInstance(error), String(error)).toBe(true);
  return error as HlschedError;
}

describe('target specs', () => {
  it('ships fpga and asic, both valid, and the JSON Schema file matches the validator', async () => {
    const [fpga, asic] = await Promise.all([loadTarget('fpga'), loadTarget('asic')]);
    expect(fpga.clockNs).toBe(10);
    expect(fpga.memory.arguments.ports).toBe(2);
    expect(asic.memory.local.ports).toBe(1);
    const shipped = JSON.parse(readFileSync(path.join(TARGETS_DIR, 'target.schema.json'), 'utf8'));
    expect(shipped).toEqual(targetJsonSchema());
  });

  it.each([
    ['a latency of the wrong type', (s: any) => { s.operators.fadd.latency = 'three'; }, 'operators.fadd.latency'],
    ['a negative latency', (s: any) => { s.operators.fmul.latency = -1; }, 'operators.fmul.latency'],
    ['a missing clock', (s: any) => { delete s.clockNs; }, 'clockNs'],
    ['zero memory ports', (s: any) => { s.memory.local.ports = 0; }, 'memory.local.ports'],
    ['an unknown sharing mode', (s: any) => { s.memory.arguments.sharing = 'sometimes'; }, 'memory.arguments.sharing'],
    ['a missing operator class', (s: any) => { delete s.operators.fdiv; }, 'operators.fdiv'],
    ['a misspelt field', (s: any) => { s.loops.pipelineByDefualt = true; }, 'pipelineByDefualt'],
    ['a negative call overhead', (s: any) => { s.function.callOverhead = -2; }, 'function.callOverhead'],
  ])('rejects %s, naming the field', async (_name, mutate, field) => {
    const spec = fpgaJson();
    mutate(spec);
    const error = await rejection(spec);
    expect(error.code).toBe('TARGET_INVALID');
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain(field);
  });

  it('rejects a file that is not JSON, and a missing file', async () => {
    expect((await rejection('{ "name": ')).code).toBe('TARGET_INVALID');
    const missing = await loadTarget(path.join(dir, 'nope.json')).catch((e: HlschedError) => e);
    expect((missing as HlschedError).code).toBe('INPUT_UNREADABLE');
  });

  it('the CLI says which field is wrong in one line, exit 2', async () => {
    const spec = fpgaJson();
    spec.operators.fadd.latency = 'three';
    const file = path.join(dir, 'bad.json');
    await writeFile(file, JSON.stringify(spec));
    const run = await execa(hlschedBin, ['estimate', kernel('gemm.mlir'), '--target', file], { reject: false });
    expect(run.exitCode).toBe(2);
    expect(run.stderr.split('\n')[0]).toMatch(/^hlsched: error: target spec .*bad\.json is invalid: operators\.fadd\.latency: /);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('a user target changes the estimate the way its numbers say', async () => {
    const spec = fpgaJson();
    spec.name = 'slow-adder';
    spec.operators.fadd.latency = 10;
    const file = path.join(dir, 'slow.json');
    await writeFile(file, JSON.stringify(spec));
    const backend = new AnalyticBackend();
    const k = path.join(repoRoot, 'eval/kernels/calibration/atax_4.mlir');
    const [base, slow] = await Promise.all([backend.estimate(k, await loadTarget('fpga')), backend.estimate(k, await loadTarget(file))]);
    expect(slow.target).toBe('slow-adder');
    // atax N=4 runs 32 dependent multiply-adds: 7 more cycles on each.
    expect(slow.cycles - base.cycles).toBe(32 * 7);
  });

  it('a call costs its callee plus the handshake (callOverhead); the kernel itself starts and finishes for free (overhead 0)', async () => {
    const callee = 'func.func @scale(%a: memref<8xf32>, %s: f32) {\n  affine.for %i = 0 to 8 {\n    %v = affine.load %a[%i] : memref<8xf32>\n    %m = arith.mulf %v, %s : f32\n    affine.store %m, %a[%i] : memref<8xf32>\n  }\n  return\n}';
    const inline = path.join(dir, 'scale.mlir');
    const calls = path.join(dir, 'calls.mlir');
    await writeFile(inline, `module {\n${callee}\n}\n`);
    await writeFile(calls, `module {\n${callee}\nfunc.func @twice(%a: memref<8xf32>, %s: f32) {\n  func.call @scale(%a, %s) : (memref<8xf32>, f32) -> ()\n  func.call @scale(%a, %s) : (memref<8xf32>, f32) -> ()\n  return\n}\n}\n`);
    const spec = fpgaJson();
    spec.name = 'slow-calls';
    spec.function.callOverhead = 7;
    const slowCalls = path.join(dir, 'slow-calls.json');
    await writeFile(slowCalls, JSON.stringify(spec));
    const backend = new AnalyticBackend();
    const fpga = await loadTarget('fpga');
    const body = await backend.estimate(inline, fpga);
    const [twice, twiceSlow] = await Promise.all([backend.estimate(calls, fpga, { func: 'twice' }), backend.estimate(calls, await loadTarget(slowCalls), { func: 'twice' })]);
    expect(fpga.function.overhead).toBe(0);
    expect(twice.cycles).toBe(2 * (body.cycles + fpga.function.callOverhead!));
    expect(twiceSlow.cycles - twice.cycles).toBe(2 * (7 - fpga.function.callOverhead!));
  });
});

describe('lower bound: cycles >= lowerBound on every eval kernel and schedule, on both targets', () => {
  const kernels = readdirSync(path.join(repoRoot, 'eval', 'kernels')).filter((f) => f.endsWith('.mlir'));
  const schedules = readdirSync(path.join(repoRoot, 'eval', 'schedules')).filter((f) => f.endsWith('.ok.mlir'));
  const cases = [
    ...kernels.map((k) => [k, undefined] as const),
    ...schedules.map((s) => [`${s.split('.')[0]}.mlir`, s] as const),
  ];
  it.each(cases)('%s with %s', async (kernelFile, scheduleFile) => {
    const backend = new AnalyticBackend();
    for (const target of await Promise.all([loadTarget('fpga'), loadTarget('asic')]) as TargetSpec[]) {
      const result = await backend.estimate(kernel(kernelFile), target, scheduleFile ? { schedule: schedule(scheduleFile) } : {});
      expect(result.lowerBound).toBeGreaterThan(0);
      expect(result.cycles).toBeGreaterThanOrEqual(result.lowerBound);
      expect(result.lowerBoundDetail!.memory).toBeLessThanOrEqual(result.cycles);
      const loopSum = result.loops.filter((l) => l.depth === 0).reduce((sum, l) => sum + l.cycles, 0);
      expect(loopSum).toBeLessThanOrEqual(result.cycles);
      for (const loop of result.loops) expect(loop.totalCycles).toBe(loop.cycles * loop.executions);
    }
  });
});

describe('hlsched estimate (CLI)', () => {
  it('--json prints the documented fields', async () => {
    const run = await execa(hlschedBin, ['estimate', kernel('gemm.mlir'), '--schedule', schedule('gemm.unroll.ok.mlir'), '--json']);
    const report = JSON.parse(run.stdout);
    for (const key of ['cycles', 'lowerBound', 'clockNs', 'loops', 'bottlenecks', 'resources']) expect(report).toHaveProperty(key);
    expect(report.loops[0]).toMatchObject({ id: 'L1', label: 'affine.for %i', tripCount: 32 });
    expect(report.bottlenecks[0].message).toMatch(/accesses per iteration to %C over 2 ports/);
    expect(report.resources.memories.map((m: { name: string }) => m.name)).toEqual(['%C', '%A', '%B']);
  });

  it('prints a table with loops, bottlenecks and resources', async () => {
    const run = await execa(hlschedBin, ['estimate', kernel('atax.mlir'), '--target', 'asic']);
    expect(run.stdout).toMatch(/^@atax on asic \(nangate45, 5 ns clock\), analytic backend/);
    expect(run.stdout).toMatch(/lower bound/);
    expect(run.stdout).toMatch(/eval\/kernels\/atax\.mlir:\d+:\d+/);
    expect(run.stdout).toMatch(/bottlenecks/);
  });

  it('a schedule that does not apply is exit 1 with the transform error; an unknown backend is exit 2', async () => {
    const bad = path.join(dir, 'bad-schedule.mlir');
    await writeFile(bad, readFileSync(schedule('gemm.unroll.ok.mlir'), 'utf8').replace('transform.loop.unroll', 'transform.loop.unrol'));
    const rejected = await execa(hlschedBin, ['estimate', kernel('gemm.mlir'), '--schedule', bad], { reject: false });
    expect(rejected.exitCode).toBe(1);
    expect(rejected.stderr).toMatch(/bad-schedule\.mlir:\d+:\d+/);
    const unknown = await execa(hlschedBin, ['estimate', kernel('gemm.mlir'), '--backend', 'vivado'], { reject: false });
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/unknown backend vivado/);
  });

  it('--backend bambu without Bambu installed is exit 2 saying so', async () => {
    const run = await execa(hlschedBin, ['estimate', kernel('gemm.mlir'), '--backend', 'bambu'], {
      reject: false, env: { PATH: '/usr/bin:/bin', BAMBU: '' }, extendEnv: false,
    });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/Bambu is not installed/);
  });
});
