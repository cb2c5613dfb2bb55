import { createHash } from 'node:crypto';
import { HlschedError } from '../errors.js';
import { isFunctionDefinition, moduleFunctions, parseGenericModule, symbolName, walk, type GenericBlock, type GenericOp } from '../ir/generic.js';
import { splitTopLevel } from '../ir/types.js';
import { estimateTokens } from '../llm/prompt.js';
import { summarizeIds } from './members.js';
import { kernelDoesNotParse, parseDiagnostics } from '../toolchain/diagnostics.js';
import { describeRunEnd, runTool } from '../toolchain/run-tool.js';
import type { Toolchain } from '../toolchain/types.js';

/**
 * Splits a model (one or many functions, linalg on tensors or memrefs, affine nests) into op-level
 * snippets with just the context a schedule needs, and groups identical layers under one canonical
 * signature, so the work grows with the number of unique layers, not with the model.
 */
export interface SchedulableOp {
  /** `op12`: position among schedulable ops of the module. */
  id: string;
  function: string;
  name: string;
  /** Among ops of this name in its function, in program order (what a recipe's op index means). */
  index: number;
  line?: number;
  operandTypes: string[];
  resultTypes: string[];
  indexingMaps: string[];
  iterators: string[];
  /** Other inherent attributes that change the computation (strides, dilations...). */
  attributes: string[];
  /** Op names in its body (linalg region or loop nest), in order. */
  body: string[];
  producers: string[];
  consumers: string[];
  signature: string;
}

export interface Chunk {
  id: string;
  /** Short hash of the canonical signature. */
  signature: string;
  ops: string[];
  tokens: number;
  /** The compact snippet a model sees for this layer. */
  text: string;
}

export interface ChunkResult {
  totalOps: number;
  uniqueSignatures: number;
  chunks: Chunk[];
  ops: SchedulableOp[];
}

const SKIPPED = new Set(['linalg.yield', 'linalg.index']);
const VIEW_OPS = new Set(['memref.subview', 'memref.cast', 'memref.collapse_shape', 'memref.expand_shape', 'memref.reinterpret_cast', 'tensor.collapse_shape', 'tensor.expand_shape']);
const TYPE_LIKE = new Set(['operandSegmentSizes', 'indexing_maps', 'iterator_types', 'linalg.memoized_indexing_maps']);

function bodyOps(op: GenericOp): string[] {
  const names: string[] = [];
  for (const region of op.regions) for (const block of region) for (const nested of block.ops) walk(nested, (inner) => { if (!SKIPPED.has(inner.name)) names.push(inner.name); });
  return names;
}

/** The loop structure of an affine nest: bounds and step of each loop, then its body ops. */
function nestShape(op: GenericOp): string {
  const parts: string[] = [];
  walk(op, (inner) => {
    if (inner.name === 'affine.for' || inner.name === 'scf.for') parts.push(`${inner.name}(${inner.properties.get('lowerBoundMap') ?? ''};${inner.properties.get('upperBoundMap') ?? ''};${inner.properties.get('step') ?? ''})`);
    else parts.push(`${inner.name}:${inner.operandTypes.join(',')}:${inner.properties.get('map') ?? ''}`);
  });
  return parts.join('|');
}

export function snippet(op: SchedulableOp, summarizeBody: boolean): string {
  const body = summarizeBody
    ? Object.entries(op.body.reduce<Record<string, number>>((counts, name) => ({ ...counts, [name]: (counts[name] ?? 0) + 1 }), {})).map(([name, n]) => `${name} x${n}`).join(', ')
    : op.body.join(', ');
  return [
    `${op.name} (@${op.function}, ${op.id}${op.line ? `, line ${op.line}` : ''})`,
    `  operands: ${op.operandTypes.join(', ') || 'none'}${op.resultTypes.length ? `; results: ${op.resultTypes.join(', ')}` : ''}`,
    ...(op.iterators.length ? [`  iterators: ${op.iterators.join(', ')}`] : []),
    ...(op.indexingMaps.length ? [`  indexing maps: ${op.indexingMaps.join(', ')}`] : []),
    ...(op.attributes.length ? [`  attributes: ${op.attributes.join(', ')}`] : []),
    `  body: ${body || 'none'}`,
    `  producers: ${op.producers.length ? summarizeIds(op.producers) : 'arguments'}; consumers: ${op.consumers.length ? summarizeIds(op.consumers) : 'results'}`,
  ].join('\n');
}

