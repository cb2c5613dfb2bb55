export * from './types.js';
export * from './embedders/index.js';
export { ingest, collectDocuments, DEFAULT_CORPUS_DIR, DEFAULT_INDEX_DIR, type IngestOptions, type IngestResult } from './ingest.js';
export { KnowledgeBase } from './knowledge-base.js';
export { LexicalIndex, tokenize } from './lexical.js';
export { HnswVectorStore, type VectorStore } from './vector-store.js';
export { acceptedScheduleSchema, type AcceptedScheduleMeta } from './sources/corpus.js';
export { generateMlirDocs } from './sources/tblgen.js';
