import { describe, expect, it } from 'vitest';
import { runFrontendUnroll, UNROLL_VARIANTS } from '../../eval/frontend-unroll.js';
import { LLVM_O2_FULL_UNROLL_THRESHOLD, planFullUnrolls } from '../../src/hls/full-unroll.js';
import { loadSodaPoints, SODA_OPT_FULL_SCHEDULE, sodaKernel } from '../../eval/soda-polybench.js';
import { AnalyticBackend } from '../../src/hls/estimate.js';
import { normalizeForEstimate } from '../../src/hls/normalize.js';
import { loadTarget } from '../../src/hls/target.js';
import { parseGenericModule } from '../../src/ir/generic.js';
import { discoverToolchain } from '../../src/toolchain/discover.js';

/**
 * The hypothesis eval behind the bench's explanation: unrolling small constant loops before the model
 * closes doitgen N=2 opt_full, and keeps the plain kernels where they are, because their argument
 * arrays may alias: the unrolled accesses stay in order, as LLVM must keep them.
 */
describe('eval/frontend-unroll: does Bambu unroll what the MLIR flow left rolled?', () => {
  it('unrolling trip counts up to 2 fixes doitgen N=2 opt_full and keeps atax and bicg N=2 opt_none within 15%', async () => {
    const wanted = new Set(['doitgen/2/opt_full', 'atax/2/opt_none', 'bicg/2/opt_none']);
    const points = loadSodaPoints().filter((p) => wanted.has(`${p.kernel}/${p.n}/${p.strategy}`));
    expect(points).toHaveLength(3);
    const [plain, unrolled] = await runFrontendUnroll([UNROLL_VARIANTS[0]!, UNROLL_VARIANTS[2]!], points);
    // As the model is: both plain kernels within 15%, doitgen's opt_full far off (and listed as a miss).
    expect(plain!.within15.opt_none).toEqual({ within: 2, points: 2 });
    expect(plain!.misses.map((m) => m.at)).toEqual(['doitgen N=2 opt_full']);
    expect(plain!.misses[0]!.error).toBeGreaterThan(0.5);
    // Unrolled: doitgen comes within 15%, and the plain kernels stay within 15% (unrolled code whose
    // arrays may alias runs nearly as slowly as the loop did).
    expect(Math.abs(unrolled!.misses[0]!.error)).toBeLessThanOrEqual(0.15);
    expect(unrolled!.within15.opt_none).toEqual({ within: 2, points: 2 });
  }, 300_000);
});

describe('src/hls/full-unroll: LLVM -O2\'s full-unroll rule before the model', () => {
  it('unrolls the loop doitgen N=2 opt_full leaves, not N=4\'s 64-MAC body, and closes gemm N=2 opt_none', async () => {
    const toolchain = await discoverToolchain();
    const plan = async (n: number) => planFullUnrolls(parseGenericModule((await normalizeForEstimate(toolchain, sodaKernel('doitgen', n),
      SODA_OPT_FULL_SCHEDULE, { timeoutMs: 300_000 })).generic), LLVM_O2_FULL_UNROLL_THRESHOLD).factors;
    expect(await plan(2)).toEqual([2]);
    expect(await plan(4)).toEqual([0]);
    const wanted = new Set(['doitgen/2/opt_full', 'doitgen/4/opt_full', 'gemm/2/opt_none']);
    const points = loadSodaPoints().filter((p) => wanted.has(`${p.kernel}/${p.n}/${p.strategy}`));
    const llvm = UNROLL_VARIANTS.find((v) => v.llvmThreshold > 0)!;
    const [plain, unrolled] = await runFrontendUnroll([UNROLL_VARIANTS[0]!, llvm], points);
    expect(plain!.within15.all).toEqual({ within: 1, points: 3 });
    expect(unrolled!.within15.all).toEqual({ within: 3, points: 3 });
  }, 300_000);
});

describe('src/hls/full-unroll: LLVM\'s size accounting', () => {
  it('counts address arithmetic: gemm\'s C *= beta unrolls at N=16, its accumulation only up to N=8 (where Bambu\'s LUTs drop)', async () => {
    const toolchain = await discoverToolchain();
    const plan = async (n: number) => planFullUnrolls(parseGenericModule((await normalizeForEstimate(toolchain, sodaKernel('gemm', n),
      undefined, { timeoutMs: 300_000 })).generic), LLVM_O2_FULL_UNROLL_THRESHOLD);
    // Post-order: C *= beta (j), the accumulation (j), k, i.
    // The accumulation: 7 operations, 2 addresses that change with j, the increment: (7 + 2 + 1) x 16 + 2 = 162, not below 150.
    expect((await plan(16)).factors).toEqual([16, 0, 0, 0]);
    expect((await plan(8)).factors).toEqual([8, 8, 0, 0]);
    const four = await plan(4);
    expect(four.factors).toEqual([4, 4, 4, 0]);
    // The note names the outermost loops that go: C *= beta's j and the k loop (its j went with it).
    expect(four.unrolled.map((u) => [u.loc?.line, u.tripCount])).toEqual([[4, 4], [9, 4]]);
  }, 120_000);
});

describe('src/hls/front-end: the estimate keeps the schedule\'s view of the loops', () => {
  it('lists every loop of the kernel with the ids it has without the front end; only the removed ones are marked', async () => {
    const fpga = await loadTarget('fpga');
    const rolled = { ...fpga, frontend: { ...fpga.frontend, fullUnrollThreshold: 0 } };
    const backend = new AnalyticBackend();
    const kernel = sodaKernel('gemm', 16);
    const [asWritten, built] = await Promise.all([backend.estimate(kernel, rolled), backend.estimate(kernel, fpga)]);
    expect(built.loops.map((l) => [l.id, l.location?.line])).toEqual(asWritten.loops.map((l) => [l.id, l.location?.line]));
    // C *= beta's loop goes; the accumulation's (162 > 150) stays, with the id a schedule addresses it by.
    expect(built.loops.filter((l) => l.unrolledByFrontEnd).map((l) => l.id)).toEqual(['L1.1']);
    const accumulation = built.loops.find((l) => l.id === 'L1.2.1')!;
    expect(accumulation.unrolledByFrontEnd).toBeUndefined();
    expect(accumulation.totalCycles).toBeGreaterThan(0);
    expect(built.cycles).toBeLessThan(asWritten.cycles);
    expect(built.notes.join('\n')).toMatch(/fully unrolls 1 loop .*gemm_16\.mlir:4:5 \(x16\)/);
  }, 120_000);
});
