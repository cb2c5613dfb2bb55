import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/paths.js';

/** `npm run eval -- --llm llama-cpp --model stories260K.gguf` as a smoke test: one small kernel, one sample. */
const MODEL = path.join(repoRoot, '..', 'shared', 'models', 'stories260K.gguf');
const evalScript = path.join(repoRoot, 'dist', 'eval', 'eval.js');

let dir: string;
beforeAll(async () => { dir = await mkdtemp(path.join(os.tmpdir(), 'hlsched-llm-eval-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

describe('the LLM eval', () => {
  it('runs the kernel with and without the model and writes the table', async () => {
    const out = path.join(dir, 'results-llm.md');
    const run = await execa('node', [evalScript, '--llm', 'llama-cpp', '--model', MODEL, '--kernels', 'gemm.mlir', '--samples', '1', '--budget', '8', '--out', out], { reject: false });
    expect(run.exitCode, run.stderr).toBe(0);
    const table = await readFile(out, 'utf8');
    expect(table).toMatch(/^# What the model adds \(npm run eval -- --llm llama-cpp/);
    const row = table.split('\n').find((line) => line.startsWith('| gemm.mlir |'))!;
    const cells = row.split('|').slice(1, -1).map((cell) => cell.trim());
    expect(cells[1]).toMatch(/^\d+\.\d\dx$/);
    // The model never makes it worse: both runs report the best verified schedule they found.
    expect(Number.parseFloat(cells[2]!)).toBeGreaterThanOrEqual(Number.parseFloat(cells[1]!));
    const [answers, valid, applied, verified] = cells.slice(3, 7).map(Number);
    expect(answers).toBeGreaterThanOrEqual(1);
    expect(valid).toBeLessThanOrEqual(answers!);
    expect(applied).toBeLessThanOrEqual(valid!);
    expect(verified).toBeLessThanOrEqual(applied!);
    expect(cells[9]).toMatch(/^\d+$/);
  });

  it('an unknown provider is exit 2 in one line', async () => {
    const run = await execa('node', [evalScript, '--llm', 'gpt', '--kernels', 'gemm.mlir'], { reject: false });
    expect(run.exitCode).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe('eval: error: --llm gpt is not a provider');
  });
});
