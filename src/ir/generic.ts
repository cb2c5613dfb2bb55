import { HlschedError } from '../errors.js';
import { entryFunctions } from './entry.js';
import { splitTopLevel } from './types.js';

/**
 * A reader for MLIR's generic printed form (`--mlir-print-op-generic --mlir-print-local-scope
 * --mlir-print-debuginfo`): every op is `results = "name"(operands) <{props}> (regions) {attrs} : type loc(...)`,
 * so one small scanner reads every dialect without knowing its custom syntax.
 */

export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

export interface GenericOp {
  name: string;
  /** `%3`, or `%3#0`, `%3#1` for an op with several results: the names operands use. */
  results: string[];
  resultTypes: string[];
  operands: string[];
  operandTypes: string[];
  /** Inherent properties (`<{...}>`), values as printed. */
  properties: Map<string, string>;
  /** Discardable attributes (`{hls.pipeline}` after the regions), values as printed; a unit attribute maps to ''. */
  attributes: Map<string, string>;
  regions: GenericBlock[][];
  loc?: SourceLocation;
  /** Offsets of the op's text in the printed module, from its quoted name to the end of its location. */
  span?: [number, number];
}

export interface GenericBlockArgument {
  name: string;
  type: string;
  loc?: SourceLocation;
}

export interface GenericBlock {
  arguments: GenericBlockArgument[];
  ops: GenericOp[];
}

export class GenericParseError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
    this.name = 'GenericParseError';
  }
}

const LOCATION = /"((?:[^"\\]|\\.)*)":(\d+):(\d+)/;

/** The first `"file":line:col` inside a printed location (fused and call-site locations hold several). */
export function parseLocation(text: string): SourceLocation | undefined {
  const match = LOCATION.exec(text);
  return match ? { file: match[1]!, line: Number(match[2]), column: Number(match[3]) } : undefined;
}

/** Splits `{a = 1, b, c = affine_map<(d0) -> (d0)>}` (braces optional) into a map; unit attributes map to ''. */
export function parseAttributeDictionary(text: string): Map<string, string> {
  const inner = text.trim().replace(/^\{/, '').replace(/\}$/, '');
  const entries = new Map<string, string>();
  for (const entry of splitTopLevel(inner)) {
    const equals = entry.indexOf(' = ');
    const key = (equals < 0 ? entry : entry.slice(0, equals)).trim().replace(/^"(.*)"$/, '$1');
    entries.set(key, equals < 0 ? '' : entry.slice(equals + 3).trim());
  }
  return entries;
}

class Scanner {
  position = 0;
  constructor(readonly text: string) {}

  fail(message: string): never {
    throw new GenericParseError(`${message} at offset ${this.position}: ${JSON.stringify(this.text.slice(this.position, this.position + 40))}`, this.position);
  }

  skipSpace(): void {
    const text = this.text;
    while (this.position < text.length) {
      const ch = text[this.position]!;
      if (ch === ' ' || ch === '\n' || ch === '\t' || ch === '\r') this.position++;
      else if (ch === '/' && text[this.position + 1] === '/') {
        const end = text.indexOf('\n', this.position);
        this.position = end < 0 ? text.length : end;
      } else break;
    }
  }

  peek(token: string): boolean {
    this.skipSpace();
    return this.text.startsWith(token, this.position);
  }

  accept(token: string): boolean {
    if (!this.peek(token)) return false;
    this.position += token.length;
    return true;
  }

  expect(token: string): void {
    if (!this.accept(token)) this.fail(`expected '${token}'`);
  }

  /** Reads from an opening bracket to its partner, skipping strings; returns the text between them. */
  balanced(): string {
    this.skipSpace();
    const text = this.text;
    const start = this.position;
    let depth = 0;
    for (let i = start; i < text.length; i++) {
      const ch = text[i]!;
      if (ch === '"') {
        for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      } else if (ch === '(' || ch === '[' || ch === '{') depth++;
      else if (ch === ')' || ch === ']' || ch === '}') {
        if (--depth === 0) {
          this.position = i + 1;
          return text.slice(start + 1, i);
        }
      }
    }
    return this.fail('unbalanced brackets');
  }

