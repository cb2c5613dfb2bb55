import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HlschedError } from '../../src/errors.js';
import { loadTarget } from '../../src/hls/target.js';
import { OllamaProvider } from '../../src/llm/ollama.js';
import { OpenAiCompatibleProvider } from '../../src/llm/openai.js';
import { selectProvider } from '../../src/llm/select.js';
import { optimize } from '../../src/optimize/optimize.js';
import { syntheticModel } from '../../scripts/kernels/synthetic.js';
import { chatScript, startFakeOllama, type FakeOllama } from '../helpers/fake-ollama.js';
import { hlschedBin, kernel, schedule } from '../helpers/paths.js';

let dir: string;
let wrongIr: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'hlsched-llm-'));
  wrongIr = await readFile(schedule('mvt.pipeline.wrong.mlir'), 'utf8');
});
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

/** The script of the issue: malformed JSON, an op that does not exist, a wrong schedule, then a good one. */
function script(): string[] {
  const good = {
    analysis: 'Both inner j loops are reductions into x1[i] and x2[i]: unroll-and-jam the i loops to run four chains at once, and pipeline the j loops.',
    steps: [
      { kind: 'unroll-and-jam', loop: 'L1', factor: 4 }, { kind: 'unroll-and-jam', loop: 'L2', factor: 4 },
      { kind: 'pipeline', loop: 'L1.1' }, { kind: 'pipeline', loop: 'L2.1' },
    ],
  };
  return [
    '{"analysis": "pipeline it", "steps": [',
    JSON.stringify({ analysis: 'tile it', steps: [{ kind: 'transform.structured.tile_loops', loop: 'L1', factor: 4 }] }),
    JSON.stringify({ analysis: 'software-pipeline the inner loop', transform: wrongIr }),
    JSON.stringify(good),
  ];
}

const runOptions = async (provider: OllamaProvider | OpenAiCompatibleProvider, corpus: string) => ({
  target: await loadTarget('fpga'), corpusDir: path.join(dir, corpus), indexDir: path.join(dir, 'no-index'),
  tuner: false, llm: provider, llmSamples: 1, llmRepairs: 3, accept: false,
});

