import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Document } from '@langchain/core/documents';
import { PromptTemplate } from '@langchain/core/prompts';
import { RunnableLambda, RunnablePassthrough, RunnableSequence } from '@langchain/core/runnables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CORPUS_DIR, ingest } from '../../src/knowledge/ingest.js';
import { HlschedEmbeddings, HlschedRetriever } from '../../src/langchain/index.js';

let dir: string;
let indexDir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'hlsched-langchain-'));
  indexDir = path.join(dir, 'index');
  await cp(DEFAULT_CORPUS_DIR, path.join(dir, 'corpus'), { recursive: true });
  // The real index: MLIR 22 docs from mlir-tblgen, the corpus, the Universal Sentence Encoder, hnswlib.
  await ingest({ corpusDir: path.join(dir, 'corpus'), indexDir });
});
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

const cosine = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * b[i]!, 0) / Math.hypot(...a) / Math.hypot(...b);

describe('hlsched/langchain', () => {
  it('HlschedRetriever finds MLIR docs and honours kind and op filters', async () => {
    const retriever = await HlschedRetriever.open({ indexDir });
    const docs = await retriever.invoke('unroll a loop by 4');
    expect(docs).toHaveLength(4);
    expect(docs.map((d) => d.id)).toContain('doc:transform.loop.unroll');
    const unroll = docs.find((d) => d.id === 'doc:transform.loop.unroll')!;
    expect(unroll.metadata).toMatchObject({ id: 'doc:transform.loop.unroll', kind: 'doc', title: expect.stringContaining('transform.loop.unroll') });
    expect(unroll.pageContent).toMatch(/transform\.loop\.unroll/);
    const examples = await (await HlschedRetriever.open({ indexDir, kind: 'example', k: 3 })).invoke('tile a matmul');
    expect(examples.length).toBeGreaterThan(0);
    expect(examples.every((d) => d.metadata.kind === 'example')).toBe(true);
    const withOp = await (await HlschedRetriever.open({ indexDir, op: 'transform.loop.unroll', k: 10 })).invoke('loop');
    expect(withOp.length).toBeGreaterThan(0);
    for (const d of withOp) expect(retriever.knowledgeBase.document(d.id)!.ops).toContain('transform.loop.unroll');
  });

  it('runs inside a LangChain runnable chain: retrieve, format, prompt, answer', async () => {
    const retriever = await HlschedRetriever.open({ indexDir, k: 3 });
    const format = (docs: Document[]) => docs.map((d) => `[${d.metadata.title}]\n${d.pageContent.slice(0, 300)}`).join('\n\n');
    const prompt = PromptTemplate.fromTemplate('Answer from the MLIR docs.\n{context}\n\nQuestion: {question}');
    // The answering step is a plain function here (no model weights exist on these machines): it names the ops the prompt cites.
    const answer = RunnableLambda.from((value: { toString(): string }) => [...new Set(value.toString().match(/\[(transform\.[\w.]+)/g) ?? [])].map((s) => s.slice(1)));
    const chain = RunnableSequence.from([
      { context: retriever.pipe(format), question: new RunnablePassthrough() },
      prompt,
      answer,
    ]);
    const [fuse, tile] = await chain.batch(['fuse two sibling loops into one', 'tile_using_for']);
    expect(fuse).toContain('transform.loop.fuse_sibling');
    expect(tile![0]).toBe('transform.structured.tile_using_for');
  });

  it('HlschedEmbeddings wraps the built-in embedder: 512-d vectors, similar texts closer', async () => {
    const embeddings = new HlschedEmbeddings();
    const [a, b, c] = await embeddings.embedDocuments(['unroll the inner loop by four', 'loop unrolling with factor 4', 'the weather is sunny today']);
    expect(a).toHaveLength(512);
    expect(cosine(a!, b!)).toBeGreaterThan(cosine(a!, c!) + 0.1);
    const query = await embeddings.embedQuery('unroll the inner loop by four');
    expect(cosine(query, a!)).toBeGreaterThan(0.999);
    // The index checks the embedder: the same one opens it, one of another name is refused.
    await expect(HlschedRetriever.open({ indexDir, embeddings })).resolves.toBeInstanceOf(HlschedRetriever);
    await expect(HlschedRetriever.open({ indexDir, embeddings: { id: 'other', embed: async () => [] } })).rejects.toThrow(/built with use-lite@0\.2\.0, not other/);
  });
});
