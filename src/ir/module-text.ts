/**
 * Text surgery on modules printed by mlir-opt with `--mlir-print-local-scope` (no alias lines,
 * top-level ops indented by two spaces). Used to put two versions of a kernel in one harness.
 */

export interface TopLevelOp {
  text: string;
  /** The symbol the op defines (`@name` of a func.func or memref.global), if any. */
  symbol?: string;
  isDeclaration: boolean;
}

/** Splits `module { ... }` into its top-level ops. */
export function splitModule(printed: string): TopLevelOp[] {
  const lines = printed.split('\n');
  const start = lines.findIndex((line) => /^module\b/.test(line));
  let end = lines.length - 1;
  while (end > start && lines[end]!.trim() !== '}') end--;
  const ops: TopLevelOp[] = [];
  let current: string[] = [];
  const flush = () => {
    if (current.length === 0) return;
    const text = current.join('\n');
    const header = current[0]!;
    const symbol = /^\s*[\w.]+\s+(?:(?:private|public|nested|"[^"]*"|constant)\s+)*@([\w$.-]+)/.exec(header)?.[1];
    ops.push({ text, ...(symbol ? { symbol } : {}), isDeclaration: !/\{\s*$/.test(header) && current.length === 1 });
    current = [];
  };
  for (const line of lines.slice(start + 1, end)) {
    if (/^ {2}\S/.test(line) && !/^ {2}\}/.test(line)) flush();
    if (line.trim() !== '') current.push(line);
  }
  flush();
  return ops;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Renames every use and definition of the given symbols, `@k` to `@k<suffix>`. */
export function renameSymbols(text: string, symbols: Iterable<string>, suffix: string): string {
  let renamed = text;
  for (const symbol of symbols) {
    renamed = renamed.replace(new RegExp(`@${escapeRegExp(symbol)}(?![\\w$.-])`, 'g'), `@${symbol}${suffix}`);
  }
  return renamed;
}
