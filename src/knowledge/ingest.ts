import { createHash } from 'node:crypto';
import { readdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { HlschedError } from '../errors.js';
import { defaultDataDirs } from '../config/user-dirs.js';
import { writeAtomically } from '../safe-files.js';
import { discoverToolchain } from '../toolchain/discover.js';
import { runTool } from '../toolchain/run-tool.js';
import type { Embedder } from './embedders/types.js';
import { UseEmbedder } from './embedders/use.js';
import {
  INDEX_FORMAT, readDocs, readManifest, removeOtherGenerations, withIndexLock,
  type DocsFile, type IndexManifest, type StoredDocument,
} from './index-files.js';
import { LexicalIndex } from './lexical.js';
import { readAcceptedSchedules, readExamples, readOpNotes, readUserFolder } from './sources/corpus.js';
import { generateMlirDocs, includeDir, sectionToDocument, splitDocSections } from './sources/tblgen.js';
import type { KnowledgeDocument } from './types.js';
import { HnswVectorStore } from './vector-store.js';

// A clone keeps them beside package.json; an installed package (or HLSCHED_HOME) uses the user data folder.
export const DEFAULT_CORPUS_DIR = defaultDataDirs().corpus;
export const DEFAULT_INDEX_DIR = defaultDataDirs().index;

export interface IngestOptions {
  corpusDir?: string;
  indexDir?: string;
  /** Extra folders of .md, .mlir and .td files. */
  sources?: string[];
  embedder?: Embedder;
  /** Re-embed everything, ignoring the previous index. */
  rebuild?: boolean;
  /** Leave out the docs generated from MLIR's TableGen files (tests of other parts). */
  skipMlirDocs?: boolean;
  onProgress?: (event: { phase: 'collect' | 'embed' | 'write'; done: number; total: number }) => void;
}

export interface IngestResult {
  indexDir: string;
  embedder: string;
  documents: number;
  byKind: Record<string, number>;
  embedded: number;
  reused: number;
  removed: number;
  /** Why everything was re-embedded, if it was. */
  rebuiltBecause: string | null;
  seconds: number;
}

function contentHash(document: KnowledgeDocument, embedder: string): string {
  return createHash('sha256').update(`${embedder}\n${document.summary}`).digest('hex');
}

async function userTdDocuments(files: string[]): Promise<KnowledgeDocument[]> {
  if (files.length === 0) return [];
  const toolchain = await discoverToolchain();
  const documents: KnowledgeDocument[] = [];
  for (const file of files) {
    const run = await runTool(toolchain, 'mlir-tblgen', ['-gen-op-doc', '-I', includeDir(toolchain), '-I', path.dirname(file), file], { timeoutMs: 60_000 });
    if (run.exitCode !== 0) {
      throw new HlschedError('INPUT_UNREADABLE', `mlir-tblgen cannot read ${file}: ${run.stderr.split('\n')[0]}`,
        { hint: 'a .td source must be an op definition file mlir-tblgen -gen-op-doc accepts' });
    }
    for (const section of splitDocSections(run.stdout)) documents.push(sectionToDocument(section, 'op', `mlir-tblgen ${file}`, toolchain.version));
  }
  return documents;
}

/** Everything the index should hold, from the compiler, the corpus and the user's folders. */
export async function collectDocuments(options: IngestOptions): Promise<{ documents: KnowledgeDocument[]; mlirVersion: string | null }> {
  const corpusDir = options.corpusDir ?? DEFAULT_CORPUS_DIR;
  const toolchain = options.skipMlirDocs ? undefined : await discoverToolchain();
  const user = await Promise.all((options.sources ?? []).map(readUserFolder));
  const [generated, notes, examples, schedules, userTd] = await Promise.all([
    toolchain ? generateMlirDocs(toolchain) : Promise.resolve([]),
    readOpNotes(corpusDir),
    readExamples(corpusDir),
    readAcceptedSchedules(corpusDir),
    userTdDocuments(user.flatMap((u) => u.tdFiles)),
  ]);
  // Our HLS notes go first in the summary: they say what an op is for in the words people search with.
  const docs = generated.map((doc) => {
    const note = notes.get(doc.id);
    return note ? { ...doc, text: `${doc.text}\n\nHLS notes:\n${note}`, summary: `${doc.summary.slice(0, doc.summary.indexOf(':') + 1)} ${note}`.slice(0, 600) } : doc;
  });
  const all = [...docs, ...examples, ...schedules, ...user.flatMap((u) => u.documents), ...userTd];
  const unique = new Map<string, KnowledgeDocument>();
  for (const document of all) unique.set(document.id, document);
  return { documents: [...unique.values()], mlirVersion: toolchain?.version ?? null };
}

/**
 * Builds or updates the index: documents whose content hash is unchanged keep their vectors, the rest
 * are embedded; the new generation replaces the old one atomically, under the index lock.
 */
export async function ingest(options: IngestOptions = {}): Promise<IngestResult> {
  const started = performance.now();
  const indexDir = options.indexDir ?? DEFAULT_INDEX_DIR;
  const embedder = options.embedder ?? new UseEmbedder();
  return withIndexLock(indexDir, async () => {
    options.onProgress?.({ phase: 'collect', done: 0, total: 1 });
    const { documents, mlirVersion } = await collectDocuments(options);
    options.onProgress?.({ phase: 'collect', done: 1, total: 1 });

    const previous = await readManifest(indexDir);
    let rebuiltBecause: string | null = null;
    let reusable = new Map<string, number[]>();
    if (options.rebuild) rebuiltBecause = '--rebuild';
    else if (!previous) rebuiltBecause = 'no index yet';
    else if (previous.embedder !== embedder.id) rebuiltBecause = `the index was built with ${previous.embedder}, this ingest uses ${embedder.id}`;
    else {
      try {
        const [oldDocs, oldVectors] = await Promise.all([readDocs(indexDir, previous), HnswVectorStore.load(path.join(indexDir, previous.vectorsFile), previous.dimensions)]);
        reusable = new Map(oldDocs.documents.map((d) => [d.hash, oldVectors.vector(d.label)]));
      } catch {
        rebuiltBecause = 'the previous index could not be read';
      }
    }

    const stored: StoredDocument[] = documents.map((document, label) => ({ ...document, hash: contentHash(document, embedder.id), label }));
    const vectors: Array<number[] | undefined> = stored.map((document) => reusable.get(document.hash));
    const missing = stored.filter((_, i) => vectors[i] === undefined);
    const batch = 32;
    for (let start = 0; start < missing.length; start += batch) {
      const slice = missing.slice(start, start + batch);
      const embedded = await embedder.embed(slice.map((d) => d.summary));
      slice.forEach((document, i) => { vectors[document.label] = embedded[i]; });
      options.onProgress?.({ phase: 'embed', done: Math.min(start + batch, missing.length), total: missing.length });
    }
    const dimensions = vectors[0]?.length ?? previous?.dimensions ?? 512;
    if (vectors.some((v) => v === undefined || v.length !== dimensions)) {
      throw new HlschedError('TOOL_FAILED', `the embedder ${embedder.id} returned vectors of inconsistent size`);
    }

    options.onProgress?.({ phase: 'write', done: 0, total: 1 });
    const store = HnswVectorStore.create(dimensions, stored.length);
    vectors.forEach((vector, label) => store.add(label, vector!));
    const lexical = LexicalIndex.build(stored.map((d) => ({ id: d.id, text: d.text, boost: `${d.title} ${d.summary.slice(0, 200)}` })));
    const generation = (previous?.generation ?? 0) + 1;
    const manifest: IndexManifest = {
      format: INDEX_FORMAT, generation, embedder: embedder.id, dimensions, mlirVersion, documents: stored.length,
      builtAt: new Date().toISOString(), docsFile: `docs-${generation}.json`, vectorsFile: `vectors-${generation}.hnsw`,
    };
    const docsFile: DocsFile = { documents: stored, lexical: lexical.toData() };
    const vectorsTemporary = path.join(indexDir, `${manifest.vectorsFile}.${process.pid}.tmp`);
    await store.save(vectorsTemporary);
    await rename(vectorsTemporary, path.join(indexDir, manifest.vectorsFile));
    await writeAtomically(path.join(indexDir, manifest.docsFile), JSON.stringify(docsFile));
    await writeAtomically(path.join(indexDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    await removeOtherGenerations(indexDir, manifest, await readdir(indexDir));
    options.onProgress?.({ phase: 'write', done: 1, total: 1 });

    const byKind: Record<string, number> = {};
    for (const document of stored) byKind[document.kind] = (byKind[document.kind] ?? 0) + 1;
    const reusedHashes = new Set(reusable.keys());
    return {
      indexDir, embedder: embedder.id, documents: stored.length, byKind, embedded: missing.length, reused: stored.length - missing.length,
      removed: rebuiltBecause ? 0 : [...reusedHashes].filter((hash) => !stored.some((d) => d.hash === hash)).length,
      rebuiltBecause, seconds: (performance.now() - started) / 1000,
    };
  });
}