  /** Reads up to (not including) the first of `stops` at bracket depth 0, or the end of the line. */
  until(stops: string[]): string {
    this.skipSpace();
    const text = this.text;
    const start = this.position;
    let depth = 0;
    let i = start;
    for (; i < text.length; i++) {
      const ch = text[i]!;
      if (depth === 0 && (ch === '\n' || stops.some((stop) => text.startsWith(stop, i)))) break;
      if (ch === '-' && text[i + 1] === '>') { i++; continue; }
      if ('(<[{'.includes(ch)) depth++;
      else if (')>]}'.includes(ch)) depth--;
    }
    this.position = i;
    return text.slice(start, i).trim();
  }

  identifier(): string {
    this.skipSpace();
    const match = /^[%^][\w$.#-]+/.exec(this.text.slice(this.position, this.position + 200));
    if (!match) this.fail('expected a value name');
    this.position += match[0].length;
    return match[0];
  }
}

function expandResults(names: string[]): string[] {
  return names.flatMap((name) => {
    const grouped = /^(%[\w$.-]+):(\d+)$/.exec(name);
    if (!grouped) return [name];
    return Array.from({ length: Number(grouped[2]) }, (_, index) => `${grouped[1]}#${index}`);
  });
}

function parseFunctionType(text: string): { inputs: string[]; outputs: string[] } {
  // The top-level `->` separates inputs from outputs; arrows inside maps and nested function types do not.
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '-' && text[i + 1] === '>') {
      if (depth === 0) {
        const inputs = text.slice(0, i).trim();
        const outputs = text.slice(i + 2).trim();
        const list = (part: string) => (part.startsWith('(') && part.endsWith(')') ? splitTopLevel(part.slice(1, -1)) : [part]);
        return { inputs: list(inputs), outputs: list(outputs) };
      }
      i++;
      continue;
    }
    if ('(<[{'.includes(ch)) depth++;
    else if (')>]}'.includes(ch)) depth--;
  }
  return { inputs: [], outputs: [] };
}

function parseBlockArguments(text: string): GenericBlockArgument[] {
  return splitTopLevel(text).map((entry) => {
    const match = /^(%[\w$.-]+)\s*:\s*(.*?)(?:\s+loc\((.*)\))?$/s.exec(entry.trim());
    if (!match) throw new GenericParseError(`unreadable block argument ${JSON.stringify(entry)}`, 0);
    const loc = match[3] === undefined ? undefined : parseLocation(match[3]);
    return { name: match[1]!, type: match[2]!.trim(), ...(loc ? { loc } : {}) };
  });
}

function parseRegion(scanner: Scanner): GenericBlock[] {
  scanner.expect('{');
  const blocks: GenericBlock[] = [];
  let current: GenericBlock | undefined;
  while (!scanner.accept('}')) {
    if (scanner.peek('^')) {
      scanner.identifier();
      const args = scanner.peek('(') ? parseBlockArguments(scanner.balanced()) : [];
      scanner.expect(':');
      current = { arguments: args, ops: [] };
      blocks.push(current);
      continue;
    }
    if (!current) {
      current = { arguments: [], ops: [] };
      blocks.push(current);
    }
    current.ops.push(parseOp(scanner));
  }
  return blocks;
}

function parseOp(scanner: Scanner): GenericOp {
  let resultNames: string[] = [];
  if (scanner.peek('%')) {
    resultNames = scanner.until([' = ']).split(',').map((name) => name.trim());
    scanner.expect('=');
  }
  scanner.skipSpace();
  const start = scanner.position;
  if (!scanner.peek('"')) scanner.fail('expected an op in generic form (print with --mlir-print-op-generic)');
  const nameEnd = scanner.text.indexOf('"', scanner.position + 1);
  const name = scanner.text.slice(scanner.position + 1, nameEnd);
  scanner.position = nameEnd + 1;
  const operandText = scanner.balanced();
  const operands = operandText.trim() ? operandText.split(',').map((operand) => operand.trim()) : [];
  if (scanner.peek('[')) scanner.balanced(); // successors
  let properties = new Map<string, string>();
  if (scanner.accept('<')) {
    properties = parseAttributeDictionary(scanner.balanced());
    scanner.expect('>');
  }
  const regions: GenericBlock[][] = [];
  if (scanner.peek('(')) {
    scanner.expect('(');
    do regions.push(parseRegion(scanner));
    while (scanner.accept(','));
    scanner.expect(')');
  }
  const attributes = scanner.peek('{') ? parseAttributeDictionary(scanner.balanced()) : new Map<string, string>();
  scanner.expect(':');
  const type = parseFunctionType(scanner.until([' loc(']));
  let loc: SourceLocation | undefined;
  if (scanner.accept('loc')) loc = parseLocation(scanner.balanced());
  const results = expandResults(resultNames);
  return { name, results, resultTypes: type.outputs.filter((t) => t !== ''), operands, operandTypes: type.inputs, properties, attributes, regions, ...(loc ? { loc } : {}), span: [start, scanner.position] };
}

