import type { CallbackManagerForRetrieverRun } from '@langchain/core/callbacks/manager';
import { Document } from '@langchain/core/documents';
import { BaseRetriever, type BaseRetrieverInput } from '@langchain/core/retrievers';
import type { Embedder } from '../knowledge/embedders/types.js';
import { DEFAULT_INDEX_DIR } from '../knowledge/ingest.js';
import { KnowledgeBase } from '../knowledge/knowledge-base.js';
import type { DocumentKind, SearchOptions } from '../knowledge/types.js';
import { HlschedEmbeddings } from './embeddings.js';

export interface HlschedRetrieverInput extends BaseRetrieverInput {
  /** How many documents a query returns. @default 4 */
  k?: number;
  /** Only documents of this kind: `doc` (MLIR op and pass docs), `example`, `schedule` (accepted schedules). */
  kind?: DocumentKind;
  /** Only documents about or using this op or pass name, e.g. `transform.loop.unroll`. */
  op?: string;
  /** Ranking: BM25 over identifiers and dense vectors fused (default), or one alone. @default 'hybrid' */
  mode?: SearchOptions['mode'];
}

export interface HlschedRetrieverOpenOptions extends HlschedRetrieverInput {
  /** The index folder, as `hlsched ingest` wrote it. @default the CLI's default (index/ in a clone, the user data folder when installed) */
  indexDir?: string;
  /** The embedder the index was built with: an `HlschedEmbeddings`, an hlsched embedder, or the built-in one by default. */
  embeddings?: HlschedEmbeddings | Embedder;
}

/** Metadata of every document the retriever returns. */
export interface HlschedDocumentMetadata {
  id: string;
  kind: DocumentKind;
  title: string;
  source: string;
  /** Reciprocal-rank-fusion score (higher is closer). */
  score: number;
}

/**
 * A LangChain retriever over hlsched's knowledge base: the same hybrid search and filters as
 * `hlsched search`. Open it with `await HlschedRetriever.open({ indexDir })`.
 */
export class HlschedRetriever extends BaseRetriever<HlschedDocumentMetadata> {
  static override lc_name(): string {
    return 'HlschedRetriever';
  }

  lc_namespace = ['hlsched', 'retrievers'];
  readonly k: number;
  readonly kind?: DocumentKind;
  readonly op?: string;
  readonly mode: NonNullable<SearchOptions['mode']>;

  constructor(readonly knowledgeBase: KnowledgeBase, fields: HlschedRetrieverInput = {}) {
    super(fields);
    this.k = fields.k ?? 4;
    if (fields.kind) this.kind = fields.kind;
    if (fields.op) this.op = fields.op;
    this.mode = fields.mode ?? 'hybrid';
  }

  /** Opens the index (checking it was built with the same embedder) and returns a retriever over it. */
  static async open(options: HlschedRetrieverOpenOptions = {}): Promise<HlschedRetriever> {
    const { indexDir = DEFAULT_INDEX_DIR, embeddings, ...fields } = options;
    const embedder = embeddings instanceof HlschedEmbeddings ? embeddings.embedder : embeddings;
    return new HlschedRetriever(await KnowledgeBase.open(indexDir, embedder), fields);
  }

  override async _getRelevantDocuments(query: string, _runManager?: CallbackManagerForRetrieverRun): Promise<Document<HlschedDocumentMetadata>[]> {
    const hits = await this.knowledgeBase.search(query, {
      k: this.k, mode: this.mode, ...(this.kind ? { kind: this.kind } : {}), ...(this.op ? { op: this.op } : {}),
    });
    return hits.map((hit) => new Document<HlschedDocumentMetadata>({
      id: hit.id, pageContent: hit.text,
      metadata: { id: hit.id, kind: hit.kind, title: hit.title, source: hit.source, score: hit.score },
    }));
  }
}
