import { parseType, splitTopLevel, type MlirType } from './types.js';

export interface FunctionArgument {
  /** The name in the source (`A` for `%A`), or `argN` when the source does not name it. */
  name: string;
  type: MlirType;
}

export interface FunctionInfo {
  name: string;
  visibility: 'public' | 'private' | 'nested';
  /** A declaration has no body and cannot be run or transformed. */
  isDeclaration: boolean;
  arguments: FunctionArgument[];
  results: MlirType[];
  /** 1-based line of the `func.func` in the text it was read from. */
  line: number;
}

const FUNC_HEADER = /func\.func\s+(?:(private|public|nested)\s+)?@([\w$.-]+|"[^"]*")\s*\(/g;

/** Index just after the bracket that closes the one at `open`. */
function matchingClose(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '-' && text[i + 1] === '>') { i++; continue; }
    if ('(<[{'.includes(ch)) depth++;
    else if (')>]}'.includes(ch) && --depth === 0) return i + 1;
  }
  return text.length;
}

function parseArgument(text: string, index: number): FunctionArgument {
  // `%A: memref<4xf32> {attr}` in a definition, `memref<4xf32>` in a declaration.
  const named = /^%([\w$.-]+)\s*:\s*(.*)$/s.exec(text);
  const typeText = (named ? named[2]! : text).replace(/\s*\{[^{}]*\}\s*$/, '').replace(/\s+loc\(.*\)$/, '');
  return { name: named ? named[1]! : `arg${index}`, type: parseType(typeText) };
}

function parseResults(text: string): MlirType[] {
  const trimmed = text.trim();
  if (!trimmed.startsWith('->')) return [];
  const rest = trimmed.slice(2).trim();
  if (rest.startsWith('(')) {
    const close = matchingClose(rest, 0);
    return splitTopLevel(rest.slice(1, close - 1)).map((part) => parseType(part.replace(/\s*\{[^{}]*\}$/, '')));
  }
  const single = /^([^\s{]+(?:<.*?>)?)/s.exec(rest)?.[1] ?? rest;
  return [parseType(single.slice(0, matchingTypeEnd(single)))];
}

function matchingTypeEnd(text: string): number {
  const open = text.indexOf('<');
  return open < 0 ? text.length : matchingClose(text, open);
}

/** Lists the `func.func` ops in pretty-printed MLIR (a user's file or mlir-opt's output). */
export function listFunctions(text: string): FunctionInfo[] {
  const functions: FunctionInfo[] = [];
  for (const match of text.matchAll(FUNC_HEADER)) {
    const open = match.index! + match[0].length - 1;
    const close = matchingClose(text, open);
    const args = splitTopLevel(text.slice(open + 1, close - 1)).map(parseArgument);
    // What follows the argument list up to the end of the header line: results, attributes, `{`.
    const lineEnd = text.indexOf('\n', close);
    const tail = text.slice(close, lineEnd < 0 ? text.length : lineEnd);
    const beforeAttributes = tail.split(/\battributes\b/)[0]!;
    functions.push({
      name: match[2]!.replace(/^"|"$/g, ''),
      visibility: (match[1] as FunctionInfo['visibility'] | undefined) ?? 'public',
      isDeclaration: !/\{\s*$/.test(tail),
      arguments: args,
      results: parseResults(beforeAttributes.replace(/\{\s*$/, '')),
      line: text.slice(0, match.index).split('\n').length,
    });
  }
  return functions;
}
