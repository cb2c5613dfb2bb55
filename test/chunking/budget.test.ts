import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunkOps, extractOps } from '../../src/chunking/chunk.js';
import { summarizeIds } from '../../src/chunking/members.js';
import { AnalyticBackend } from '../../src/hls/estimate.js';
import { loadTarget } from '../../src/hls/target.js';
import { buildPrompt, estimateTokens } from '../../src/llm/prompt.js';
import { analyzeKernel } from '../../src/optimize/kernel-info.js';
import { chunkBudgetFor, describeLayers, layerPrompt } from '../../src/optimize/layer-proposer.js';
import { discoverToolchain } from '../../src/toolchain/discover.js';
import { syntheticModel, syntheticOpCount } from '../../scripts/kernels/synthetic.js';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(path.join(os.tmpdir(), 'hlsched-budget-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

describe('member lists in bounded text', () => {
  it('groups ids into runs and summarizes scattered ones', () => {
    expect(summarizeIds(['op4', 'op9'])).toBe('op4, op9');
    expect(summarizeIds(Array.from({ length: 1000 }, (_, i) => `op${3 + 5 * i}`))).toBe('op3..op4998 every 5');
    expect(summarizeIds(['op1', 'op2', 'op3', 'op7'])).toBe('op1..op3, op7');
    const scattered = Array.from({ length: 1000 }, (_, i) => `op${i * i + 1}`);
    expect(summarizeIds(scattered)).toBe(`1000 ops, op1 ... op${999 * 999 + 1} (1000 runs)`);
  });
});

describe('budgets hold on a 10,000-op model with 1,000-member signatures', () => {
  it('every chunk, every layer prompt and the kernel prompt fit their budgets', async () => {
    const model = { name: 'big', conv: 1000, dense: 1667, length: 16, channels: 8, width: 32, weightsAsArguments: false };
    expect(syntheticOpCount(model)).toBeGreaterThanOrEqual(10_000);
    const file = path.join(dir, 'big.mlir');
    await writeFile(file, syntheticModel(model));
    const kernel = await analyzeKernel(await discoverToolchain(), file);
    const ops = extractOps(kernel.printed.generic, kernel.printed.generalized);
    expect(ops.length).toBe(syntheticOpCount(model));
    const sizes = new Map<string, number>();
    for (const op of ops) sizes.set(op.signature, (sizes.get(op.signature) ?? 0) + 1);
    expect(Math.max(...sizes.values())).toBeGreaterThanOrEqual(1000);

    for (const budget of [2048, 512]) {
      const chunks = chunkOps(ops, budget);
      expect(chunks.length).toBe(sizes.size);
      for (const chunk of chunks) {
        expect(chunk.tokens, chunk.signature).toBeLessThanOrEqual(budget);
        expect(estimateTokens(chunk.text)).toBe(chunk.tokens);
      }
      const biggest = chunks.reduce((a, b) => (a.ops.length > b.ops.length ? a : b));
      // The text names the count and a range, not a thousand ids; the ids stay in the JSON list.
      expect(biggest.text).toMatch(/^\d{4} identical ops: op\d+\.\.op\d+ every \d+\n/);
      expect(biggest.ops.length).toBeGreaterThanOrEqual(1000);
    }

    const target = await loadTarget('fpga');
    const baseline = await new AnalyticBackend().estimate(file, target);
    for (const contextTokens of [2048, 8192]) {
      const layers = describeLayers(ops, kernel, baseline, chunkBudgetFor(contextTokens));
      expect(layers.length).toBeGreaterThan(3);
      for (const layer of layers) {
        const prompt = await layerPrompt(undefined, layer, kernel.functionName, target, { contextTokens, request: 'keep DSPs under 200', budgetText: 'at most 200 DSPs' });
        const recount = prompt.messages.reduce((sum, m) => sum + estimateTokens(m.content), 0);
        expect(prompt.tokens, layer.view.signature).toBeLessThanOrEqual(prompt.budget);
        expect(recount).toBeLessThanOrEqual(prompt.budget);
        // The objective with the resource budget comes first, and the layer's own text is in.
        expect(prompt.messages[1]!.content).toMatch(/^## Objective\n.*one layer of @big.*\nResource budget[^\n]*200 DSPs/);
        expect(prompt.sections.find((s) => s.name === 'layer')!.included).not.toBe('left out');
      }
      const whole = buildPrompt({ kernel, baseline, target, contextTokens, budgetText: 'at most 200 DSPs' });
      // Objective and resource budget first, then the hardware, then the kernel and its loops.
      const order = ['objective', 'target', 'kernel', 'estimate'].map((name) => whole.sections.findIndex((s) => s.name === name));
      expect(order).toEqual([...order].sort((a, b) => a - b));
      expect(whole.messages[1]!.content).toMatch(/^## Objective\n[^\n]*@big[^\n]*\nResource budget[^\n]*200 DSPs\n/);
      expect(whole.tokens).toBeLessThanOrEqual(whole.budget);
      expect(whole.messages.reduce((sum, m) => sum + estimateTokens(m.content), 0)).toBeLessThanOrEqual(whole.budget);
      expect(whole.sections.find((s) => s.name === 'kernel')!.included).toBe('summary');
    }
  }, 300_000);
});
