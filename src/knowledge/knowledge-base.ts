import path from 'node:path';
import { HlschedError } from '../errors.js';
import type { Embedder } from './embedders/types.js';
import { UseEmbedder } from './embedders/use.js';
import { readDocs, readManifest, type IndexManifest, type StoredDocument } from './index-files.js';
import { DEFAULT_INDEX_DIR } from './ingest.js';
import { LexicalIndex } from './lexical.js';
import type { SearchHit, SearchOptions } from './types.js';
import { HnswVectorStore, type VectorStore } from './vector-store.js';

/** Reciprocal rank fusion constant: ranks beyond ~60 barely count. */
const RRF_K = 60;
/**
 * Weight of the dense ranking in the fusion. The built-in sentence encoder is weaker on this vocabulary
 * than the identifier index (recall@5 0.62 vs 0.94 on eval/retrieval; weight chosen there), so it breaks ties and rescues
 * queries without identifiers rather than outvoting exact names. Override with HLSCHED_DENSE_WEIGHT.
 */
const DENSE_WEIGHT = Number(process.env.HLSCHED_DENSE_WEIGHT ?? 0.3);

function isMlirSnippet(query: string): boolean {
  return /%[\w#]+|\b(?:func\.func|affine\.for|scf\.for|linalg\.\w+|memref<|tensor<|transform\.\w+)/.test(query);
}

/** The index, opened for searching: lexical (BM25 over identifiers) and dense (hnswlib), fused by RRF. */
export class KnowledgeBase {
  /** Built once: every search and filter looks documents up by id. */
  private readonly byId: Map<string, StoredDocument>;

  private constructor(
    readonly manifest: IndexManifest,
    private readonly documents: StoredDocument[],
    private readonly lexical: LexicalIndex,
    private readonly vectors: VectorStore,
    private readonly embedder: Embedder,
  ) {
    this.byId = new Map(documents.map((d) => [d.id, d]));
  }

  /**
   * Opens `indexDir` (default `index/`). Without an embedder the one that built the index is used when
   * it is the built-in one; a different embedder is an error, never a silent mix of vector spaces.
   */
  static async open(indexDir: string = DEFAULT_INDEX_DIR, embedder?: Embedder): Promise<KnowledgeBase> {
    // Ingests swap generations under a reader: if the files of the manifest just read are gone, a newer
    // manifest names complete ones. Read again a few times before calling the index damaged.
    for (let attempt = 0; ; attempt++) {
      try {
        return await KnowledgeBase.openOnce(indexDir, embedder);
      } catch (error) {
        const manifest = await readManifest(indexDir);
        if (attempt >= 3 || !HlschedError.isInstance(error) || !/is damaged/.test(error.message) || !manifest) throw error;
      }
    }
  }

  private static async openOnce(indexDir: string, embedder?: Embedder): Promise<KnowledgeBase> {
    const manifest = await readManifest(indexDir);
    if (!manifest) {
      throw new HlschedError('INPUT_UNREADABLE', `there is no index in ${indexDir}`, { hint: 'build it with `hlsched ingest`' });
    }
    const chosen = embedder ?? new UseEmbedder();
    if (chosen.id !== manifest.embedder) {
      throw new HlschedError('USAGE', `the index in ${indexDir} was built with ${manifest.embedder}, not ${chosen.id}`,
        { hint: `search with the same embedder, or rebuild: hlsched ingest --rebuild --embedder ...` });
    }
    const [docs, vectors] = await Promise.all([
      readDocs(indexDir, manifest),
      HnswVectorStore.load(path.join(indexDir, manifest.vectorsFile), manifest.dimensions).catch((cause: unknown) => {
        throw new HlschedError('INPUT_UNREADABLE', `the index in ${indexDir} is damaged (${manifest.vectorsFile} unreadable)`,
          { hint: 'rebuild it with `hlsched ingest --rebuild`', cause });
      }),
    ]);
    return new KnowledgeBase(manifest, docs.documents, LexicalIndex.fromData(docs.lexical), vectors, chosen);
  }

  get size(): number {
    return this.documents.length;
  }

  document(id: string): StoredDocument | undefined {
    return this.byId.get(id);
  }

  async search(query: string, options: SearchOptions = {}): Promise<SearchHit[]> {
    const k = options.k ?? 5;
    const mode = options.mode ?? 'hybrid';
    const accept = (document: StoredDocument | undefined) => !!document
      && (!options.kind || document.kind === options.kind)
      && (!options.op || document.ops.includes(options.op));
    const depth = Math.max(50, k * 4);
    const ranked: Array<{ weight: number; ids: string[] }> = [];
    if (mode !== 'dense') ranked.push({ weight: 1, ids: this.lexical.search(query, depth, (id) => accept(this.byId.get(id))).map((hit) => hit.id) });
    if (mode !== 'lexical') {
      // An MLIR snippet is embedded with the words of its ops, which the sentence encoder understands better than syntax.
      const text = isMlirSnippet(query) ? `${query}\n${[...new Set(query.match(/\b[a-z_]+\.[a-z_.]+/g) ?? [])].join(' ')}` : query;
      const [vector] = await this.embedder.embed([text]);
      ranked.push({ weight: mode === 'dense' ? 1 : DENSE_WEIGHT, ids: this.vectors.search(vector!, depth, (label) => accept(this.documents[label])).map((hit) => this.documents[hit.label]!.id) });
    }
    const scores = new Map<string, number>();
    for (const { weight, ids } of ranked) ids.forEach((id, rank) => scores.set(id, (scores.get(id) ?? 0) + weight / (RRF_K + rank + 1)));
    return [...scores].sort((a, b) => b[1] - a[1]).slice(0, k).map(([id, score]) => {
      const document = this.byId.get(id)!;
      return { id, kind: document.kind, title: document.title, source: document.source, score: Number(score.toFixed(5)), text: document.text };
    });
  }
}
