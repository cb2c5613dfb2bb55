import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HlschedError } from '../../src/errors.js';
import { loadTarget } from '../../src/hls/target.js';
import type { ResourceEstimate } from '../../src/hls/types.js';
import { checkBudget, makeBudget, parseLimits, parseMaxUtilization } from '../../src/optimize/budget.js';
import { readStoredSchedules } from '../../src/optimize/corpus-store.js';
import { optimize } from '../../src/optimize/optimize.js';
import { paretoFront, pickPoint, type ParetoPoint } from '../../src/optimize/pareto.js';
import { verify } from '../../src/verify/verify.js';
import { hlschedBin, kernel } from '../helpers/paths.js';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(path.join(os.tmpdir(), 'hlsched-budget-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

const gemm4 = kernel('polybench/gemm_4.mlir');
const resources = (lut: number, dsp: number): ResourceEstimate => ({ operators: {}, dsp, lut, ff: lut, bram18: 1, memories: [] });
const point = (id: string, cycles: number, lut: number, dsp: number, power = 0.4): ParetoPoint => ({ id, cycles, lut, dsp, bram: 1, power, schedule: id });

describe('resource budget', () => {
  it('defaults to 80% of every resource of the device; --limit and --max-util change it', async () => {
    const z020 = await loadTarget('xc7z020');
    expect(makeBudget(z020).limits).toEqual({ lut: 42560, ff: 85120, dsp: 176, bram18: 224 });
    expect(makeBudget(z020, { maxUtilization: 0.5, limits: { dsp: 200 } }).limits).toMatchObject({ lut: 26600, dsp: 200 });
    const check = checkBudget(resources(30000, 190), makeBudget(z020));
    expect(check.fits).toBe(false);
    expect(check.binding).toMatchObject({ resource: 'dsp', used: 190, limit: 176 });
    expect(checkBudget(resources(30000, 100), makeBudget(z020)).fits).toBe(true);
  });

  it.each([
    [() => parseLimits(['dsp=abc']), /--limit dsp=abc: dsp must be a positive number/],
    [() => parseLimits(['dsp=0']), /dsp must be a positive number/],
    [() => parseLimits(['luts=3']), /unknown resource 'luts'/],
    [() => parseLimits(['dsp200']), /is not RESOURCE=NUMBER/],
    [() => parseMaxUtilization('1.2'), /--max-util 1.2 is not a share/],
    [() => parseMaxUtilization('0'), /--max-util 0 is not a share/],
  ])('rejects a bad budget naming the field (%#)', (parse, message) => {
    const error = (() => { try { parse(); return undefined; } catch (e) { return e; } })();
    expect(HlschedError.isInstance(error)).toBe(true);
    expect((error as HlschedError).message).toMatch(message);
  });

  it('parses several limits in one flag and in repeated flags', () => {
    expect(parseLimits(['dsp=200,lut=40000', 'bram=10'])).toEqual({ dsp: 200, lut: 40000, bram18: 10 });
  });
});

describe('Pareto front', () => {
  it('keeps the points no other beats on cycles, LUTs and DSPs at once, fastest first', () => {
    const points = [point('a', 100, 5000, 40), point('b', 200, 3000, 20), point('c', 150, 6000, 50), point('d', 400, 2000, 2), point('e', 200, 3000, 20)];
    expect(paretoFront(points).map((p) => p.id)).toEqual(['a', 'b', 'd']);
  });

  it('the objective picks the point: latency the fastest, area the smallest faster one, edp power x cycles^2', () => {
    const front = [point('fast', 100, 9000, 80, 1.0), point('mid', 150, 4000, 20, 0.4), point('baseline', 1000, 1000, 2, 0.3)];
    const capacity = { lut: 53200, dsp: 220 };
    expect(pickPoint(front, 'latency', 1000, capacity)?.id).toBe('fast');
    expect(pickPoint(front, 'area', 1000, capacity)?.id).toBe('mid');
    expect(pickPoint(front, 'edp', 1000, capacity)?.id).toBe('mid');
  });
});

describe('optimize under a budget (real mlir-opt and mlir-runner)', () => {
  it('a budget nothing fits is a clear result naming the binding resource, never a schedule over budget', async () => {
    const target = await loadTarget('xc7z020');
    const out = path.join(dir, 'out-none');
    const result = await optimize(gemm4, {
      target, corpusDir: path.join(dir, 'corpus-none'), indexDir: path.join(dir, 'no-index'), outDir: out,
      resourceBudget: makeBudget(target, { limits: { dsp: 1 } }), budget: 12,
    });
    expect(result.outcome).toBe('over-budget');
    expect(result.reason).toMatch(/dsp/);
    expect(result.reason).toMatch(/kernel as given is over the budget/);
    expect(result.verified).toBe(false);
    expect(result.bestCycles).toBe(result.baselineCycles);
    expect(result.pareto).toEqual([]);
    expect(result.candidates.byStatus['over-budget']).toBeGreaterThan(0);
    await expect(access(path.join(out, 'schedule.mlir'))).rejects.toThrow();
    expect(await readFile(path.join(out, 'report.md'), 'utf8')).toMatch(/Outcome: over-budget\*\*: .*dsp/);
    expect(await readStoredSchedules(path.join(dir, 'corpus-none'))).toEqual([]);
  });

  it('keeps every reported point within the limits, verified, and records resources in the corpus', async () => {
    const target = await loadTarget('xc7z020');
    const corpusDir = path.join(dir, 'corpus-limit');
    const out = path.join(dir, 'out-limit');
    const unlimited = await optimize(gemm4, { target, corpusDir: path.join(dir, 'corpus-free'), indexDir: path.join(dir, 'no-index'), accept: false });
    const result = await optimize(gemm4, {
      target, corpusDir, indexDir: path.join(dir, 'no-index'), outDir: out,
      resourceBudget: makeBudget(target, { limits: { dsp: 30 } }),
    });
    // The unlimited search finds something faster that the limit rules out.
    expect(unlimited.resources.dsp).toBeGreaterThan(30);
    expect(result.outcome).toBe('improved');
    expect(result.bestCycles).toBeGreaterThan(unlimited.bestCycles);
    expect(result.resources.dsp).toBeLessThanOrEqual(30);
    expect(result.pareto.length).toBeGreaterThanOrEqual(2);
    expect(result.pareto.map((p) => p.cycles)).toEqual([...result.pareto.map((p) => p.cycles)].sort((a, b) => a - b));
    for (const p of result.pareto) {
      expect(p.dsp).toBeLessThanOrEqual(30);
      if (p.schedule) expect((await verify(gemm4, p.schedule)).status).toBe('ok');
    }
    expect(await readFile(path.join(out, 'report.md'), 'utf8')).toMatch(/## Pareto front/);
    const stored = await readStoredSchedules(corpusDir);
    expect(stored[0]!.meta.resources?.dsp).toBe(result.resources.dsp);
    // Reuse respects a budget too: under a tighter one the stored schedule is not taken.
    const tighter = await optimize(gemm4, { target, corpusDir, indexDir: path.join(dir, 'no-index'), accept: false,
      resourceBudget: makeBudget(target, { limits: { dsp: Math.max(1, result.resources.dsp - 1) } }) });
    expect(tighter.reusedFromCorpus).toBe(false);
    expect(tighter.resources.dsp).toBeLessThan(result.resources.dsp);
  });
});

describe('hlsched optimize budget flags', () => {
  it.each([
    [['--max-util', '1.5'], /--max-util 1.5/],
    [['--limit', 'dsp=many'], /--limit dsp=many/],
    [['--limit', 'gates=5'], /unknown resource 'gates'/],
    [['--objective', 'speed'], /--objective speed/],
    [['--clock-ns', 'fast'], /--clock-ns fast/],
    [['--memory-policy', 'lss'], /--memory-policy lss is not a memory policy/],
  ])('%j is exit 2 naming the field, in one line', async (flags, message) => {
    const run = await execa(hlschedBin, ['optimize', gemm4, '--llm', 'none', '--target', 'xc7z020', ...flags], { reject: false });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('nothing fits: exit 1 and JSON outcome over-budget', async () => {
    const run = await execa(hlschedBin, ['optimize', gemm4, '--llm', 'none', '--target', 'xc7z020', '--limit', 'lut=100', '--json', '--budget', '8',
      '--corpus', path.join(dir, 'corpus-cli'), '--index', path.join(dir, 'no-index'), '--out', path.join(dir, 'out-cli')], { reject: false });
    expect(run.exitCode).toBe(1);
    const json = JSON.parse(run.stdout);
    expect(json.outcome).toBe('over-budget');
    expect(json.reason).toMatch(/lut/);
    expect(json.pareto).toEqual([]);
  });

  it('buffers over the BRAM limit as given: the reason names --memory-policy no-bram, and with it the kernel fits', async () => {
    const kernelFile = kernel('eels_encoder_reduced.mlir');
    const args = ['optimize', kernelFile, '--llm', 'none', '--limit', 'bram=1', '--json', '--budget', '12', '--no-accept',
      '--corpus', path.join(dir, 'corpus-bram'), '--index', path.join(dir, 'no-index')];
    const onChip = await execa(hlschedBin, [...args, '--out', path.join(dir, 'out-bram')], { reject: false });
    expect(onChip.exitCode).toBe(1);
    const json = JSON.parse(onChip.stdout);
    expect(json.outcome).toBe('over-budget');
    expect(json.reason).toMatch(/the kernel as given is over the budget \(bram18 \d+ > 1 .*--memory-policy no-bram puts them behind the memory interface/);
    const external = await execa(hlschedBin, [...args, '--memory-policy', 'no-bram', '--out', path.join(dir, 'out-nobram')], { reject: false });
    const again = JSON.parse(external.stdout);
    expect(again.resources.bram).toBe(0);
    expect(again.outcome).toBe('improved');
    expect(again.memoryPolicy).toBe('no-bram');
  });
});
