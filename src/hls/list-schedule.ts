import type { GenericOp } from '../ir/generic.js';
import type { LinearForm } from '../ir/affine.js';
import { parseType } from '../ir/types.js';
import { eliminateRedundantAccesses, provablyDistinct } from './memory-dependence.js';
import { MinHeap } from './min-heap.js';
import type { Counter, Memory, Placed, SegmentSchedule } from './model-types.js';
import { classifyOp, type OpKind } from './operations.js';
import { holdCycles, type OperatorClass, type TargetSpec } from './target.js';
import type { ValueTable } from './values.js';

/** Marks the ops of an if-converted branch (set by the block analysis). */
export const PREDICATED = 'hlsched.predicated';

/** Ops on the two sides of one if-converted branch: only one side's effects happen, so neither waits for the other. */
function exclusive(a: GenericOp, b: GenericOp): boolean {
  const [branchA, sideA] = (a.attributes.get(PREDICATED) ?? '').split(':');
  const [branchB, sideB] = (b.attributes.get(PREDICATED) ?? '').split(':');
  return branchA !== '' && branchA === branchB && sideA !== sideB;
}

/** What scheduling a segment reads (the target, the values) and the counts it adds to. */
export interface SegmentContext {
  target: TargetSpec;
  values: ValueTable;
  unknownOps: Counter<string>;
  /** Dynamic operator counts over the whole kernel (for the lower bound and power). */
  dynamicOperators: Counter<OperatorClass>;
  /** Operator instances the schedule needs: the most started in one cycle. */
  unitsNeeded: Counter<OperatorClass>;
  /** Assumptions to report. */
  notes: Set<string>;
}

function latencyOf(ctx: SegmentContext, kind: OpKind, memory: Memory | undefined, op: GenericOp): number {
  switch (kind.kind) {
    case 'load': return memory!.readLatency;
    case 'store': return memory!.writeLatency;
    case 'operator':
      if (kind.operator.startsWith('f') && [...op.resultTypes, ...op.operandTypes].includes('f64')) {
        ctx.notes.add('f64 operators are costed as the target\'s f32 units (no f64 results to calibrate against): expect more cycles and area in hardware');
      }
      return ctx.target.operators[kind.operator].latency;
    case 'free': return 0;
    case 'unknown':
      ctx.unknownOps.add(op.name, 1);
      return 1;
  }
}

/**
 * List scheduling under port and functional-unit limits, as HLS schedulers do: an op becomes ready
 * when its producers and the accesses it must follow are placed; among ready ops the earliest
 * start goes first and, at equal starts, the one with the longest path still ahead of it.
 */