/** Parses a whole module printed in generic form; returns its top-level op (`builtin.module`). */
export function parseGenericModule(text: string): GenericOp {
  const scanner = new Scanner(text);
  // Attribute and location aliases (`#loc = ...`, `#map = ...`) may precede the module when local scope is off.
  scanner.skipSpace();
  while (scanner.peek('#')) {
    const end = scanner.text.indexOf('\n', scanner.position);
    scanner.position = end < 0 ? scanner.text.length : end;
    scanner.skipSpace();
  }
  const op = parseOp(scanner);
  return op;
}

/** Visits `op` and every op nested in it, parents before children. */
export function walk(op: GenericOp, visit: (op: GenericOp) => void): void {
  visit(op);
  for (const region of op.regions) for (const block of region) for (const nested of block.ops) walk(nested, visit);
}

/** `sym_name` of a symbol op (a `func.func`), without quotes. */
export function symbolName(op: GenericOp): string {
  return (op.properties.get('sym_name') ?? '').replace(/^"(.*)"$/, '$1');
}

export function isFunctionDefinition(op: GenericOp): boolean {
  return op.name === 'func.func' && (op.regions[0]?.length ?? 0) > 0;
}

/** The `func.func` ops at the top level of a module, declarations included. */
export function moduleFunctions(module: GenericOp): GenericOp[] {
  return (module.regions[0]?.[0]?.ops ?? []).filter((op) => op.name === 'func.func');
}

/** Functions `fn` calls (`func.call` callees), by name. */
export function calleesOf(fn: GenericOp): string[] {
  const callees: string[] = [];
  walk(fn, (op) => {
    const callee = op.name === 'func.call' ? op.properties.get('callee') : undefined;
    if (callee) callees.push(callee.replace(/^@"?|"$/g, ''));
  });
  return callees;
}

/**
 * The function a command works on: the one named by `--func`, else the only public definition, else
 * the only public definition no other function calls.
 * `subject` names the input in messages (`the kernel`, `kernel k.mlir`).
 */
export function chooseFunction(functions: GenericOp[], requested: string | undefined, subject = 'the kernel'): GenericOp {
  const defined = functions.filter(isFunctionDefinition);
  if (requested !== undefined) {
    const found = defined.find((fn) => symbolName(fn) === requested);
    if (!found) {
      throw new HlschedError('FUNCTION_NOT_FOUND', `${subject} has no function @${requested}`,
        { hint: defined.length ? `choose one of: ${defined.map(symbolName).join(', ')}` : `${subject} defines no function` });
    }
    return found;
  }
  const publicOnes = defined.filter((fn) => !/"(private|nested)"/.test(fn.properties.get('sym_visibility') ?? ''));
  if (publicOnes.length === 1) return publicOnes[0]!;
  // Several public functions: the entry is the one no other function calls.
  const candidates = publicOnes.length > 1 ? entryFunctions(publicOnes, symbolName, calleesOf) : publicOnes;
  if (candidates.length === 1) return candidates[0]!;
  throw new HlschedError('FUNCTION_NOT_FOUND', candidates.length === 0 ? `${subject} defines no public function`
    : `${subject} defines ${candidates.length} public functions (${candidates.map(symbolName).join(', ')})`, { hint: 'choose one with --func NAME' });
}
