import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { HlschedError } from '../errors.js';
import { withDirectoryLock } from '../safe-files.js';
import type { LexicalIndexData } from './lexical.js';
import type { KnowledgeDocument } from './types.js';

/**
 * The on-disk index: `manifest.json` names one generation of `docs-<n>.json` and `vectors-<n>.hnsw`.
 * A new generation is written beside the old one and the manifest is swapped by rename, so a reader
 * (or an ingest killed halfway) always sees a complete generation.
 */
export const INDEX_FORMAT = 1;

export interface IndexManifest {
  format: number;
  generation: number;
  embedder: string;
  dimensions: number;
  mlirVersion: string | null;
  documents: number;
  builtAt: string;
  docsFile: string;
  vectorsFile: string;
}

export interface StoredDocument extends KnowledgeDocument {
  /** Content hash: unchanged documents keep their vectors on the next ingest. */
  hash: string;
  label: number;
}

export interface DocsFile {
  documents: StoredDocument[];
  lexical: LexicalIndexData;
}

export async function readManifest(indexDir: string): Promise<IndexManifest | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(indexDir, 'manifest.json'), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const manifest = JSON.parse(text) as IndexManifest;
    return manifest.format === INDEX_FORMAT ? manifest : undefined;
  } catch {
    return undefined;
  }
}

export async function readDocs(indexDir: string, manifest: IndexManifest): Promise<DocsFile> {
  try {
    return JSON.parse(await readFile(path.join(indexDir, manifest.docsFile), 'utf8')) as DocsFile;
  } catch (cause) {
    throw new HlschedError('INPUT_UNREADABLE', `the index in ${indexDir} is damaged (${manifest.docsFile} unreadable)`,
      { hint: 'rebuild it with `hlsched ingest --rebuild`', cause });
  }
}

/**
 * Removes files of older generations (left behind by earlier ingests or a killed one). The one just
 * replaced stays: a reader that read the old manifest a moment ago is still opening its files.
 */
export async function removeOtherGenerations(indexDir: string, keep: IndexManifest, names: string[]): Promise<void> {
  await Promise.all(names
    .filter((name) => {
      const match = /^(?:docs-(\d+)\.json|vectors-(\d+)\.hnsw)(\.\d+\.tmp)?$/.exec(name);
      if (!match) return false;
      const generation = Number(match[1] ?? match[2]);
      return match[3] !== undefined || generation < keep.generation - 1 || generation > keep.generation;
    })
    .map((name) => rm(path.join(indexDir, name), { force: true })));
}

/** Runs `work` holding the index's lock; a second ingest waits for the first (up to `waitMs`). */
export function withIndexLock<T>(indexDir: string, work: () => Promise<T>, waitMs?: number): Promise<T> {
  return withDirectoryLock(indexDir, work, {
    ...(waitMs === undefined ? {} : { waitMs }),
    busy: { message: `the index in ${indexDir} is locked by another ingest`, hint: 'wait for it to finish; a lock from a killed process expires after 5 s' },
  });
}
