/**
 * `hlsched/langchain`: LangChain interop, an optional entry point (needs `@langchain/core`, which the
 * CLI never loads).
 */
export { HlschedEmbeddings, type HlschedEmbeddingsParams } from './embeddings.js';
export { HlschedRetriever, type HlschedDocumentMetadata, type HlschedRetrieverInput, type HlschedRetrieverOpenOptions } from './retriever.js';
