import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnalyticBackend } from '../../src/hls/estimate.js';
import { loadTarget } from '../../src/hls/target.js';
import { cyclicBanks, type BankIndexMap } from '../../src/memory/banking.js';
import { argumentPartitionPlans } from '../../src/memory/partition-plans.js';
import { PARTITIONED_SUFFIX, partitionArguments } from '../../src/memory/partition-arguments.js';
import { makeBudget } from '../../src/optimize/budget.js';
import { optimize } from '../../src/optimize/optimize.js';
import { partitionSteps } from '../../src/optimize/recipe.js';
import { discoverToolchain } from '../../src/toolchain/discover.js';
import { applySchedule } from '../../src/verify/mlir-steps.js';
import { verifyTransformed } from '../../src/verify/verify.js';
import { repoRoot } from '../helpers/paths.js';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(path.join(os.tmpdir(), 'hlsched-partition-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

const polybench = (file: string) => path.join(repoRoot, 'eval', 'kernels', 'polybench', file);

/** The kernel as mlir-opt prints it after a schedule (the text partition steps rewrite). */
async function scheduled(kernel: string, passes: number): Promise<string> {
  const schedule = path.join(dir, `unroll-${passes}.mlir`);
  const steps = Array.from({ length: passes }, (_, i) => `    %u${i + 1} = transform.apply_registered_pass "affine-loop-unroll" with options = {"unroll-factor" = -1} to %u${i} : (!transform.any_op) -> !transform.any_op`);
  await writeFile(schedule, `module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %u0 = transform.structured.match ops{["func.func"]} in %root : (!transform.any_op) -> !transform.any_op
${steps.join('\n')}
    transform.yield
  }
}
`);
  const applied = await applySchedule(await discoverToolchain(), kernel, schedule, { timeoutMs: 60_000 }, ['--mlir-print-debuginfo', '--mlir-print-local-scope']);
  expect(applied.exitCode).toBe(0);
  return applied.stdout;
}

describe('partitioned arguments', () => {
  it('loops whose memory changes per iteration dispatch; the host side splits and gathers; differential execution agrees', async () => {
    const text = await scheduled(polybench('gemm_4.mlir'), 0);
    const out = partitionArguments(text, 'gemm', [{ argument: 2, dim: 1, factor: 2 }, { argument: 4, dim: 0, factor: 4 }]);
    expect(out).toMatch(new RegExp(`func\\.func @gemm${PARTITIONED_SUFFIX}\\(.*%arg2_bank1: memref<4x2xf32> \\{llvm\\.noalias\\}`));
    expect(out).toMatch(/func\.func @gemm\(%arg0: f32, %arg1: f32, %arg2: memref<4x4xf32>, %arg3: memref<4x4xf32>, %arg4: memref<4x4xf32>\) \{/);
    expect(out).toMatch(/affine\.load %arg2\[%host_i0, %host_i1 \* 2 \+ 1\]/);
    const result = await verifyTransformed(polybench('gemm_4.mlir'), out, { func: 'gemm' });
    expect(result.status).toBe('ok');
  });

  it('a partition whose index map puts constant indices in the wrong memory is rejected by differential execution', async () => {
    const text = await scheduled(polybench('gemm_4.mlir'), 3);
    const right = partitionArguments(text, 'gemm', [{ argument: 2, dim: 1, factor: 4 }]);
    expect((await verifyTransformed(polybench('gemm_4.mlir'), right, { func: 'gemm' })).status).toBe('ok');
    const shifted: BankIndexMap = (c, factor, extent) => ({ ...cyclicBanks(c, factor, extent), bank: (c + 1) % factor });
    const wrong = partitionArguments(text, 'gemm', [{ argument: 2, dim: 1, factor: 4 }], shifted);
    expect((await verifyTransformed(polybench('gemm_4.mlir'), wrong, { func: 'gemm' })).status).toBe('wrong-result');
  });

  it('separate memories serve a straight-line body in parallel: the estimate of the accelerator drops, and the plan says which', async () => {
    const text = await scheduled(polybench('gemm_4.mlir'), 3);
    const plans = argumentPartitionPlans(text, 'gemm', 16);
    expect(plans.length).toBeGreaterThan(0);
    const names = plans[0]!.map((p) => p.name);
    expect(names).toContain('%arg2');
    for (const plan of plans[0]!) expect(plan.after * 2).toBeLessThanOrEqual(plan.before);
    const target = await loadTarget('fpga');
    const backend = new AnalyticBackend();
    const plainFile = path.join(dir, 'plain.mlir');
    await writeFile(plainFile, text);
    const partitionedFile = path.join(dir, 'partitioned.mlir');
    await writeFile(partitionedFile, partitionArguments(text, 'gemm', plans[0]!));
    const plain = await backend.estimate(plainFile, target, { func: 'gemm' });
    const split = await backend.estimate(partitionedFile, target, { func: `gemm${PARTITIONED_SUFFIX}` });
    expect(split.cycles).toBeLessThan(plain.cycles);
    // The banks are memories of their own, each with the target's ports.
    expect(split.resources.memories.filter((m) => m.name.includes('_bank')).length).toBe(plans[0]!.reduce((sum, p) => sum + p.factor, 0));
  });

  it('refuses what it cannot rewrite, saying why', async () => {
    const text = await scheduled(polybench('gemm_4.mlir'), 0);
    expect(() => partitionArguments(text, 'gemm', [{ argument: 0, dim: 0, factor: 2 }])).toThrow(/argument #0 \(%arg0: f32\) is not a static memref/);
    expect(() => partitionArguments(text, 'gemm', [{ argument: 2, dim: 1, factor: 3 }])).toThrow(/dimension 1 of %arg2 \(4\) is not a multiple of 3 memories/);
    expect(() => partitionArguments(text, 'gemm', [{ argument: 9, dim: 0, factor: 2 }])).toThrow(/has 5 arguments, not argument #9/);
    expect(() => partitionArguments(text, 'nope', [{ argument: 2, dim: 0, factor: 2 }])).toThrow(/no func\.func @nope/);
    const returning = 'module {\n  func.func @f(%arg0: memref<4xf32>) -> f32 {\n    %0 = affine.load %arg0[0] : memref<4xf32>\n    return %0 : f32\n  }\n}\n';
    expect(() => partitionArguments(returning, 'f', [{ argument: 0, dim: 0, factor: 2 }])).toThrow(/@f returns values/);
  });

  it('a corpus schedule with partitioned arguments is reused only by a run that allows them', async () => {
    const target = await loadTarget('fpga');
    const corpusDir = path.join(dir, 'shared-corpus');
    const common = { target, corpusDir, indexDir: path.join(dir, 'no-index') };
    const first = await optimize(polybench('gemm_4.mlir'), { ...common, partitionArguments: true });
    expect(first.verified).toBe(true);
    expect(partitionSteps(first.recipe!).length).toBeGreaterThan(0);
    expect(first.accepted).not.toBeNull();
    const again = await optimize(polybench('gemm_4.mlir'), { ...common, partitionArguments: true, accept: false });
    expect(again.reusedFromCorpus).toBe(true);
    const plain = await optimize(polybench('gemm_4.mlir'), { ...common, accept: false });
    expect(plain.reusedFromCorpus).toBe(false);
    expect(plain.verified).toBe(true);
    expect(partitionSteps(plain.recipe!).length).toBe(0);
  }, 300_000);

  it('optimize --partition-args meets ScaleHLS\'s gemm N=16 (146 cycles at 249 DSPs) within that DSP limit, verified; without the flag the interface stays', async () => {
    const target = await loadTarget('fpga');
    const common = { target, corpusDir: path.join(dir, 'corpus'), indexDir: path.join(dir, 'no-index'), accept: false, resourceBudget: makeBudget(target, { limits: { dsp: 249 } }) };
    const out = path.join(dir, 'gemm16');
    const result = await optimize(polybench('gemm_16.mlir'), { ...common, outDir: out, partitionArguments: true });
    expect(result.verified).toBe(true);
    expect(partitionSteps(result.recipe!).length).toBeGreaterThan(0);
    expect(result.bestCycles).toBeLessThanOrEqual(146);
    expect(result.resources.dsp).toBeLessThanOrEqual(249);
    const transformed = await readFile(path.join(out, 'transformed.mlir'), 'utf8');
    expect(transformed).toContain(`@gemm${PARTITIONED_SUFFIX}(`);
    expect((await verifyTransformed(polybench('gemm_16.mlir'), transformed, { func: 'gemm' })).status).toBe('ok');
    // The interface's bound: every argument's accesses over the ports of 16 memories.
    expect(result.hardwareBound!.interface).toBeLessThan(32);
    const fixed = await optimize(polybench('gemm_16.mlir'), common);
    expect(partitionSteps(fixed.recipe!).length).toBe(0);
    expect(fixed.bestCycles).toBeGreaterThan(result.bestCycles);
  }, 400_000);
});
