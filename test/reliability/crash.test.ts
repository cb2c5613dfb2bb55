import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CORPUS_DIR, ingest } from '../../src/knowledge/ingest.js';
import { KnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import { readStoredSchedules } from '../../src/optimize/corpus-store.js';
import { hlschedBin, kernel, repoRoot } from '../helpers/paths.js';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(path.join(os.tmpdir(), 'hlsched-crash-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SIGKILL at random moments loses nothing', () => {
  it('ingest: after every kill the index loads (or is absent) and the next ingest repairs it', async () => {
    const corpus = path.join(dir, 'corpus');
    const index = path.join(dir, 'index');
    await cp(DEFAULT_CORPUS_DIR, corpus, { recursive: true });
    for (const delay of [150, 600, 1200, 2500]) {
      const child = execa('node', [path.join(repoRoot, 'test', 'helpers', 'ingest-worker.mjs'), corpus, index, '50'], { reject: false });
      await sleep(delay);
      child.kill('SIGKILL');
      await child;
      // Whatever moment the kill hit, a reader sees a complete index or none at all.
      const opened = await KnowledgeBase.open(index).then((kb) => kb.size, (error: Error) => error.message);
      if (typeof opened === 'string') expect(opened).toMatch(/there is no index/);
      else expect(opened).toBeGreaterThan(0);
    }
    // The lock of the killed process goes stale; the next ingest takes it and leaves a clean folder.
    const repaired = await ingest({ corpusDir: corpus, indexDir: index, skipMlirDocs: true });
    expect(repaired.documents).toBeGreaterThan(10);
    expect((await KnowledgeBase.open(index)).size).toBe(repaired.documents);
    expect((await readdir(index)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('optimize: killed while it works, the corpus still loads and the next run stores its result', async () => {
    const corpus = path.join(dir, 'opt-corpus');
    const args = ['optimize', kernel('gemm.mlir'), '--llm', 'none', '--corpus', corpus, '--index', path.join(dir, 'no-index'), '--out', path.join(dir, 'out')];
    for (const delay of [300, 900]) {
      const child = execa(hlschedBin, args, { reject: false });
      await sleep(delay);
      child.kill('SIGKILL');
      await child;
      await expect(readStoredSchedules(corpus)).resolves.toBeDefined();
    }
    const run = await execa(hlschedBin, [...args, '--json']);
    expect(JSON.parse(run.stdout).verified).toBe(true);
    const stored = await readStoredSchedules(corpus);
    expect(stored.length).toBe(1);
  });
});
