/** What the knowledge base holds and returns. */

export const DOCUMENT_KINDS = ['doc', 'example', 'schedule'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export interface KnowledgeDocument {
  /** Stable across ingests: `doc:transform.structured.tile_using_for`, `example:gemm-unroll`. */
  id: string;
  kind: DocumentKind;
  title: string;
  /** Where it came from: a file path, or `mlir-tblgen <file.td>` for generated docs. */
  source: string;
  text: string;
  /** A few sentences saying what the document is about: what gets embedded (long texts blur a sentence encoder). */
  summary: string;
  /** Op and pass names the document is about or uses, for filters and exact-name matches. */
  ops: string[];
  /** MLIR version the document was generated from or checked with, when known. */
  mlirVersion?: string;
}

export interface SearchHit {
  id: string;
  kind: DocumentKind;
  title: string;
  source: string;
  score: number;
  text: string;
}

export interface SearchOptions {
  k?: number;
  kind?: DocumentKind;
  /** Only documents about or using this op or pass name. */
  op?: string;
  /** Which rankings to use: both fused (default), or one alone (for evaluation). */
  mode?: 'hybrid' | 'lexical' | 'dense';
}

/** Names of transform ops, dialect ops and passes mentioned in a text. */
export function mentionedOps(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(/\b(?:transform|linalg|affine|scf|memref|arith|math|func|tensor|bufferization|vector)\.[a-z_][\w.]*/g)) {
    names.add(match[0].replace(/\.$/, ''));
  }
  for (const match of text.matchAll(/apply_registered_pass\s+"([\w-]+)"/g)) names.add(match[1]!);
  return [...names];
}

/** `transform.structured.tile_using_for` -> `transform structured tile using for`. */
export function humanizeName(name: string): string {
  return name.replace(/[._-]+/g, ' ');
}

/** The prose of a markdown text: no code blocks, tables, headings or interface lists. */
export function prose(markdown: string): string {
  return markdown.replace(/```[\s\S]*?```/g, ' ')
    .split('\n')
    .filter((line) => !/^\s*(#|\||Syntax:|Interfaces:|Traits:|Effects:|<!--|-\w[\w-]*\s*:)/.test(line))
    .join('\n').replace(/[_`*]/g, ' ').replace(/[ \t]+/g, ' ').replace(/\n{2,}/g, '\n').trim();
}
