import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HlschedError } from '../../src/errors.js';
import { loadTarget } from '../../src/hls/target.js';
import { answerJsonSchema, llmAnswerSchema } from '../../src/llm/answer.js';
import { chooseContext, chooseThreads, LlamaCppProvider } from '../../src/llm/llama-cpp.js';
import { AnswerCutOff } from '../../src/llm/types.js';
import type { LlmRunReport } from '../../src/optimize/llm-proposer.js';
import { optimize } from '../../src/optimize/optimize.js';
import { syntheticModel } from '../../scripts/kernels/synthetic.js';
import { hlschedBin, kernel, repoRoot } from '../helpers/paths.js';

/**
 * The real llama.cpp path on a real GGUF: stories260K (a 260K-parameter Llama that writes children's
 * stories, ../shared/models/README.md). It cannot schedule, but under the schema grammar it answers
 * recipes that parse, render and estimate, and it shows the faults a scripted server cannot.
 */
const MODEL = path.join(repoRoot, '..', 'shared', 'models', 'stories260K.gguf');
const OUTCOMES = ['malformed', 'not-applicable', 'wrong-result', 'slower', 'accepted', 'model-error', 'cut-off'];

let dir: string;
beforeAll(async () => {
  expect(existsSync(MODEL), `${MODEL} (the shared test model) must exist`).toBe(true);
  dir = await mkdtemp(path.join(os.tmpdir(), 'hlsched-llama-'));
});
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

describe('llama.cpp settings from the machine and the model', () => {
  it('threads never exceed the cores; the context never exceeds the trained one', () => {
    const warnings: string[] = [];
    expect(chooseThreads(undefined, 2)).toBe(1);
    expect(chooseThreads(undefined, 16)).toBe(8);
    expect(chooseThreads(3, 16)).toBe(3);
    expect(chooseThreads(8, 2, (m) => warnings.push(m))).toBe(2);
    expect(chooseContext(undefined, 2048)).toBe(2048);
    expect(chooseContext(1024, 2048)).toBe(1024);
    expect(chooseContext(8192, 2048, (m) => warnings.push(m))).toBe(2048);
    expect(warnings).toEqual([
      "--llm-threads 8 is more than this machine's 2 cores: using 2",
      '--context-tokens 8192 is more than the 2048 tokens the model was trained on: using 2048',
    ]);
  });
});

