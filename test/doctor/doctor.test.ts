import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDoctor } from '../../src/doctor/index.js';
import { startFakeOllama } from '../helpers/fake-ollama.js';
import { hlschedBin } from '../helpers/paths.js';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(path.join(os.tmpdir(), 'hlsched-doctor-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

/** A loopback port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('hlsched doctor', () => {
  it('with no MLIR, a dead Ollama and no Bambu: says so on each line with what to do, exit 1', async () => {
    const port = await closedPort();
    // PATH keeps node and gcc but has no MLIR (MLIR_BIN points at an empty folder) and no bambu.
    const run = await execa(hlschedBin, ['doctor', '--index', path.join(dir, 'no-index')], {
      reject: false, cwd: dir, extendEnv: false,
      env: { PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`, HOME: dir, MLIR_BIN: dir, OLLAMA_HOST: `http://127.0.0.1:${port}` },
    });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe('');
    const lines = run.stdout.split('\n');
    const entry = (name: string) => {
      const at = lines.findIndex((line) => new RegExp(`^\\w+\\s+${name}\\s`).test(line));
      expect(at, `no line for ${name}:\n${run.stdout}`).toBeGreaterThanOrEqual(0);
      return { line: lines[at]!, fix: lines[at + 1]!.trim() };
    };
    const mlir = entry('MLIR 22');
    expect(mlir.line).toMatch(new RegExp(`^missing\\s+MLIR 22\\s+mlir-opt not found in MLIR_BIN=${dir}$`));
    expect(mlir.fix).toMatch(/^fix: install MLIR 22 .*apt-get install mlir-22-tools libmlir-22-dev.*MLIR_BIN/);
    const ollama = entry('Ollama');
    expect(ollama.line).toMatch(new RegExp(`^missing\\s+Ollama\\s+no Ollama server answers at http://127.0.0.1:${port} \\(ECONNREFUSED\\)$`));
    expect(ollama.fix).toMatch(/^fix: start it with `ollama serve`/);
    const bambu = entry('Bambu');
    expect(bambu.line).toMatch(/^missing\s+Bambu\s+no `bambu` on PATH and BAMBU is not set$/);
    expect(bambu.fix).toMatch(/^fix: install PandA Bambu and put it on PATH/);
    const index = entry('knowledge index');
    expect(index.fix).toMatch(/^fix: build it with `hlsched ingest`/);
    // Every line that is not ok is followed by its fix.
    lines.forEach((line, i) => { if (/^(missing|warn) /.test(line)) expect(lines[i + 1]).toMatch(/^\s+fix: \S/); });
    expect(lines.at(-1)).toBe('not ready: fix the required lines above');
  });

  it('reports what it finds: the real MLIR 22 and C compiler, and an Ollama that answers with its models', async () => {
    const ollama = await startFakeOllama((p) => (p === '/api/tags' ? { json: { models: [{ name: 'llama3.1:8b' }] } } : { status: 404, json: {} }));
    try {
      const checks = await runDoctor({ env: { ...process.env, BAMBU: path.join(dir, 'none') }, indexDir: path.join(dir, 'no-index'), timeoutMs: 3000, llm: { host: ollama.url } });
      const byName = Object.fromEntries(checks.map((c) => [c.name, c]));
      expect(byName['MLIR 22']).toMatchObject({ status: 'ok', required: true });
      expect(byName['MLIR 22']!.detail).toMatch(/ 22\.\d+\.\d+ in /);
      expect(byName['C compiler']).toMatchObject({ status: 'ok' });
      expect(byName['Ollama']).toMatchObject({ status: 'ok', detail: `${ollama.url} answers; models: llama3.1:8b` });
      expect(byName['Bambu']!.status).toBe('missing');
      expect(ollama.requests.map((r) => r.path)).toEqual(['/api/tags']);
    } finally {
      await ollama.close();
    }
  });
});
