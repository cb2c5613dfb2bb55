import { Ollama } from 'ollama';
import { HlschedError } from '../../errors.js';
import { isConnectionFailure } from '../../llm/ollama.js';
import type { Embedder } from './types.js';

export const DEFAULT_OLLAMA_EMBED_MODEL = 'nomic-embed-text';

/** Embeddings from an Ollama server (`OLLAMA_HOST`, default http://127.0.0.1:11434). */
export class OllamaEmbedder implements Embedder {
  readonly id: string;
  private readonly client: Ollama;

  constructor(readonly model = DEFAULT_OLLAMA_EMBED_MODEL, readonly host = process.env.OLLAMA_HOST ?? 'http://127.0.0.1:11434') {
    this.id = `ollama:${model}`;
    // The client does not read OLLAMA_HOST itself.
    this.client = new Ollama({ host });
  }

  async embed(texts: string[]): Promise<number[][]> {
    try {
      const vectors: number[][] = [];
      for (let start = 0; start < texts.length; start += 32) {
        const response = await this.client.embed({ model: this.model, input: texts.slice(start, start + 32) });
        vectors.push(...response.embeddings);
      }
      return vectors;
    } catch (cause) {
      const status = (cause as { status_code?: number }).status_code;
      if (isConnectionFailure(cause)) {
        throw new HlschedError('BACKEND_UNAVAILABLE', `no Ollama server answers at ${this.host}`,
          { hint: 'start it with `ollama serve`, set OLLAMA_HOST, or use --embedder use (offline, built in)', cause });
      }
      if (status === 404) {
        throw new HlschedError('BACKEND_UNAVAILABLE', `the Ollama server at ${this.host} has no model ${this.model}`,
          { hint: `pull it on a connected machine (ollama pull ${this.model}) or choose another with --embed-model`, cause });
      }
      throw new HlschedError('TOOL_FAILED', `Ollama embedding failed: ${(cause as Error).message}`, { cause });
    }
  }
}
