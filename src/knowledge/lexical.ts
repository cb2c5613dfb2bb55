/**
 * A BM25 index over identifiers and words. Identifiers are split the way people search for them:
 * `transform.structured.tile_using_for` is found by "tile", "tile_using_for", "structured" and by
 * the full name; `%C` and `affine.for` in an MLIR snippet become words too.
 */

/**
 * A light suffix stripper, so "tiling", "tiles" and "tile", or "fusion", "fused" and "fuse", meet.
 * Applied to word pieces only: full dotted names stay exact.
 */
export function stem(word: string): string {
  let w = word;
  if (w.length <= 3) return w;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us')) w = w.slice(0, -1);
  for (const suffix of ['ing', 'ion', 'ed', 'er']) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 3) { w = w.slice(0, -suffix.length); break; }
  }
  if (w.endsWith('e') && w.length > 3) w = w.slice(0, -1);
  return w;
}

/** Tokens of a text: whole dotted names, their dotted suffixes, their parts, and the parts' stemmed pieces. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const raw of text.toLowerCase().matchAll(/[a-z_][a-z0-9_]*(?:[.-][a-z_][a-z0-9_]*)*/g)) {
    const word = raw[0];
    const parts = word.split(/[.-]/);
    if (parts.length === 1 && !word.includes('_')) {
      tokens.push(stem(word));
      continue;
    }
    tokens.push(word);
    if (parts.length > 1) {
      for (let i = 1; i < parts.length - 1; i++) tokens.push(parts.slice(i).join('.'));
      for (const part of parts) tokens.push(part);
    }
    for (const part of parts) {
      const pieces = part.split('_').filter((piece) => piece.length > 1);
      if (pieces.length > 1 || parts.length > 1) tokens.push(...pieces.map(stem));
    }
  }
  return tokens.filter((token) => token.length > 1 && !STOP_WORDS.has(token));
}

const STOP_WORDS = new Set(['the', 'and', 'of', 'to', 'in', 'is', 'it', 'that', 'this', 'for', 'on', 'with', 'as', 'be', 'by', 'an', 'are',
  'or', 'at', 'from', 'if', 'can', 'its', 'into', 'which', 'when', 'not', 'all', 'these', 'has', 'have', 'will', 'we', 'how', 'do', 'what',
  'my', 'me', 'use', 'i', 'a', 'op', 'ops', 'operation', 'operations']);

export interface LexicalIndexData {
  /** Per document: term -> count. */
  documents: Array<{ id: string; length: number; terms: Record<string, number> }>;
}

export class LexicalIndex {
  private readonly postings = new Map<string, Array<{ doc: number; count: number }>>();
  private readonly lengths: number[] = [];
  private readonly ids: string[] = [];
  private averageLength = 1;

  static build(documents: Array<{ id: string; text: string; boost?: string }>): LexicalIndex {
    return LexicalIndex.fromData({
      documents: documents.map((document) => {
        // The title and op names count twice: a name match should beat a passing mention.
        const tokens = [...tokenize(document.text), ...tokenize(document.boost ?? ''), ...tokenize(document.boost ?? '')];
        const terms: Record<string, number> = {};
        for (const token of tokens) terms[token] = (terms[token] ?? 0) + 1;
        return { id: document.id, length: tokens.length, terms };
      }),
    });
  }

  static fromData(data: LexicalIndexData): LexicalIndex {
    const index = new LexicalIndex();
    data.documents.forEach((document, doc) => {
      index.ids.push(document.id);
      index.lengths.push(document.length);
      for (const [term, count] of Object.entries(document.terms)) {
        const list = index.postings.get(term) ?? [];
        list.push({ doc, count });
        index.postings.set(term, list);
      }
    });
    index.averageLength = index.lengths.reduce((a, b) => a + b, 0) / Math.max(1, index.lengths.length);
    index.data = data;
    return index;
  }

  private data: LexicalIndexData = { documents: [] };

  toData(): LexicalIndexData {
    return this.data;
  }

  /** BM25 (k1 = 1.2, b = 0.75); ids with scores, best first. */
  search(query: string, k: number, accept: (id: string) => boolean = () => true): Array<{ id: string; score: number }> {
    const scores = new Map<number, number>();
    const n = this.ids.length;
    for (const term of new Set(tokenize(query))) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = Math.log(1 + (n - list.length + 0.5) / (list.length + 0.5));
      for (const { doc, count } of list) {
        const norm = count + 1.2 * (1 - 0.75 + (0.75 * this.lengths[doc]!) / this.averageLength);
        scores.set(doc, (scores.get(doc) ?? 0) + (idf * count * 2.2) / norm);
      }
    }
    return [...scores].filter(([doc]) => accept(this.ids[doc]!)).sort((a, b) => b[1] - a[1]).slice(0, k)
      .map(([doc, score]) => ({ id: this.ids[doc]!, score }));
  }
}
