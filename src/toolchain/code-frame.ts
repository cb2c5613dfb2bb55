import type { Diagnostic } from './diagnostics.js';

/** Text of each input file, so a diagnostic can be shown with the lines around it. */
export type SourceTexts = Record<string, string>;

/** Two lines of context and a caret under the column, as vitest and MLIR print them. */
export function codeFrame(text: string, line: number, column: number, context = 2): string {
  const lines = text.split('\n');
  const first = Math.max(1, line - context);
  const last = Math.min(lines.length, line + context);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const marker = n === line ? '>' : ' ';
    out.push(`${marker} ${String(n).padStart(width)} | ${lines[n - 1] ?? ''}`);
    if (n === line) out.push(`  ${' '.repeat(width)} | ${' '.repeat(Math.max(0, column - 1))}^`);
  }
  return out.join('\n');
}

function location(diagnostic: Diagnostic): string {
  if (!diagnostic.file) return '';
  if (diagnostic.line === undefined) return `${diagnostic.file}: `;
  return `${diagnostic.file}:${diagnostic.line}:${diagnostic.column}: `;
}

/** Renders a diagnostic the way MLIR does, plus a code frame when the source text is known. */
export function formatDiagnostic(diagnostic: Diagnostic, sources: SourceTexts = {}): string {
  const parts = [`${location(diagnostic)}${diagnostic.severity}: ${diagnostic.message}`];
  const text = diagnostic.file === undefined ? undefined : sources[diagnostic.file];
  if (text !== undefined && diagnostic.line !== undefined) {
    parts.push(codeFrame(text, diagnostic.line, diagnostic.column ?? 1));
  }
  for (const note of diagnostic.notes) {
    // "see current operation" notes dump whole IR; their first line is what a person needs.
    parts.push(`  ${location(note)}note: ${note.message}`);
  }
  return parts.join('\n');
}
