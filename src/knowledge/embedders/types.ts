/** Turns texts into vectors. Implementations: Universal Sentence Encoder (default, offline), Ollama, transformers.js. */
export interface Embedder {
  /** Recorded in the index: `use-lite`, `ollama:nomic-embed-text`, `transformers:<folder name>`. */
  readonly id: string;
  embed(texts: string[]): Promise<number[][]>;
}

export const EMBEDDER_NAMES = ['use', 'ollama', 'transformers'] as const;
export type EmbedderName = (typeof EMBEDDER_NAMES)[number];