export function scheduleSegment(ctx: SegmentContext, ops: GenericOp[], executions: number, countDynamic: boolean): SegmentSchedule {
  // Read every op first: the front end's access clean-up looks at the whole segment.
  const records = ops.map((op) => {
    ctx.values.define(op);
    const kind = classifyOp(op);
    const access = kind.kind === 'load' || kind.kind === 'store' ? ctx.values.access(op, kind.kind) : undefined;
    // A predicated store (an if-converted branch) may not happen: nothing is forwarded from it or removed for it.
    if (access && kind.kind === 'store' && op.attributes.has(PREDICATED)) return { op, kind, memory: access.memory };
    return { op, kind, ...access };
  });
  const mayAlias = ctx.target.frontend.argumentsMayAlias;
  // Arrays the front end cannot tell apart share one dependence chain.
  const chainOf = (memory: Memory) => (mayAlias && memory.kind === 'argument' && !memory.noalias ? '@arguments' : memory.key);
  const chainByKey = new Map<string, string>();
  for (const record of records) if (record.memory) chainByKey.set(record.memory.key, chainOf(record.memory));
  const cleanup = ctx.target.frontend.scalarReplacement
    ? eliminateRedundantAccesses(records, (key) => chainByKey.get(key) ?? key) : { removed: new Set<number>(), alias: new Map<string, string>() };
  const resolve = (value: string) => cleanup.alias.get(value) ?? value;

  // The dependence graph: data edges wait for the producer to finish; memory edges after a store
  // wait for it to land, before overwriting what a load reads wait one cycle.
  const count = records.length;
  const kinds: OpKind[] = [];
  const latencies: number[] = [];
  const preds: Array<Array<{ from: number; afterStart: boolean }>> = [];
  const producer = new Map<string, number>();
  const accessesByMemory = new Map<string, number[]>();
  /** Earlier accesses of `memory` that an access of kind `kind` must follow; registers it there. */
  const follow = (index: number, memory: Memory, kind: 'load' | 'store', address: LinearForm[] | undefined, edges: Array<{ from: number; afterStart: boolean }>) => {
    const chain = chainOf(memory);
    const previous = accessesByMemory.get(chain) ?? [];
    for (const from of previous) {
      const earlier = kinds[from]!;
      if (earlier.kind === 'load' && kind === 'load') continue;
      if (records[from]!.memory === memory && provablyDistinct(records[from]!.address, address)) continue;
      if (exclusive(records[from]!.op, records[index]!.op)) continue;
      edges.push({ from, afterStart: earlier.kind === 'load' });
    }
    previous.push(index);
    accessesByMemory.set(chain, previous);
  };
  records.forEach((record, index) => {
    const kind: OpKind = cleanup.removed.has(index) ? { kind: 'free' } : record.kind;
    kinds.push(kind);
    const edges: Array<{ from: number; afterStart: boolean }> = [];
    for (const operand of record.op.operands) {
      const from = producer.get(resolve(operand));
      if (from !== undefined) edges.push({ from, afterStart: false });
    }
    const copy = copyOf(ctx, record.op);
    if (copy) {
      // A copy is a loop of its own (Bambu's memcpy): an element per cycle, after and before every
      // access of both memories.
      // Both in one chain (arguments that may alias): once, as the store it also is.
      if (copy.source && (!copy.target || chainOf(copy.source) !== chainOf(copy.target))) follow(index, copy.source, 'load', undefined, edges);
      if (copy.target) follow(index, copy.target, 'store', undefined, edges);
      if (countDynamic) {
        if (copy.source) copy.source.loads += copy.elements * executions;
        if (copy.target) copy.target.stores += copy.elements * executions;
      }
      preds.push(edges);
      latencies.push(copy.elements + (copy.source?.readLatency ?? 1));
      for (const result of record.op.results) producer.set(result, index);
      return;
    }
    if ((kind.kind === 'load' || kind.kind === 'store') && record.memory) {
      const memory = record.memory;
      follow(index, memory, kind.kind, record.address, edges);
      if (countDynamic) {
        if (kind.kind === 'load') memory.loads += executions;
        else memory.stores += executions;
      }
    } else if (kind.kind === 'operator' && countDynamic) {
      ctx.dynamicOperators.add(kind.operator, executions);
    }
    preds.push(edges);
    latencies.push(latencyOf(ctx, kind, kind.kind === 'load' || kind.kind === 'store' ? record.memory : undefined, record.op));
    for (const result of record.op.results) producer.set(result, index);
  });

  // Priority: the longest latency path from an op to the end of the segment.
  const successors: number[][] = Array.from({ length: count }, () => []);
  preds.forEach((edges, to) => { for (const edge of edges) successors[edge.from]!.push(to); });
  const height = new Array<number>(count).fill(0);
  for (let index = count - 1; index >= 0; index--) {
    let below = 0;
    for (const to of successors[index]!) below = Math.max(below, height[to]!);
    height[index] = latencies[index]! + below;
  }

  // Without resources (the lower bound's schedule): program order is a topological order.
  const startLb = new Array<number>(count).fill(0);
  for (let index = 0; index < count; index++) {
    for (const edge of preds[index]!) {
      startLb[index] = Math.max(startLb[index]!, edge.afterStart ? startLb[edge.from]! + 1 : startLb[edge.from]! + latencies[edge.from]!);
    }
  }

  const tables = new Map<string, { use: number[]; firstFree: number; limit: number }>();
  const table = (key: string, limit: number) => {
    let found = tables.get(key);
    if (!found) { found = { use: [], firstFree: 0, limit }; tables.set(key, found); }
    return found;
  };
  /** The first cycle from `from` where `hold` consecutive cycles of the table are below its limit. */
  const firstFit = (t: { use: number[]; firstFree: number; limit: number }, from: number, hold: number): number => {
    let at = Math.max(from, t.firstFree);
    for (let k = 0; k < hold; k++) {
      if ((t.use[at + k] ?? 0) >= t.limit) { at = at + k + 1; k = -1; }
    }
    return at;
  };
  const reserve = (t: { use: number[]; firstFree: number; limit: number }, at: number, hold: number) => {
    for (let k = 0; k < hold; k++) t.use[at + k] = (t.use[at + k] ?? 0) + 1;
    while ((t.use[t.firstFree] ?? 0) >= t.limit) t.firstFree++;
  };
  /** Limits an op needs, each a table and how many cycles it holds a slot: ports, unit starts, unit instances. */
  const resourcesOf = (index: number): Array<{ key: string; limit: number; hold: number }> => {
    const kind = kinds[index]!;
    if (kind.kind === 'load' || kind.kind === 'store') {
      const memory = records[index]!.memory!;
      return [{ key: `port:${memory.group}`, limit: memory.ports, hold: 1 }];
    }
    if (kind.kind !== 'operator') return [];
    const found: Array<{ key: string; limit: number; hold: number }> = [];
    const starts = ctx.target.functionalUnits[kind.operator];
    if (starts !== undefined) found.push({ key: `unit:${kind.operator}`, limit: starts, hold: 1 });
    const instances = ctx.target.unitInstances?.[kind.operator];
    if (instances !== undefined) found.push({ key: `instance:${kind.operator}`, limit: instances, hold: holdCycles(ctx.target, kind.operator, latencies[index]!) });
    return found;
  };
  /** The first cycle from `from` that every limit of the op allows, reserved. */
  const place = (index: number, from: number): number => {
    const limits = resourcesOf(index).map((r) => ({ ...r, table: table(r.key, r.limit) }));
    if (limits.length === 0) return from;
    let at = from;
    for (let settled = false; !settled;) {
      settled = true;
      for (const limit of limits) {
        const fit = firstFit(limit.table, at, limit.hold);
        if (fit !== at) { at = fit; settled = false; }
      }
    }
    for (const limit of limits) reserve(limit.table, at, limit.hold);
    return at;
  };

  const start = new Array<number>(count).fill(0);
  const earliest = new Array<number>(count).fill(0);
  const cause = new Array<number>(count).fill(-1);
  const waiting = preds.map((edges) => edges.length);
  const ready = new MinHeap<number>((a, b) => earliest[a]! - earliest[b]! || height[b]! - height[a]! || a - b);
  for (let index = 0; index < count; index++) if (waiting[index] === 0) ready.push(index);
  const unitsPerCycle = new Map<OperatorClass, Map<number, number>>();
  while (ready.size > 0) {
    const index = ready.pop()!;
    const at = place(index, earliest[index]!);
    start[index] = at;
    const kind = kinds[index]!;
    if (kind.kind === 'operator') {
      const perCycle = unitsPerCycle.get(kind.operator) ?? new Map<number, number>();
      // A unit that is not pipelined stays busy until its result: it counts in every cycle it holds.
      const busy = holdCycles(ctx.target, kind.operator, latencies[index]!);
      for (let t = at; t < at + busy; t++) perCycle.set(t, (perCycle.get(t) ?? 0) + 1);
      unitsPerCycle.set(kind.operator, perCycle);
    }
    for (const to of successors[index]!) {
      const edge = preds[to]!.find((e) => e.from === index)!;
      const time = edge.afterStart ? at + 1 : at + latencies[index]!;
      if (time > earliest[to]! || (time === earliest[to]! && cause[to]! < 0)) { earliest[to] = time; cause[to] = index; }
      if (--waiting[to]! === 0) ready.push(to);
    }
  }
  for (const [operator, perCycle] of unitsPerCycle) ctx.unitsNeeded.raise(operator, Math.max(0, ...perCycle.values()));

  const placed: Placed[] = records.map((record, index) => ({
    op: record.op, kind: kinds[index]!, start: start[index]!, finish: start[index]! + latencies[index]!,
    startLb: startLb[index]!, finishLb: startLb[index]! + latencies[index]!, cause: cause[index]!, latency: latencies[index]!,
    ...(record.memory && (kinds[index]!.kind === 'load' || kinds[index]!.kind === 'store') ? { memory: record.memory } : {}),
    ...(record.address ? { address: record.address } : {}),
  }));
  let makespan = 0;
  let makespanLb = 0;
  for (const p of placed) {
    makespan = Math.max(makespan, p.finish);
    makespanLb = Math.max(makespanLb, p.finishLb);
  }
  return { placed, preds, makespan, makespanLb };
}

/** `memref.copy` of a static shape: its memories and elements (undefined for any other op). */
function copyOf(ctx: SegmentContext, op: GenericOp): { source?: Memory; target?: Memory; elements: number } | undefined {
  if (op.name !== 'memref.copy' || op.operands.length !== 2) return undefined;
  const type = parseType(op.operandTypes[1] ?? '');
  if (type.kind !== 'memref' || type.shape.some((extent) => extent === undefined)) return undefined;
  const memoryOf = (name: string) => { try { return ctx.values.info(name).memory; } catch { return undefined; } };
  return { source: memoryOf(op.operands[0]!), target: memoryOf(op.operands[1]!), elements: type.shape.reduce<number>((product, extent) => product * extent!, 1) };
}
