import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Candidate } from '../../src/optimize/evaluate.js';
import { decideOutcome, outcomeExitCode } from '../../src/optimize/outcome.js';
import { hlschedBin, kernel } from '../helpers/paths.js';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(path.join(os.tmpdir(), 'hlsched-outcome-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

const candidate = (over: Partial<Candidate>): Candidate => ({ id: Math.random().toString(36), source: 'tuner', schedule: '', status: 'estimated', ...over });

describe('optimize outcome: never a silent 1.00x', () => {
  it('names the first cause of each outcome', () => {
    const base = { baselineCycles: 1000, lowerBound: 100, searched: true };
    const best = candidate({ status: 'verified', cycles: 400 });
    expect(decideOutcome({ ...base, best, candidates: [best] })).toMatchObject({ outcome: 'improved', reason: expect.stringMatching(/^2\.50x/) });
    expect(decideOutcome({ ...base, lowerBound: 980, best: undefined, candidates: [] }).outcome).toBe('at-bound');
    const same = [candidate({ cycles: 1000 }), candidate({ cycles: 1000 })];
    expect(decideOutcome({ ...base, best: undefined, candidates: same, bufferized: true }))
      .toEqual({ outcome: 'no-improvement', reason: 'all 2 candidates estimated the baseline (1000 cycles): the recipes changed nothing after bufferization' });
    const rejected = [candidate({ status: 'rejected', error: 'applying s.mlir failed: op not supported' })];
    expect(decideOutcome({ ...base, best: undefined, candidates: rejected })).toMatchObject({ outcome: 'unsupported', reason: expect.stringMatching(/all 1 candidates were rejected.*op not supported/) });
    const wrong = [candidate({ status: 'wrong-result', cycles: 500, error: '%C differs' })];
    expect(decideOutcome({ ...base, best: undefined, candidates: wrong })).toMatchObject({ outcome: 'no-improvement', reason: expect.stringMatching(/1 of 1 faster candidates failed verification.*%C differs/) });
    expect(decideOutcome({ ...base, best: undefined, candidates: [], searched: false }).outcome).toBe('unsupported');
    expect([outcomeExitCode('improved'), outcomeExitCode('at-bound'), outcomeExitCode('no-improvement'), outcomeExitCode('unsupported')]).toEqual([0, 0, 1, 1]);
  });

  it('a run that searches nothing exits 1 with outcome unsupported, in the output and in report.md', async () => {
    const out = path.join(dir, 'out');
    const run = await execa(hlschedBin, ['optimize', kernel('matmul.mlir'), '--no-tuner', '--llm', 'none', '--no-accept',
      '--corpus', path.join(dir, 'corpus'), '--index', path.join(dir, 'no-index'), '--out', out], { reject: false });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/^outcome: unsupported: no candidate was proposed/m);
    expect(await readFile(path.join(out, 'report.md'), 'utf8')).toMatch(/\*\*Outcome: unsupported\*\*/);
    const badVerify = await execa(hlschedBin, ['optimize', kernel('matmul.mlir'), '--verify', 'some', '--llm', 'none'], { reject: false });
    expect(badVerify.exitCode).toBe(2);
    expect(badVerify.stderr.split('\n')[0]).toMatch(/--verify some is not whole, layers or auto/);
  });
});
