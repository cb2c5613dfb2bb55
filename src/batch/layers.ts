import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SchedulableOp } from '../chunking/chunk.js';

/**
 * A unique layer of a whole model as a kernel of its own: the representative op's text, its memref
 * operands as function arguments (identity layout, so the harness can drive them), the constants it
 * uses copied in. A batch optimizes each such kernel as one unit; the stitcher maps the winning
 * recipe back onto every op of the layer.
 */

export interface LayerKernel {
  signature: string;
  op: string;
  /** The whole model's ops of this signature: recipe op index and source line. */
  members: Array<{ index: number; line: number }>;
  text: string;
}

/** Splits at commas outside <>, [], (), {}. */
export function splitTopLevel(text: string, separator = ','): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if ('<[({'.includes(char)) depth++;
    if ('>])}'.includes(char)) depth--;
    if (char === separator && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else {
      current += char;
    }
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

/** The text inside `keyword(` ... matching `)`, or undefined. */
function group(text: string, keyword: string): string | undefined {
  const start = text.search(new RegExp(`\\b${keyword}\\(`));
  if (start < 0) return undefined;
  let depth = 0;
  for (let i = start + keyword.length; i < text.length; i++) {
    if (text[i] === '(') depth++;
    if (text[i] === ')' && --depth === 0) return text.slice(start + keyword.length + 1, i);
  }
  return undefined;
}

/** `%a, %b : T1, T2` to name -> type. */
function operandTypes(text: string): Map<string, string> {
  const types = new Map<string, string>();
  for (const keyword of ['ins', 'outs']) {
    const inside = group(text, keyword);
    if (!inside) continue;
    const [names, ...rest] = splitTopLevel(inside, ':');
    const typeList = splitTopLevel(rest.join(':'));
    splitTopLevel(names ?? '').forEach((name, i) => { if (typeList[i]) types.set(name, typeList[i]!); });
  }
  return types;
}

/** `memref<1x16x8xf32, strided<[...], offset: 8>>` -> `memref<1x16x8xf32>`. */
export function identityLayout(type: string): string {
  const match = /^memref<(.*)>$/.exec(type);
  if (!match) return type;
  return `memref<${splitTopLevel(match[1]!)[0]}>`;
}

/** The op's full text from its first line: one line, or until its region's braces close. */
export function opText(lines: string[], first: number): string {
  let depth = 0;
  const taken: string[] = [];
  for (let i = first; i < lines.length; i++) {
    const line = lines[i]!;
    taken.push(line);
    for (const char of line.replace(/"[^"]*"/g, '')) {
      if (char === '{') depth++;
      if (char === '}') depth--;
    }
    if (depth <= 0) break;
  }
  return taken.join('\n');
}

/** Builds the standalone kernel of one op; throws with a reason when the op cannot stand alone. */
export function layerKernelText(modelText: string, op: SchedulableOp, functionName: string): string {
  const lines = modelText.split('\n');
  if (op.line === undefined) throw new Error(`${op.name} has no source line`);
  let text = opText(lines, op.line - 1);
  if (!text.includes(op.name)) throw new Error(`line ${op.line} does not hold ${op.name}`);
  if (/^\s*%[\w$.-]+(:\d+)?\s*=/.test(text)) throw new Error(`${op.name} at line ${op.line} returns values (tensor form): not extracted`);
  const defined = new Set<string>();
  for (const match of text.matchAll(/\^bb\d*\(([^)]*)\)/g)) for (const m of match[1]!.matchAll(/(%[\w$.-]+)\s*:/g)) defined.add(m[1]!);
  for (const match of text.matchAll(/(%[\w$.-]+)(?::\d+)?\s*=/g)) defined.add(match[1]!);
  const used = [...new Set([...text.matchAll(/%[\w$.-]+/g)].map((m) => m[0]))].filter((name) => !defined.has(name));
  const types = operandTypes(text);
  const args: string[] = [];
  const constants: string[] = [];
  for (const name of used) {
    const constant = lines.find((line) => new RegExp(`^\\s*${name.replace(/[$.]/g, '\\$&')}\\s*=\\s*arith\\.constant\\b`).test(line));
    if (constant) {
      constants.push(constant.trim());
      continue;
    }
    const type = types.get(name);
    if (!type) throw new Error(`${op.name} at line ${op.line} uses ${name}, which is neither an operand nor a constant`);
    const plain = identityLayout(type);
    if (plain !== type) text = text.split(type).join(plain);
    args.push(`${name}: ${plain}`);
  }
  return [
    `// Layer ${op.signature} of the model (${op.name}, line ${op.line}), extracted by hlsched batch.`,
    `func.func @${functionName}(${args.join(', ')}) {`,
    ...constants.map((line) => `  ${line}`),
    ...text.split('\n').map((line) => `  ${line.trim()}`),
    '  return',
    '}',
    '',
  ].join('\n');
}

/** One kernel per unique linalg layer of `ops` (the model's function), written into `dir`. */
export async function writeLayerKernels(modelText: string, ops: SchedulableOp[], dir: string, prefix: string):
  Promise<{ layers: Array<LayerKernel & { file: string }>; skipped: string[] }> {
  const bySignature = new Map<string, SchedulableOp[]>();
  for (const op of ops.filter((o) => o.name.startsWith('linalg.') && o.line !== undefined)) {
    bySignature.set(op.signature, [...(bySignature.get(op.signature) ?? []), op]);
  }
  const layers: Array<LayerKernel & { file: string }> = [];
  const skipped: string[] = [];
  let n = 0;
  for (const [signature, members] of bySignature) {
    const representative = members[0]!;
    const name = `${prefix}_layer${++n}`;
    try {
      const text = layerKernelText(modelText, representative, name);
      const file = path.join(dir, `${name}.mlir`);
      await writeFile(file, text);
      layers.push({ signature, op: representative.name, members: members.map((m) => ({ index: m.index, line: m.line! })), text, file });
    } catch (error) {
      skipped.push(`${representative.name} x${members.length}: ${(error as Error).message}`);
    }
  }
  return { layers, skipped };
}