describe('the model in the loop, against a scripted Ollama server on loopback', () => {
  let server: FakeOllama;
  beforeAll(async () => { server = await startFakeOllama(chatScript(script())); });
  afterAll(async () => { await server.close(); });

  it('repairs through malformed JSON, an unknown op and a wrong schedule; the good answer wins', async () => {
    const provider = new OllamaProvider('llama3.1:8b', server.url);
    await provider.check();
    const result = await optimize(kernel('mvt.mlir'), await runOptions(provider, 'c1'));
    expect(result.verified).toBe(true);
    expect(result.source).toBe('llm');
    expect(result.speedup).toBeGreaterThan(1.5);
    const report = result.llm as { attempts: Array<{ outcome: string }>; promptTokens: number; promptBudget: number };
    expect(report.attempts.map((a) => a.outcome)).toEqual(['malformed', 'malformed', 'wrong-result', 'accepted']);
    expect(report.promptTokens).toBeLessThanOrEqual(report.promptBudget);
    expect(result.candidates.byStatus['wrong-result']).toBe(1);

    // What the model was told: the exact failure each time, in the conversation.
    const chats = server.requests.filter((r) => r.path === '/api/chat');
    expect(chats).toHaveLength(4);
    const lastUser = (i: number) => chats[i]!.body.messages.at(-1).content as string;
    expect(chats[0]!.body.format).toHaveProperty('properties.analysis');
    expect(chats[0]!.body.messages[1].content).toMatch(/## Target hardware[\s\S]*## Current estimate[\s\S]*L1\.1/);
    expect(lastUser(1)).toMatch(/not valid JSON/);
    expect(lastUser(2)).toMatch(/steps\.0\.kind/);
    expect(lastUser(3)).toMatch(/changes the kernel's results/);
  });
});

describe('the OpenAI-compatible path, same script', () => {
  let server: FakeOllama;
  beforeAll(async () => { server = await startFakeOllama(chatScript(script(), 'local-model')); });
  afterAll(async () => { await server.close(); });

  it('sends the schema as response_format and reaches the same result', async () => {
    const provider = new OpenAiCompatibleProvider('local-model', `${server.url}/v1`);
    await provider.check();
    const result = await optimize(kernel('mvt.mlir'), await runOptions(provider, 'c2'));
    expect(result.source).toBe('llm');
    expect(result.verified).toBe(true);
    const first = server.requests.find((r) => r.path === '/v1/chat/completions')!;
    expect(first.body.response_format.type).toBe('json_schema');
    expect(first.body.response_format.json_schema.schema).toHaveProperty('properties.steps');
  });
});

describe('choosing a provider', () => {
  it('auto picks a reachable Ollama and says so; with nothing reachable it goes on without a model', async () => {
    const server = await startFakeOllama(chatScript(['{}']));
    try {
      const chosen = await selectProvider({ provider: 'auto', host: server.url });
      expect(chosen.provider?.name).toBe('ollama');
      expect(chosen.note).toMatch(/--llm auto chose ollama llama3\.1:8b at http:\/\/127\.0\.0\.1:\d+/);
    } finally {
      await server.close();
    }
    const none = await selectProvider({ provider: 'auto', host: 'http://127.0.0.1:9' });
    expect(none.provider).toBeUndefined();
    expect(none.note).toMatch(/found no model.*no Ollama server answers at http:\/\/127\.0\.0\.1:9/);
  });

  it('a named provider that does not answer is exit 2 naming the host and how to start it', async () => {
    const run = await execa(hlschedBin, ['optimize', kernel('gemm.mlir'), '--llm', 'ollama', '--llm-host', 'http://127.0.0.1:9'], { reject: false });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^hlsched: error: no Ollama server answers at http:\/\/127\.0\.0\.1:9\nhint: start it with `ollama serve`/);
    const server = await startFakeOllama(chatScript(['{}'], 'other-model'));
    try {
      const missing = await new OllamaProvider('llama3.1:8b', server.url).check().catch((e: HlschedError) => e);
      expect((missing as HlschedError).message).toMatch(/has no model llama3\.1:8b \(it has: other-model\)/);
      expect((missing as HlschedError).hint).toMatch(/ollama pull llama3\.1:8b/);
    } finally {
      await server.close();
    }
  });

  it('a model that only answers nonsense never stalls the run: the tuner result stands', async () => {
    const server = await startFakeOllama(chatScript(['nonsense', '[]', '{"analysis": 3}']));
    try {
      const provider = new OllamaProvider('llama3.1:8b', server.url);
      const result = await optimize(kernel('gemm.mlir'), { ...(await runOptions(provider, 'c3')), tuner: true, llmSamples: 2, llmRepairs: 1 });
      expect(result.verified).toBe(true);
      expect(result.source).toBe('tuner');
      expect((result.llm as { attempts: Array<{ outcome: string }> }).attempts.every((a) => a.outcome === 'malformed')).toBe(true);
    } finally {
      await server.close();
    }
  });
});

describe('hlsched prompt', () => {
  it('prints the prompt within the budget and accounts for every section', async () => {
    const run = await execa(hlschedBin, ['prompt', kernel('eels_encoder.mlir'), '--target', 'asic', '--context-tokens', '4096', '--json', '--index', path.join(dir, 'no-index')]);
    const prompt = JSON.parse(run.stdout);
    expect(prompt.tokens).toBeLessThanOrEqual(prompt.budget);
    expect(prompt.budget).toBe(4096 - 1024);
    // The full EELS encoder does not fit 4k tokens: it comes as a summary.
    expect(prompt.sections.find((s: { name: string }) => s.name === 'kernel').included).toBe('summary');
    expect(prompt.messages[1].content).toMatch(/linalg\.conv_1d_nwc_wcf#0 iterators \[parallel, parallel, parallel, reduction, reduction\]/);
  });

  it('--layer list names the unique layers of a model; --layer SIG prints that layer\'s prompt within the budget', async () => {
    const file = path.join(dir, 'layers.mlir');
    await writeFile(file, syntheticModel({ name: 'net', conv: 2, dense: 3, length: 8, channels: 4, width: 8, weightsAsArguments: true }));
    const list = await execa(hlschedBin, ['prompt', file, '--layer', 'list']);
    const rows = list.stdout.split('\n').slice(1).map((line) => line.trim().split(/\s+/));
    expect(list.stdout).toMatch(/^\d+ unique layers of @net \(\d+ ops\), heaviest first:/);
    const conv = rows.find((row) => row[1] === 'linalg.conv_1d_nwc_wcf')!;
    expect(conv[2]).toBe('x2');
    const run = await execa(hlschedBin, ['prompt', file, '--layer', conv[0]!.slice(0, 6), '--context-tokens', '2048', '--json', '--index', path.join(dir, 'no-index')]);
    const prompt = JSON.parse(run.stdout);
    expect(prompt.tokens).toBeLessThanOrEqual(prompt.budget);
    expect(prompt.budget).toBe(2048 - 512);
    const user = prompt.messages[1].content as string;
    expect(user).toMatch(/^## Objective\nMinimize the latency \(cycles\) of one layer of @net \(linalg\.conv_1d_nwc_wcf, 2 identical ops\)/);
    expect(user).toContain(`## This layer (signature ${conv[0]}`);
    expect(user).toMatch(/\nL\d+ affine\.for .* trip \d+/);
    const unknown = await execa(hlschedBin, ['prompt', file, '--layer', 'ffffffffffff'], { reject: false });
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr.split('\n')[0]).toMatch(/^hlsched: error: no layer of this model has the signature ffffffffffff \(layers: /);
  });
});
