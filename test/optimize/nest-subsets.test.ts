import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticModel } from '../../scripts/kernels/synthetic.js';
import { loadTarget } from '../../src/hls/target.js';
import { makeBudget } from '../../src/optimize/budget.js';
import { optimize } from '../../src/optimize/optimize.js';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(path.join(os.tmpdir(), 'hlsched-nest-subsets-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

interface Listed { status: string; cycles?: number; recipe?: { note?: string } }
const listed = async (out: string) => (JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as { candidateList: Listed[] }).candidateList;

/**
 * A whole model whose every nest transformed does not fit still gets its biggest nests transformed: the
 * tuner also combines each nest's best on the fewest nests that give 99%, 90% and 50% of the savings
 * (BERT-base pipelined everywhere was over the LUT budget; its five biggest nests gave 8.5x within it).
 */
describe('per-nest best on the biggest nests', () => {
  it('under a LUT limit that the all-nests combination exceeds, a verified subset within the limit is reported', async () => {
    const model = path.join(dir, 'model.mlir');
    await writeFile(model, syntheticModel({ name: 'model', conv: 6, dense: 6, length: 16, channels: 8, width: 16, weightsAsArguments: true }));
    const target = await loadTarget('fpga');
    // Loop steps only: with banks or unit limits, those combinations take the front, and the plain subsets are not verified.
    const common = { target, corpusDir: path.join(dir, 'corpus'), indexDir: path.join(dir, 'no-index'), accept: false, wholeModel: 'on' as const, banks: false, unitLimits: false };
    const freeOut = path.join(dir, 'free');
    const free = await optimize(model, { ...common, outDir: freeOut });
    const all = (await listed(freeOut)).find((c) => c.recipe?.note === 'per-nest best of the tuner strategies' && c.status === 'verified')!;
    const subsets = (await listed(freeOut)).filter((c) => /^per-nest best, \d+ biggest nests(, the others pipelined)?$/.test(c.recipe?.note ?? '') && c.status === 'verified');
    expect(all).toBeDefined();
    expect(subsets.length).toBeGreaterThan(0);
    expect(free.recipe!.steps.some((step) => step.kind === 'bank')).toBe(false);
    const lutOf = (cycles: number) => free.pareto.find((p) => p.cycles === cycles)?.lut;
    const allLut = lutOf(all.cycles!)!;
    // The biggest subset that is on the front: fewer nests transformed, less hardware, a few more cycles.
    const subset = subsets.map((c) => ({ cycles: c.cycles!, lut: lutOf(c.cycles!) })).filter((c) => c.lut !== undefined).sort((a, b) => a.cycles - b.cycles)[0]!;
    expect(subset.lut!).toBeLessThan(allLut);
    expect(subset.cycles).toBeGreaterThan(all.cycles!);

    const limitedOut = path.join(dir, 'limited');
    const limited = await optimize(model, { ...common, outDir: limitedOut, resourceBudget: makeBudget(target, { limits: { lut: subset.lut! } }) });
    expect(limited.outcome).toBe('improved');
    expect(limited.verified).toBe(true);
    expect(limited.resources.lut!).toBeLessThanOrEqual(subset.lut!);
    expect(limited.bestCycles).toBeLessThanOrEqual(subset.cycles);
    expect(limited.speedup).toBeGreaterThan(2);
    const again = await listed(limitedOut);
    expect(again.find((c) => c.recipe?.note === 'per-nest best of the tuner strategies')?.status).toBe('over-budget');
  }, 240_000);
});
