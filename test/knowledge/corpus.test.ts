import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HlschedError } from '../../src/errors.js';
import { OllamaEmbedder } from '../../src/knowledge/embedders/ollama.js';
import { DEFAULT_CORPUS_DIR, ingest } from '../../src/knowledge/ingest.js';
import { KnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import { verify } from '../../src/verify/verify.js';
import { embeddingScript, startFakeOllama, type FakeOllama } from '../helpers/fake-ollama.js';

const examplesDir = path.join(DEFAULT_CORPUS_DIR, 'examples');
const examples = readdirSync(examplesDir).sort();

describe('corpus/examples: every expert schedule preserves its kernel\'s results', () => {
  it('there are examples of tiling, unrolling, interchange, fusion, scalar replacement and pipelining marks', () => {
    const all = examples.join(' ');
    for (const theme of ['tile', 'unroll', 'interchange', 'fusion', 'scalrep', 'pipeline', 'jam']) expect(all).toContain(theme);
  });

  it.each(examples)('%s', async (name) => {
    const result = await verify(path.join(examplesDir, name, 'kernel.mlir'), path.join(examplesDir, name, 'schedule.mlir'));
    expect(result.status, JSON.stringify(result.diagnostics)).toBe('ok');
  });
});

describe('ingest --source DIR', () => {
  let dir: string;
  let server: FakeOllama;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'hlsched-source-'));
    server = await startFakeOllama(embeddingScript());
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('indexes .md sections, .mlir files and .td op definitions from a user folder', async () => {
    const source = path.join(dir, 'lab-notes');
    await mkdir(path.join(source, 'ops'), { recursive: true });
    await writeFile(path.join(source, 'bram.md'), '# BRAM banking on our board\nSplit arrays across banks with cyclic partitioning.\n\n# Clock\nWe close timing at 150 MHz.\n');
    await writeFile(path.join(source, 'fir.mlir'), 'func.func @fir(%x: memref<64xf32>) {\n  return\n}\n');
    await writeFile(path.join(source, 'ops', 'lab.td'), [
      'include "mlir/IR/OpBase.td"',
      'def Lab_Dialect : Dialect { let name = "lab"; let cppNamespace = "lab"; }',
      'def Lab_PartitionOp : Op<Lab_Dialect, "partition"> { let summary = "cyclically partition an array into banks"; }',
      '',
    ].join('\n'));
    const index = path.join(dir, 'index');
    const embedder = new OllamaEmbedder('nomic-embed-text', server.url);
    const result = await ingest({ corpusDir: path.join(dir, 'empty-corpus'), indexDir: index, sources: [source], embedder, skipMlirDocs: true });
    expect(result.documents).toBe(4);
    const kb = await KnowledgeBase.open(index, embedder);
    expect((await kb.search('timing clock MHz', { k: 1 }))[0]!.title).toBe('Clock');
    expect((await kb.search('lab.partition', { k: 1 }))[0]!.id).toBe('doc:lab.partition');
    expect(kb.document('doc:user:fir.mlir')).toBeDefined();
  });

  it('a --source that is not a folder is a one-line error', async () => {
    const error = await ingest({ indexDir: path.join(dir, 'i2'), sources: [path.join(dir, 'nope')], skipMlirDocs: true }).catch((e: HlschedError) => e);
    expect((error as HlschedError).message).toMatch(/--source .*nope is not a folder/);
  });
});