describe('stories260K through node-llama-cpp', () => {
  it('one loaded model answers many times in a row, schema-valid; a cut-off answer is a classified failure', async () => {
    const warnings: string[] = [];
    const provider = new LlamaCppProvider(MODEL, { contextTokens: 8192, threads: 1, warn: (m) => warnings.push(m) });
    try {
      await provider.check();
      expect(provider.contextWindow()).toBe(2048);
      expect(warnings).toEqual(['--context-tokens 8192 is more than the 2048 tokens the model was trained on: using 2048']);
      const schema = answerJsonSchema({ loops: ['L1', 'L1.1', 'L2'], ops: [{ name: 'linalg.matmul', index: 0 }], answerTokens: 512 });
      const messages = [{ role: 'system' as const, content: 'You write schedules.' }, { role: 'user' as const, content: 'Make @gemm faster.' }];
      for (let i = 0; i < 4; i++) {
        let tokens = 0;
        const answer = await provider.chat(messages, { schema, seed: i, maxTokens: 512, onUsage: (u) => { tokens = u.answerTokens; } });
        const parsed = llmAnswerSchema.parse(JSON.parse(answer));
        expect(parsed.steps!.length).toBeGreaterThan(0);
        for (const step of parsed.steps!) if ('loop' in step) expect(['L1', 'L1.1', 'L2']).toContain(step.loop);
        expect(tokens).toBeGreaterThan(5);
      }
      const cut = await provider.chat(messages, { schema, seed: 7, maxTokens: 6 }).catch((e: unknown) => e);
      expect(AnswerCutOff.isInstance(cut)).toBe(true);
      // The sequence of the cut-off answer was released too: the next answer comes.
      expect(JSON.parse(await provider.chat(messages, { schema, seed: 8, maxTokens: 512 })).analysis).toEqual(expect.any(String));
    } finally {
      await provider.dispose();
    }
  });

  it('hlsched optimize --llm llama-cpp: several answers in a row, each parsed, rendered, estimated and classified', async () => {
    const out = path.join(dir, 'gemm');
    const run = await execa(hlschedBin, ['optimize', kernel('gemm.mlir'), '--llm', 'llama-cpp', '--model-path', MODEL, '--context-tokens', '8192',
      '--samples', '3', '--budget', '12', '--no-accept', '--out', out, '--corpus', path.join(dir, 'corpus'), '--index', path.join(dir, 'no-index')], { reject: false });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/^warning: --context-tokens 8192 is more than the 2048 tokens the model was trained on: using 2048$/m);
    expect(run.stdout).toMatch(/llama-cpp stories260K\.gguf at .*\(context 2048 tokens, \d+ threads?\)/);
    const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as { verified: boolean; llm: LlmRunReport & { note: string } };
    expect(report.verified).toBe(true);
    const attempts = report.llm.attempts;
    expect(attempts.length).toBeGreaterThanOrEqual(3);
    for (const attempt of attempts) expect(OUTCOMES).toContain(attempt.outcome);
    // No answer lost to the model itself ("No sequences left" was every answer's fate before).
    expect(attempts.filter((a) => a.outcome === 'model-error')).toEqual([]);
    expect(attempts.filter((a) => a.schemaValid).length).toBeGreaterThanOrEqual(1);
    expect(attempts.some((a) => a.cycles !== undefined)).toBe(true);
    expect(report.llm.promptTokens).toBeLessThanOrEqual(report.llm.promptBudget);
    const transcript = await readFile(path.join(out, 'llm-transcript.md'), 'utf8');
    const rows = transcript.split('\n').filter((line) => /^\| \d+ \| /.test(line));
    expect(rows).toHaveLength(attempts.length);
    rows.forEach((row, i) => expect(row).toContain(`| ${attempts[i]!.outcome} |`));
  });

  it('whole models: one prompt per unique layer, within the budget; the answers join the layer pools', async () => {
    const file = path.join(dir, 'model.mlir');
    await writeFile(file, syntheticModel({ name: 'model', conv: 0, dense: 3, length: 8, channels: 4, width: 8, weightsAsArguments: true }));
    const provider = new LlamaCppProvider(MODEL, { threads: 1 });
    await provider.check();
    try {
      const out = path.join(dir, 'model-out');
      const result = await optimize(file, {
        target: await loadTarget('fpga'), wholeModel: 'on', llm: provider, llmSamples: 1, llmRepairs: 0, budget: 12,
        corpusDir: path.join(dir, 'corpus'), indexDir: path.join(dir, 'no-index'), outDir: out, accept: false,
      });
      expect(result.layers).not.toBeNull();
      const llm = result.llm as LlmRunReport;
      const layers = new Set(llm.prompts.map((p) => p.layer));
      expect(llm.prompts.length).toBeGreaterThanOrEqual(3);
      expect(layers.size).toBe(llm.prompts.length);
      for (const prompt of llm.prompts) {
        expect(prompt.tokens).toBeLessThanOrEqual(prompt.budget);
        expect(prompt.text).toContain(`## This layer (signature ${prompt.layer}`);
      }
      // Every layer was asked at least once, and every answer is recorded with its layer and status.
      expect(new Set(llm.attempts.map((a) => a.layer))).toEqual(layers);
      for (const attempt of llm.attempts) expect(OUTCOMES).toContain(attempt.outcome);
      expect(llm.attempts.filter((a) => a.outcome === 'model-error')).toEqual([]);
      // Schema-valid answers went through the interpreter (applied, or rejected by it with its diagnostic).
      const tried = llm.attempts.filter((a) => a.schemaValid);
      expect(tried.length).toBeGreaterThanOrEqual(1);
      for (const attempt of tried) expect(['not-applicable', 'slower', 'wrong-result', 'accepted']).toContain(attempt.outcome);
      expect(result.verified).toBe(true);
      const transcript = await readFile(path.join(out, 'llm-transcript.md'), 'utf8');
      expect(transcript.match(/^## Prompt for layer /gm)).toHaveLength(llm.prompts.length);
    } finally {
      await provider.dispose();
    }
  });
});

describe('a bad GGUF is exit 2 and one line, never an aborted process', () => {
  it('missing, a directory, a text file named .gguf, truncated, a damaged header, a tensor llama.cpp refuses', async () => {
    const original = await readFile(MODEL);
    const cases: Record<string, RegExp> = {};
    const missing = path.join(dir, 'missing.gguf');
    cases[missing] = /no GGUF model at .*missing\.gguf/;
    const folder = path.join(dir, 'folder.gguf');
    await mkdir(folder);
    cases[folder] = /folder\.gguf is a directory, not a GGUF model file/;
    const text = path.join(dir, 'notes.gguf');
    await writeFile(text, 'these are my notes, not a model\n');
    cases[text] = /notes\.gguf is not a GGUF model \(it starts with the text "thes", not "GGUF"\)/;
    const truncated = path.join(dir, 'truncated.gguf');
    await writeFile(truncated, original.subarray(0, 600_000));
    cases[truncated] = /truncated\.gguf is a truncated GGUF \(600000 bytes; its tensor .* starts at byte \d+\)/;
    const damaged = Buffer.from(original);
    damaged.fill(0xff, 2000, 2400);
    const garbled = path.join(dir, 'garbled.gguf');
    await writeFile(garbled, damaged);
    cases[garbled] = /garbled\.gguf is a damaged GGUF: its header or metadata does not parse/;
    // A tensor type llama.cpp does not know: the metadata parses, only the loader (in a child) refuses it.
    const badType = Buffer.from(original);
    const name = badType.indexOf('token_embd.weight');
    const dims = badType.readUInt32LE(name + 'token_embd.weight'.length);
    badType.writeUInt32LE(99, name + 'token_embd.weight'.length + 4 + 8 * dims);
    const refused = path.join(dir, 'badtype.gguf');
    await writeFile(refused, badType);
    cases[refused] = /badtype\.gguf cannot be loaded by llama\.cpp: the loader exited with code 1 \(Invalid type or block size\)/;

    for (const [file, message] of Object.entries(cases)) {
      const run = await execa(hlschedBin, ['optimize', kernel('gemm.mlir'), '--llm', 'llama-cpp', '--model-path', file, '--no-accept', '--out', path.join(dir, 'never')], { reject: false });
      expect(run.exitCode, `${file}: ${run.stderr}`).toBe(2);
      const lines = run.stderr.trim().split('\n');
      expect(lines[0]).toMatch(/^hlsched: error: /);
      expect(lines[0]).toMatch(message);
      expect(lines.slice(1).every((line) => line.startsWith('hint: '))).toBe(true);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      // In-process too: a rejection, and this process is still here to see it.
      const error = await new LlamaCppProvider(file).check().catch((e: unknown) => e);
      expect(HlschedError.isInstance(error) && error.exitCode === 2, file).toBe(true);
    }
    expect(existsSync(path.join(dir, 'never'))).toBe(false);
  });
});