/** Extracts schedulable ops from generic-form text: linalg ops, and affine/scf nests outside them. */
export function extractOps(genericText: string, generalizedText?: string): SchedulableOp[] {
  const module = parseGenericModule(genericText);
  const generalized = generalizedText ? parseGenericModule(generalizedText) : undefined;
  const ops: SchedulableOp[] = [];
  const functions = moduleFunctions(module).filter(isFunctionDefinition);
  const generalizedFns = new Map((generalized ? moduleFunctions(generalized) : []).map((fn) => [symbolName(fn), fn]));
  for (const fn of functions) {
    const fnName = symbolName(fn);
    const found: GenericOp[] = [];
    // Views (subview, cast, reshapes) share their source's buffer: a write through one is a write to it.
    const root = new Map<string, string>();
    const rootOf = (value: string) => root.get(value) ?? value;
    const visit = (block: GenericBlock) => {
      for (const op of block.ops) {
        if (VIEW_OPS.has(op.name) && op.results[0] && op.operands[0]) root.set(op.results[0], rootOf(op.operands[0]));
        if (op.name.startsWith('linalg.') && !SKIPPED.has(op.name)) found.push(op);
        else if (op.name === 'affine.for' || op.name === 'scf.for') found.push(op);
        else for (const region of op.regions) for (const inner of region) visit(inner);
      }
    };
    for (const block of fn.regions[0]!) visit(block);
    const generics: GenericOp[] = [];
    const genericFn = generalizedFns.get(fnName);
    if (genericFn) walk(genericFn, (op) => { if (op.name.startsWith('linalg.') && !SKIPPED.has(op.name)) generics.push(op); });
    const linalgFound = found.filter((op) => op.name.startsWith('linalg.'));
    const counts = new Map<string, number>();
    const producedBy = new Map<string, string>();
    const byId = new Map<string, SchedulableOp>();
    let linalgPosition = 0;
    for (const op of found) {
      const index = counts.get(op.name) ?? 0;
      counts.set(op.name, index + 1);
      const generic = op.name.startsWith('linalg.') && generics.length === linalgFound.length ? generics[linalgPosition] : undefined;
      if (op.name.startsWith('linalg.')) linalgPosition++;
      const source = generic?.name === 'linalg.generic' ? generic : op;
      const mapsText = (source.properties.get('indexing_maps') ?? '').trim();
      const indexingMaps = mapsText.startsWith('[') ? splitTopLevel(mapsText.slice(1, -1)).map((map) => map.replace(/^affine_map<(.*)>$/, '$1')) : [];
      const iterators = [...(source.properties.get('iterator_types') ?? '').matchAll(/iterator_type<(\w+)>/g)].map((m) => m[1]!);
      const attributes = [...op.properties].filter(([key]) => !TYPE_LIKE.has(key)).map(([key, value]) => `${key} = ${value}`);
      const body = op.name.startsWith('linalg.') ? bodyOps(source) : [];
      const loopShape = op.name.startsWith('linalg.') ? '' : nestShape(op);
      const schedulable: SchedulableOp = {
        id: `op${ops.length + 1}`, function: fnName, name: op.name, index, ...(op.loc ? { line: op.loc.line } : {}),
        operandTypes: op.operandTypes, resultTypes: op.resultTypes, indexingMaps, iterators, attributes,
        body: loopShape ? [...new Set(loopShape.split('|').map((part) => part.split(/[:(]/)[0]!))] : body,
        producers: [], consumers: [], signature: '',
      };
      schedulable.signature = createHash('sha256').update(JSON.stringify([
        op.name, op.operandTypes, op.resultTypes, indexingMaps, iterators, attributes, body, loopShape,
      ])).digest('hex').slice(0, 12);
      for (const operand of op.operands) {
        const producer = producedBy.get(rootOf(operand));
        if (producer) schedulable.producers.push(producer);
      }
      // A memref written by this op is its product too: later readers of the same buffer consume it.
      const written = op.name.startsWith('linalg.') ? op.operands.slice(-Math.max(1, Number(/array<i32: \d+, (\d+)>/.exec(op.properties.get('operandSegmentSizes') ?? '')?.[1] ?? 1))) : [];
      for (const value of [...op.results, ...written]) producedBy.set(rootOf(value), schedulable.id);
      ops.push(schedulable);
      byId.set(schedulable.id, schedulable);
    }
    for (const op of byId.values()) {
      op.producers = [...new Set(op.producers.filter((p) => p !== op.id))];
      for (const producer of op.producers) byId.get(producer)?.consumers.push(op.id);
    }
  }
  return ops;
}

export function assertTokenBudget(budgetTokens: number): void {
  if (!Number.isFinite(budgetTokens) || budgetTokens <= 0) {
    throw new HlschedError('USAGE', `the token budget must be a positive number, not ${budgetTokens}`, { hint: 'give --budget 2048, for example' });
  }
}

/**
 * One chunk per unique signature. Members are listed compactly (count, runs, first and last ids); a
 * chunk over the budget has its body summarised (op counts), then its types and maps shortened; the
 * text never exceeds the budget, whatever the model's size.
 */
export function chunkOps(ops: SchedulableOp[], budgetTokens: number): Chunk[] {
  assertTokenBudget(budgetTokens);
  const groups = new Map<string, SchedulableOp[]>();
  for (const op of ops) groups.set(op.signature, [...(groups.get(op.signature) ?? []), op]);
  let n = 0;
  return [...groups].map(([signature, members]) => {
    const representative = members[0]!;
    const header = members.length > 1 ? `${members.length} identical ops: ${summarizeIds(members.map((m) => m.id))}\n` : '';
    const attempts = [
      () => header + snippet(representative, false),
      () => header + snippet(representative, true),
      () => header + snippet(shortened(representative), true),
      () => `${header}${representative.name} (@${representative.function}, ${representative.id}): context too large for ${budgetTokens} tokens`,
    ];
    let text = '';
    for (const attempt of attempts) {
      text = attempt();
      if (estimateTokens(text) <= budgetTokens) break;
    }
    // Only a budget smaller than one line gets here: cut at the budget rather than exceed it.
    if (estimateTokens(text) > budgetTokens) text = text.slice(0, budgetTokens * 3);
    return { id: `c${++n}`, signature, ops: members.map((m) => m.id), tokens: estimateTokens(text), text };
  });
}

/** A representative with long lists cut to a few entries each (types, maps, attributes). */
function shortened(op: SchedulableOp): SchedulableOp {
  const few = (items: string[], max = 4) => (items.length > max ? [...items.slice(0, max), `... ${items.length - max} more`] : items).map((item) => (item.length > 160 ? `${item.slice(0, 160)}...` : item));
  return { ...op, operandTypes: few(op.operandTypes), resultTypes: few(op.resultTypes), indexingMaps: few(op.indexingMaps), attributes: few(op.attributes, 3), producers: op.producers, consumers: op.consumers };
}

/** Runs mlir-opt to print the module (and its generalized form) and chunks it. */
export async function chunkModule(toolchain: Toolchain, file: string, budgetTokens = 2048, timeoutMs = 300_000): Promise<ChunkResult> {
  assertTokenBudget(budgetTokens);
  const flags = ['--mlir-print-op-generic', '--mlir-print-local-scope', '--mlir-print-debuginfo'];
  const [plain, generalized] = await Promise.all([
    runTool(toolchain, 'mlir-opt', [file, ...flags], { timeoutMs, memoryMb: 8192 }),
    runTool(toolchain, 'mlir-opt', [file, '--linalg-generalize-named-ops', ...flags], { timeoutMs, memoryMb: 8192 }),
  ]);
  if (plain.exitCode !== 0) {
    throw kernelDoesNotParse(file, parseDiagnostics(plain.stderr, { [file]: { role: 'kernel', file } }), describeRunEnd(plain), 'model');
  }
  const ops = extractOps(plain.stdout, generalized.exitCode === 0 ? generalized.stdout : undefined);
  const chunks = chunkOps(ops, budgetTokens);
  return { totalOps: ops.length, uniqueSignatures: chunks.length, chunks, ops };
}
