import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CORPUS_DIR, ingest } from '../../src/knowledge/ingest.js';
import { KnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import { OllamaEmbedder } from '../../src/knowledge/embedders/ollama.js';
import { readStoredSchedules } from '../../src/optimize/corpus-store.js';
import { embeddingScript, startFakeOllama, type FakeOllama } from '../helpers/fake-ollama.js';
import { repoRoot } from '../helpers/paths.js';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(path.join(os.tmpdir(), 'hlsched-concurrent-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

const worker = (name: string) => path.join(repoRoot, 'test', 'helpers', name);

describe('concurrent users of one corpus and one index', () => {
  it('8 processes adding 50 accepted schedules each (half of them shared) lose none and duplicate none', async () => {
    const corpus = path.join(dir, 'corpus');
    await Promise.all(Array.from({ length: 8 }, (_, w) => execa('node', [worker('accept-worker.mjs'), corpus, String(w), '50'])));
    const stored = await readStoredSchedules(corpus);
    // 25 shared entries once, plus 25 own entries from each of the 8 workers.
    expect(stored).toHaveLength(25 + 8 * 25);
    expect(new Set(stored.map((s) => s.schedule)).size).toBe(stored.length);
    expect((await readdir(path.join(corpus, 'schedules'))).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  describe('readers during ingests', () => {
    let server: FakeOllama;
    beforeAll(async () => { server = await startFakeOllama(embeddingScript()); });
    afterAll(async () => { await server.close(); });

    it('see the old or the new index, never a broken one', async () => {
      const corpus = path.join(dir, 'kb-corpus');
      const index = path.join(dir, 'kb-index');
      await cp(DEFAULT_CORPUS_DIR, corpus, { recursive: true });
      const embedder = new OllamaEmbedder('nomic-embed-text', server.url);
      await ingest({ corpusDir: corpus, indexDir: index, embedder, skipMlirDocs: true });
      let stop = false;
      const writers = (async () => {
        for (let i = 0; i < 6; i++) await ingest({ corpusDir: corpus, indexDir: index, embedder, skipMlirDocs: true, rebuild: i % 2 === 0 });
        stop = true;
      })();
      let reads = 0;
      const failures: string[] = [];
      while (!stop) {
        try {
          const kb = await KnowledgeBase.open(index, embedder);
          const hits = await kb.search('unroll and jam', { k: 3 });
          if (hits.length === 0) failures.push('no hits');
          reads++;
        } catch (error) {
          failures.push((error as Error).message);
        }
      }
      await writers;
      expect(failures).toEqual([]);
      expect(reads).toBeGreaterThan(3);
    });
  });
});
