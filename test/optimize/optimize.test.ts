import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTarget } from '../../src/hls/target.js';
import { acceptSchedule, readStoredSchedules } from '../../src/optimize/corpus-store.js';
import { optimize } from '../../src/optimize/optimize.js';
import { verify } from '../../src/verify/verify.js';
import { hlschedBin, kernel, schedule } from '../helpers/paths.js';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(path.join(os.tmpdir(), 'hlsched-optimize-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

const noIndex = () => path.join(dir, 'no-index');

describe('hlsched optimize (no LLM)', () => {
  it('finds a faster verified schedule for gemm, writes it out, stores it, and reuses it on the next run', async () => {
    const corpusDir = path.join(dir, 'corpus-gemm');
    const out = path.join(dir, 'out-gemm');
    const target = await loadTarget('fpga');
    const first = await optimize(kernel('gemm.mlir'), { target, corpusDir, indexDir: noIndex(), outDir: out });
    expect(first.verified).toBe(true);
    expect(first.speedup).toBeGreaterThan(5);
    expect(first.bestCycles).toBeGreaterThanOrEqual(first.lowerBound);
    expect(first.source).toBe('tuner');
    // Besides the chosen schedule, the other verified points of the Pareto front go to pareto/.
    expect((await readdir(out)).filter((name) => name !== 'pareto').sort()).toEqual(['recipe.json', 'report-data.json', 'report.html', 'report.json', 'report.md', 'schedule.mlir', 'transformed.mlir']);
    expect(first.pareto.length).toBeGreaterThanOrEqual(2);
    for (const point of first.pareto) if (point.schedule) expect((await verify(kernel('gemm.mlir'), point.schedule)).status).toBe('ok');
    // What was written is what was verified: check it again from the files.
    const again = await verify(kernel('gemm.mlir'), path.join(out, 'schedule.mlir'));
    expect(again.status).toBe('ok');
    const transformed = await readFile(path.join(out, 'transformed.mlir'), 'utf8');
    expect(transformed).toMatch(/hls\.pipeline/);
    expect(transformed).not.toMatch(/hlsched\.L/);
    expect(await readFile(path.join(out, 'report.md'), 'utf8')).toMatch(/## Best recipe/);
    expect(first.accepted?.duplicate).toBe(false);
    const stored = await readStoredSchedules(corpusDir);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.meta).toMatchObject({ target: 'fpga', cyclesBefore: first.baselineCycles, cyclesAfter: first.bestCycles, verification: { status: 'ok' } });

    const second = await optimize(kernel('gemm.mlir'), { target, corpusDir, indexDir: noIndex() });
    expect(second.reusedFromCorpus).toBe(true);
    expect(second.bestCycles).toBe(first.bestCycles);
    expect(second.candidates.evaluations).toBeLessThan(first.candidates.evaluations);
    expect(await readStoredSchedules(corpusDir)).toHaveLength(1);
  });

  it('never reports a schedule that fails verification, even a tempting one from the corpus', async () => {
    const corpusDir = path.join(dir, 'corpus-poisoned');
    const text = await readFile(kernel('gemm.mlir'), 'utf8');
    // A wrong schedule stored as if it were accepted for this very kernel.
    await acceptSchedule(corpusDir, {
      schedule: await readFile(schedule('gemm.fuse-scale.wrong.mlir'), 'utf8'),
      meta: {
        kernel: { name: 'gemm', signature: '()', sha256: createHash('sha256').update(text).digest('hex') }, target: 'fpga',
        cyclesBefore: 399362, cyclesAfter: 10, verification: { status: 'ok', maxAbsDiff: 0 }, tools: { mlir: '22.1.8', hlsched: '0.1.0' },
        model: null, date: new Date().toISOString(),
      },
    });
    const result = await optimize(kernel('gemm.mlir'), { target: await loadTarget('fpga'), corpusDir, indexDir: noIndex(), accept: false });
    expect(result.reusedFromCorpus).toBe(false);
    expect(result.candidates.byStatus['wrong-result']).toBe(1);
    expect(result.verified).toBe(true);
    expect(result.source).toBe('tuner');
  });

  it('two writers accepting the same schedule at once store it once', async () => {
    const corpusDir = path.join(dir, 'corpus-race');
    const input = {
      schedule: 'module {}\n',
      meta: {
        kernel: { name: 'k', signature: '()', sha256: 'a'.repeat(64) }, target: 'fpga', cyclesBefore: 10, cyclesAfter: 5,
        verification: { status: 'ok' as const, maxAbsDiff: 0 }, tools: { mlir: '22.1.8', hlsched: '0.1.0' }, model: null, date: new Date().toISOString(),
      },
    };
    const results = await Promise.all([acceptSchedule(corpusDir, input), acceptSchedule(corpusDir, input), acceptSchedule(corpusDir, input)]);
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect((await readdir(path.join(corpusDir, 'schedules'))).filter((name) => !name.startsWith('.'))).toHaveLength(1);
  });

  it('the EELS encoder: at least 3x on both targets, verified', async () => {
    for (const name of ['fpga', 'asic']) {
      const result = await optimize(kernel('eels_encoder.mlir'), { target: await loadTarget(name), corpusDir: path.join(dir, `corpus-eels-${name}`), indexDir: noIndex(), accept: false });
      expect(result.verified, name).toBe(true);
      expect(result.speedup, name).toBeGreaterThanOrEqual(3);
    }
  });
});

describe('hlsched optimize (CLI)', () => {
  it('--json prints the documented fields; a bad --llm and a missing kernel are exit 2', async () => {
    const corpusDir = path.join(dir, 'corpus-cli');
    await mkdir(corpusDir, { recursive: true });
    const run = await execa(hlschedBin, ['optimize', kernel('gemm.mlir'), '--target', 'asic', '--corpus', corpusDir, '--index', noIndex(), '--out', path.join(dir, 'out-cli'), '--json', '--budget', '20', '--llm', 'none']);
    const report = JSON.parse(run.stdout);
    for (const key of ['baselineCycles', 'bestCycles', 'speedup', 'verified', 'schedule', 'candidates', 'seconds']) expect(report).toHaveProperty(key);
    expect(report.verified).toBe(true);
    expect(report.outcome).toBe('improved');
    expect(run.exitCode).toBe(0);
    const llm = await execa(hlschedBin, ['optimize', kernel('gemm.mlir'), '--llm', 'gpt'], { reject: false });
    expect(llm.exitCode).toBe(2);
    expect(llm.stderr).toMatch(/--llm gpt is not a provider/);
    const missing = await execa(hlschedBin, ['optimize', path.join(dir, 'nope.mlir')], { reject: false });
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr.split('\n')[0]).toMatch(/nope\.mlir/);
  });
});
