import { Embeddings, type EmbeddingsParams } from '@langchain/core/embeddings';
import { createEmbedder } from '../knowledge/embedders/index.js';
import type { Embedder } from '../knowledge/embedders/types.js';

export interface HlschedEmbeddingsParams extends EmbeddingsParams {
  /**
   * The hlsched embedder to wrap, or its name: `use` (built in, offline), `ollama`, `transformers`.
   * @default 'use'
   */
  embedder?: Embedder | 'use' | 'ollama' | 'transformers';
  /** Ollama model name, or the folder of a transformers.js model. */
  model?: string;
}

/**
 * LangChain `Embeddings` over hlsched's embedders, so a LangChain vector store embeds exactly as
 * `hlsched ingest` does. Calls go through LangChain's caller (retries, concurrency).
 */
export class HlschedEmbeddings extends Embeddings {
  readonly embedder: Embedder;

  constructor(fields: HlschedEmbeddingsParams = {}) {
    super(fields);
    const choice = fields.embedder ?? 'use';
    this.embedder = typeof choice === 'string' ? createEmbedder(choice, fields.model) : choice;
  }

  embedDocuments(documents: string[]): Promise<number[][]> {
    return this.caller.call(() => this.embedder.embed(documents));
  }

  async embedQuery(document: string): Promise<number[]> {
    const [vector] = await this.caller.call(() => this.embedder.embed([document]));
    return vector!;
  }
}
