import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HlschedError } from '../../src/errors.js';
import { OllamaEmbedder } from '../../src/knowledge/embedders/ollama.js';
import { TransformersEmbedder } from '../../src/knowledge/embedders/transformers.js';
import { UseEmbedder } from '../../src/knowledge/embedders/use.js';
import { readManifest } from '../../src/knowledge/index-files.js';
import { DEFAULT_CORPUS_DIR, ingest } from '../../src/knowledge/ingest.js';
import { KnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import { embeddingScript, startFakeOllama, type FakeOllama } from '../helpers/fake-ollama.js';
import { hlschedBin } from '../helpers/paths.js';

let dir: string;
let corpus: string;
let index: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'hlsched-kb-'));
  corpus = path.join(dir, 'corpus');
  index = path.join(dir, 'index');
  await cp(DEFAULT_CORPUS_DIR, corpus, { recursive: true });
  // The real thing: docs from mlir-tblgen, the Universal Sentence Encoder, hnswlib.
  await ingest({ corpusDir: corpus, indexDir: index });
});
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

const ids = (hits: Array<{ id: string }>) => hits.map((hit) => hit.id);

describe('ingest and search (MLIR docs, corpus, USE embeddings, hnswlib)', () => {
  it('indexes one document per transform op and pass of the installed MLIR, tagged with its version', async () => {
    const manifest = (await readManifest(index))!;
    expect(manifest.embedder).toBe(new UseEmbedder().id);
    expect(manifest.dimensions).toBe(512);
    expect(manifest.mlirVersion).toMatch(/^22\./);
    const kb = await KnowledgeBase.open(index);
    const tile = kb.document('doc:transform.structured.tile_using_for')!;
    expect(tile.mlirVersion).toBe(manifest.mlirVersion);
    expect(tile.text).toMatch(/operation ::= `transform.structured.tile_using_for`/);
    expect(tile.text).toMatch(/HLS notes:/);
    expect(kb.document('doc:pass:affine-scalrep')).toBeDefined();
    expect(kb.document('example:gemm-unroll-pipeline')!.kind).toBe('example');
    expect(kb.document('schedule:gemm-32-fpga-unroll4-pipeline')!.kind).toBe('schedule');
    expect(kb.size).toBeGreaterThan(150);
  });

  it('finds ops by name parts, by task words and by MLIR snippets; filters by kind and op', async () => {
    const kb = await KnowledgeBase.open(index);
    expect(ids(await kb.search('tile_using_for', { k: 1 }))).toEqual(['doc:transform.structured.tile_using_for']);
    expect(ids(await kb.search('unroll a loop by 4', { k: 5 }))).toContain('doc:transform.loop.unroll');
    expect(ids(await kb.search('%f = transform.loop.fuse_sibling %a into %b', { k: 3 }))).toContain('doc:transform.loop.fuse_sibling');
    const examples = await kb.search('tile a matmul', { k: 5, kind: 'example' });
    expect(examples.length).toBeGreaterThan(0);
    expect(examples.every((hit) => hit.kind === 'example')).toBe(true);
    const usingUnroll = await kb.search('loop', { k: 10, op: 'transform.loop.unroll' });
    expect(usingUnroll.length).toBeGreaterThan(0);
    for (const hit of usingUnroll) expect(kb.document(hit.id)!.ops).toContain('transform.loop.unroll');
  });

  it('re-embeds only what changed, and everything on --rebuild', async () => {
    const again = await ingest({ corpusDir: corpus, indexDir: index });
    expect(again.embedded).toBe(0);
    expect(again.rebuiltBecause).toBeNull();
    const readme = path.join(corpus, 'examples', 'bicg-unroll', 'README.md');
    await writeFile(readme, `${await readFile(readme, 'utf8')}\nUnrolling by 4 keeps four s[j] updates in flight.\n`);
    const changed = await ingest({ corpusDir: corpus, indexDir: index });
    expect(changed.embedded).toBe(1);
    const rebuilt = await ingest({ corpusDir: corpus, indexDir: index, rebuild: true });
    expect(rebuilt.embedded).toBe(rebuilt.documents);
    // The newest generation's files stay, and the one before (a reader may still be opening it).
    const manifest = (await readManifest(index))!;
    const generations = new Set((await readdir(index)).filter((f) => /^(docs|vectors)-/.test(f)).map((f) => Number(/-(\d+)\./.exec(f)![1])));
    expect([...generations].sort()).toEqual([manifest.generation - 1, manifest.generation]);
  });

  it('refuses to search with another embedder than the one that built the index', async () => {
    const other = new OllamaEmbedder('nomic-embed-text', 'http://127.0.0.1:9');
    const error = await KnowledgeBase.open(index, other).catch((e: unknown) => e) as HlschedError;
    expect(HlschedError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/built with use-lite@0\.2\.0, not ollama:nomic-embed-text/);
    expect(error.exitCode).toBe(2);
  });

  it('stays readable when a write is killed halfway, and two ingests at once both finish', async () => {
    // A killed ingest leaves a half-written next generation; the manifest still names the complete one.
    const manifest = (await readManifest(index))!;
    await writeFile(path.join(index, `docs-${manifest.generation + 1}.json.12345.tmp`), '{"documents": [');
    await writeFile(path.join(index, `vectors-${manifest.generation + 1}.hnsw`), 'garbage');
    const kb = await KnowledgeBase.open(index);
    expect(ids(await kb.search('tile_using_for', { k: 1 }))).toEqual(['doc:transform.structured.tile_using_for']);
    const [a, b] = await Promise.all([ingest({ corpusDir: corpus, indexDir: index }), ingest({ corpusDir: corpus, indexDir: index })]);
    expect(a.documents).toBe(b.documents);
    const after = (await readManifest(index))!;
    expect(after.generation).toBe(manifest.generation + 2);
    const left = await readdir(index);
    expect(left.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(left.filter((f) => /^(docs|vectors)-/.test(f)).sort()).toEqual([`docs-${after.generation - 1}.json`, `docs-${after.generation}.json`, `vectors-${after.generation - 1}.hnsw`, `vectors-${after.generation}.hnsw`]);
    expect((await KnowledgeBase.open(index)).size).toBe(a.documents);
  });

  it('a damaged manifest means no index to search, and the next ingest rebuilds it', async () => {
    const broken = path.join(dir, 'broken');
    await cp(index, broken, { recursive: true });
    await writeFile(path.join(broken, 'manifest.json'), '{ "format": 1, "gener');
    const error = await KnowledgeBase.open(broken).catch((e: HlschedError) => e);
    expect((error as HlschedError).message).toMatch(/there is no index/);
    const rebuilt = await ingest({ corpusDir: corpus, indexDir: broken, skipMlirDocs: true });
    expect(rebuilt.rebuiltBecause).toBe('no index yet');
  });

  it('an invalid accepted-schedule meta.json stops the ingest naming the field, and changes nothing', async () => {
    const badCorpus = path.join(dir, 'bad-corpus');
    await cp(corpus, badCorpus, { recursive: true });
    const meta = path.join(badCorpus, 'schedules', 'gemm-32-fpga-unroll4-pipeline', 'meta.json');
    const parsed = JSON.parse(await readFile(meta, 'utf8'));
    parsed.cyclesAfter = 'fast';
    await writeFile(meta, JSON.stringify(parsed));
    const before = await readManifest(index);
    const error = await ingest({ corpusDir: badCorpus, indexDir: index, skipMlirDocs: true }).catch((e: HlschedError) => e);
    expect((error as HlschedError).message).toMatch(/meta\.json is invalid: cyclesAfter/);
    expect(await readManifest(index)).toEqual(before);
  });
});

describe('other embedders', () => {
  let server: FakeOllama;
  beforeAll(async () => { server = await startFakeOllama(embeddingScript('nomic-embed-text')); });
  afterAll(async () => { await server.close(); });

  it('Ollama: ingest and search through the real client against a loopback server', async () => {
    const embedder = new OllamaEmbedder('nomic-embed-text', server.url);
    const target = path.join(dir, 'ollama-index');
    const result = await ingest({ corpusDir: corpus, indexDir: target, embedder, skipMlirDocs: true });
    expect(result.embedder).toBe('ollama:nomic-embed-text');
    expect(server.requests.some((r) => r.path === '/api/embed' && Array.isArray(r.body.input))).toBe(true);
    const kb = await KnowledgeBase.open(target, embedder);
    expect(ids(await kb.search('unroll and jam the j loop of a matmul', { k: 3 }))).toContain('example:matmul-unroll-and-jam');
  });

  it('Ollama: a missing model, a server that is down, and vectors of the wrong size are clear errors', async () => {
    const missingModel = await new OllamaEmbedder('no-such-model', server.url).embed(['x']).catch((e: HlschedError) => e);
    expect((missingModel as HlschedError).message).toMatch(/has no model no-such-model/);
    const down = await new OllamaEmbedder('nomic-embed-text', 'http://127.0.0.1:9').embed(['x']).catch((e: HlschedError) => e);
    expect((down as HlschedError).message).toMatch(/no Ollama server answers at http:\/\/127\.0\.0\.1:9/);
    const ragged = await startFakeOllama((_path, body) => ({ json: { embeddings: (body.input as string[]).map((_, i) => new Array(i % 2 ? 3 : 4).fill(0.5)) } }));
    try {
      const error = await ingest({ corpusDir: corpus, indexDir: path.join(dir, 'ragged'), embedder: new OllamaEmbedder('nomic-embed-text', ragged.url), skipMlirDocs: true })
        .catch((e: HlschedError) => e);
      expect((error as HlschedError).message).toMatch(/vectors of inconsistent size/);
    } finally {
      await ragged.close();
    }
  });

  it('transformers: a folder without a model says what it needs', async () => {
    const error = await new TransformersEmbedder(path.join(dir, 'no-model')).embed(['x']).catch((e: HlschedError) => e);
    expect((error as HlschedError).code).toBe('INPUT_UNREADABLE');
    expect((error as HlschedError).message).toMatch(/no transformers\.js model in .*no-model \(config\.json missing\)/);
  });
});

describe('hlsched ingest / search (CLI)', () => {
  it('search --json prints id, kind, title, source, score and text', async () => {
    const run = await execa(hlschedBin, ['search', 'pipeline the innermost loop', '--index', index, '--json', '--k', '3']);
    const hits = JSON.parse(run.stdout);
    expect(hits).toHaveLength(3);
    for (const hit of hits) expect(Object.keys(hit).sort()).toEqual(['id', 'kind', 'score', 'source', 'text', 'title']);
  });

  it('ingest --json reports counts; searching a folder with no index is exit 2 with the fix', async () => {
    const run = await execa(hlschedBin, ['ingest', '--index', index, '--corpus', corpus, '--json']);
    expect(JSON.parse(run.stdout)).toMatchObject({ embedded: 0, embedder: 'use-lite@0.2.0' });
    const missing = await execa(hlschedBin, ['search', 'tile', '--index', path.join(dir, 'nothing')], { reject: false });
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/there is no index in .*nothing\nhint: build it with `hlsched ingest`/);
  });
});
