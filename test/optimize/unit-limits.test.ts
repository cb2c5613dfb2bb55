import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportHandoff } from '../../src/export/index.js';
import { AnalyticBackend } from '../../src/hls/estimate.js';
import { loadTarget, withUnitInstances } from '../../src/hls/target.js';
import { makeBudget } from '../../src/optimize/budget.js';
import { optimize } from '../../src/optimize/optimize.js';
import { recipeSchema, unitLimits } from '../../src/optimize/recipe.js';
import { repoRoot } from '../helpers/paths.js';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(path.join(os.tmpdir(), 'hlsched-units-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

const polybench = (file: string) => path.join(repoRoot, 'eval', 'kernels', 'polybench', file);
const bin = path.join(repoRoot, 'bin', 'hlsched');

/** SODA's flow on gemm N=4 as a schedule: every loop unrolled, 64 multiply-adds in straight-line code. */
const FULL_UNROLL = `module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %f = transform.structured.match ops{["func.func"]} in %root : (!transform.any_op) -> !transform.any_op
    %a = transform.apply_registered_pass "affine-loop-unroll" with options = {"unroll-factor" = -1} to %f : (!transform.any_op) -> !transform.any_op
    %b = transform.apply_registered_pass "affine-loop-unroll" with options = {"unroll-factor" = -1} to %a : (!transform.any_op) -> !transform.any_op
    %c = transform.apply_registered_pass "affine-loop-unroll" with options = {"unroll-factor" = -1} to %b : (!transform.any_op) -> !transform.any_op
    transform.yield
  }
}
`;

describe('unit limits (an HLS resource constraint)', () => {
  it('bind at most that many instances; a unit that is not pipelined is held for its latency, so the cycles grow to match', async () => {
    const target = await loadTarget('fpga');
    const schedule = path.join(dir, 'full.mlir');
    await writeFile(schedule, FULL_UNROLL);
    const backend = new AnalyticBackend();
    const free = await backend.estimate(polybench('gemm_4.mlir'), target, { schedule });
    expect(free.resources.operators.fmul!).toBeGreaterThan(4);
    const limited = await backend.estimate(polybench('gemm_4.mlir'), withUnitInstances(target, { fmul: 2 }), { schedule });
    expect(limited.resources.operators.fmul).toBeLessThanOrEqual(2);
    expect(limited.resources.dsp).toBeLessThan(free.resources.dsp);
    // Two instances each held 3 cycles per multiply: at least operations x 3 / 2 cycles.
    const fmuls = limited.operations!.fmul!;
    expect(fmuls).toBeGreaterThanOrEqual(64);
    expect(limited.cycles).toBeGreaterThanOrEqual(Math.ceil((fmuls * target.operators.fmul.latency) / 2));
    expect(limited.lowerBound).toBeGreaterThanOrEqual(Math.ceil((fmuls * target.operators.fmul.latency) / 2));
    expect(limited.cycles).toBeGreaterThan(free.cycles);
  });

  it('a pipelined loop gets the II the instances allow, and says so', async () => {
    const kernel = path.join(dir, 'axpy.mlir');
    await writeFile(kernel, `func.func @axpy(%a: f32, %x: memref<64xf32>, %y: memref<64xf32>, %z: memref<64xf32>) {
  affine.for %i = 0 to 64 {
    %u = affine.load %x[%i] : memref<64xf32>
    %v = affine.load %y[%i] : memref<64xf32>
    %p = arith.mulf %u, %a : f32
    %q = arith.mulf %v, %a : f32
    %s = arith.addf %p, %q : f32
    affine.store %s, %z[%i] : memref<64xf32>
  } {hls.pipeline}
  return
}
`);
    const target = await loadTarget('fpga');
    const backend = new AnalyticBackend();
    const free = await backend.estimate(kernel, target);
    const limited = await backend.estimate(kernel, withUnitInstances(target, { fmul: 1 }));
    expect(free.loops[0]!.ii).toBe(1);
    // Two multiplies per iteration on one instance held 3 cycles each.
    expect(limited.loops[0]!.ii).toBe(2 * target.operators.fmul.latency);
    expect(limited.bottlenecks.map((b) => b.message).join('\n')).toMatch(/2 fmul per iteration over 1 instances/);
    expect(limited.resources.operators.fmul).toBe(1);
  });

  it('optimize held to a DSP limit keeps its fastest schedule on fewer units, verified, and hands the limit to Bambu', async () => {
    const target = await loadTarget('fpga');
    const out = path.join(dir, 'gemm');
    const result = await optimize(polybench('gemm_16.mlir'), {
      target, corpusDir: path.join(dir, 'corpus'), indexDir: path.join(dir, 'no-index'), accept: false, outDir: out,
      resourceBudget: makeBudget(target, { limits: { dsp: 200 } }),
    });
    expect(result.verified).toBe(true);
    expect(result.resources.dsp).toBeLessThanOrEqual(200);
    const units = unitLimits(result.recipe!);
    expect(units?.fmul).toBeDefined();
    // Without unit limits the fastest schedule within 200 DSPs took 829 cycles (the one at 261 needs 264 DSPs).
    expect(result.bestCycles).toBeLessThan(400);
    expect(result.pareto.every((p) => p.dsp <= 200)).toBe(true);
    const xml = await readFile(path.join(out, 'constraints.xml'), 'utf8');
    expect(xml).toContain(`fu_name="__float_mule8m23b_127nih" fu_library="WORK_LIBRARY" n="${units!.fmul}"`);
    expect(await readFile(path.join(out, 'report.md'), 'utf8')).toMatch(/--units fmul=\d+/);
    expect(recipeSchema.parse(JSON.parse(await readFile(path.join(out, 'recipe.json'), 'utf8'))).steps.at(-1)!.kind).toBe('limit-units');
    // The estimate command reproduces the number from the written schedule and the limits.
    const flag = Object.entries(units!).map(([operator, n]) => `${operator}=${n}`).join(',');
    const estimate = await execa(bin, ['estimate', polybench('gemm_16.mlir'), '--schedule', path.join(out, 'schedule.mlir'), '--units', flag, '--json'], { timeout: 120_000 });
    expect((JSON.parse(estimate.stdout) as { cycles: number }).cycles).toBe(result.bestCycles);
    // The hand-off gives the constraint to every Bambu command.
    const handoff = await exportHandoff(out, { run: false });
    expect(handoff.files).toContain('constraints.xml');
    expect(handoff.commands.bambuC).toContain('--constraints=constraints.xml');
    expect(handoff.commands.bambuSoda).toContain('--constraints=constraints.xml');
    expect(await readFile(path.join(handoff.dir, 'constraints.xml'), 'utf8')).toBe(xml);
    // The measured run (Bambu installed) gets it too: a stand-in that fails unless constraints.xml is beside the C.
    const fake = path.join(dir, 'bambu');
    await writeFile(fake, `#!/usr/bin/env bash\nset -e\ngrep -q 'n="${units!.fmul}"' constraints.xml\necho "$@" | grep -q -- --constraints=constraints.xml\necho "Total cycles : 999 cycles"\n`);
    await chmod(fake, 0o755);
    // A fresh Bambu result cache, so the stand-in really runs.
    const cache = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = path.join(dir, 'cache');
    try {
      const measured = await exportHandoff(out, { env: { ...process.env, BAMBU: fake } });
      expect(measured.measuredCycles).toBe(999);
    } finally {
      if (cache === undefined) delete process.env.XDG_CACHE_HOME; else process.env.XDG_CACHE_HOME = cache;
    }
  }, 400_000);

  it('bad --units exit 2 with a one-line error naming the field', async () => {
    for (const [value, message] of [['fmul=0', /the number of fmul units must be a positive integer/], ['fmax=2', /fmax is not an operator class/], ['fmul', /is not CLASS=NUMBER/]] as const) {
      const run = await execa(bin, ['estimate', polybench('gemm_2.mlir'), '--units', value], { reject: false, timeout: 60_000 });
      expect(run.exitCode).toBe(2);
      expect(run.stderr.split('\n')[0]).toMatch(message);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('a recipe puts limit-units last', () => {
    const parsed = recipeSchema.safeParse({ version: 1, steps: [{ kind: 'limit-units', units: { fmul: 4 } }, { kind: 'scalar-replacement' }] });
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toMatch(/must come before limit-units steps/);
  });
});
