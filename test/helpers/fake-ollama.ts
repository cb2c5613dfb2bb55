import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An Ollama-compatible HTTP server on loopback that answers from a script: what tests of the
 * Ollama paths run against (no model weights exist on these machines).
 */
export interface FakeOllama {
  url: string;
  requests: Array<{ path: string; body: any }>;
  close(): Promise<void>;
}

export type OllamaScript = (path: string, body: any) => { status?: number; json: unknown };

/** A deterministic bag-of-words embedding: texts sharing words get close vectors. */
export function bagOfWordsVector(text: string, dimensions = 64): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (const word of text.toLowerCase().match(/[a-z_]+/g) ?? []) {
    let hash = 0;
    for (const ch of word) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
    vector[hash % dimensions]! += 1;
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((v) => v / norm);
}

export const embeddingScript = (model = 'nomic-embed-text'): OllamaScript => (path, body) => {
  if (path !== '/api/embed') return { status: 404, json: { error: `no route ${path}` } };
  if (body.model !== model) return { status: 404, json: { error: `model "${body.model}" not found, try pulling it first` } };
  const inputs: string[] = Array.isArray(body.input) ? body.input : [body.input];
  return { json: { model, embeddings: inputs.map((text) => bagOfWordsVector(text)) } };
};

export async function startFakeOllama(script: OllamaScript): Promise<FakeOllama> {
  const requests: FakeOllama['requests'] = [];
  const server = http.createServer((request, response) => {
    let data = '';
    request.on('data', (chunk) => { data += chunk; });
    request.on('end', () => {
      const body = data ? JSON.parse(data) : {};
      requests.push({ path: request.url ?? '', body });
      const answer = script(request.url ?? '', body);
      response.writeHead(answer.status ?? 200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(answer.json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/**
 * A chat script: each /api/chat (Ollama) or /v1/chat/completions (OpenAI-compatible) request gets the
 * next answer; /api/tags and /v1/models list `model`.
 */
export function chatScript(answers: string[], model = 'llama3.1:8b'): OllamaScript {
  let next = 0;
  return (path, body) => {
    if (path === '/api/tags') return { json: { models: [{ name: model, model, size: 1, digest: 'x', modified_at: new Date().toISOString(), details: {} }] } };
    if (path === '/v1/models') return { json: { data: [{ id: model, object: 'model' }] } };
    const answer = answers[Math.min(next++, answers.length - 1)] ?? '{}';
    if (path === '/api/chat') {
      if (body.model !== model) return { status: 404, json: { error: `model "${body.model}" not found, try pulling it first` } };
      return { json: { model, created_at: new Date().toISOString(), message: { role: 'assistant', content: answer }, done: true, done_reason: 'stop' } };
    }
    if (path === '/v1/chat/completions') return { json: { id: 'x', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: answer }, finish_reason: 'stop' }] } };
    return { status: 404, json: { error: `no route ${path}` } };
  };
}
