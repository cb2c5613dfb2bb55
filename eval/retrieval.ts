/** Retrieval quality over `eval/retrieval/queries.json`: recall@k and MRR for each ranking. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { KnowledgeBase } from '../src/knowledge/knowledge-base.js';
import { repoRoot } from './calibration.js';

export interface LabelledQuery {
  query: string;
  relevant: string[];
}

export function loadQueries(): LabelledQuery[] {
  const file = path.join(repoRoot, 'eval', 'retrieval', 'queries.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { queries: LabelledQuery[] }).queries;
}

export interface RetrievalScores {
  mode: 'lexical' | 'dense' | 'hybrid';
  recallAtK: number;
  mrr: number;
  misses: Array<{ query: string; missing: string[]; got: string[] }>;
}

export async function evaluateRetrieval(kb: KnowledgeBase, queries: LabelledQuery[], mode: RetrievalScores['mode'], k = 5): Promise<RetrievalScores> {
  let recall = 0;
  let reciprocal = 0;
  const misses: RetrievalScores['misses'] = [];
  for (const { query, relevant } of queries) {
    const hits = (await kb.search(query, { k: Math.max(k, 20), mode })).map((hit) => hit.id);
    const top = hits.slice(0, k);
    const found = relevant.filter((id) => top.includes(id));
    recall += found.length / Math.min(relevant.length, k);
    const firstRank = hits.findIndex((id) => relevant.includes(id));
    reciprocal += firstRank < 0 ? 0 : 1 / (firstRank + 1);
    if (found.length < relevant.length) misses.push({ query, missing: relevant.filter((id) => !top.includes(id)), got: top });
  }
  return { mode, recallAtK: recall / queries.length, mrr: reciprocal / queries.length, misses };
}
