import { HlschedError } from '../errors.js';
import {
  addForms, constantForm, evaluateAffine, isConstantForm, linearizeAffine, parseAffineMap, variableForm, type LinearForm,
} from '../ir/affine.js';
import { chooseFunction, isFunctionDefinition, moduleFunctions, symbolName, type GenericBlock, type GenericOp, type SourceLocation } from '../ir/generic.js';
import { parseType } from '../ir/types.js';
import { carriedDistance, eliminateRedundantAccesses, provablyDistinct } from './memory-dependence.js';
import { MinHeap } from './min-heap.js';
import { classifyOp, shortName, type OpKind } from './operations.js';
import type { OperatorClass, TargetSpec } from './target.js';
import type { Bottleneck, Estimate, LoopEstimate, LowerBound, MemoryEstimate, ResourceEstimate } from './types.js';

/**
 * The analytic latency model. It reads a kernel already normalized to affine/scf loops (generic form)
 * and, like ScaleHLS's estimator, list-schedules straight-line code under memory-port and
 * functional-unit limits, gives pipelined loops II = max(ResMII, RecMII, target II), and runs
 * loops, calls and branches in sequence, as a finite-state-machine HLS tool does.
 */

interface Memory {
  key: string;
  name: string;
  kind: MemoryEstimate['kind'];
  type: string;
  bits: number;
  /** Accesses sharing `group` share its `ports`. */
  group: string;
  ports: number;
  readLatency: number;
  writeLatency: number;
  loads: number;
  stores: number;
}

interface ValueInfo {
  constant?: number;
  form?: LinearForm;
  memory?: Memory;
  /** The value is a view (subview, reinterpret_cast) of `memory`: its indices are not the memory's. */
  view?: boolean;
}

/** One op placed in a straight-line schedule. */
interface Placed {
  op: GenericOp;
  kind: OpKind;
  start: number;
  finish: number;
  /** Same without resource limits: the lower bound's schedule. */
  startLb: number;
  finishLb: number;
  /** Index of the placed op that decided `start`, for critical-path messages. */
  cause: number;
  latency: number;
  memory?: Memory;
  address?: LinearForm[];
}

interface SegmentSchedule {
  placed: Placed[];
  /** Dependence edges into each placed op: wait for `from` to finish, or (afterStart) to start. */
  preds: Array<Array<{ from: number; afterStart: boolean }>>;
  makespan: number;
  makespanLb: number;
}

interface BlockResult {
  latency: number;
  latencyLb: number;
  /** Set when the block is one straight-line segment (an innermost loop body). */
  segment?: SegmentSchedule;
  innerLoops: LoopEstimate[];
}

interface Recurrence {
  delay: number;
  distance: number;
  through: string;
  chain: string;
}

const LOOP_OPS = new Set(['affine.for', 'scf.for']);
const BRANCH_OPS = new Set(['scf.if', 'affine.if']);

function bitsOf(element: string): number {
  const match = /^[fi](\d+)$/.exec(element);
  if (match) return Number(match[1]);
  return element === 'index' ? 64 : 32;
}

function formatLocation(loc: SourceLocation | undefined): string {
  return loc ? `${loc.file}:${loc.line}:${loc.column}` : 'unknown location';
}

/** Reads `%name` at a source position, or the `%name =` that an op at that position defines. */
export class SourceNames {
  private readonly lines = new Map<string, string[]>();
  constructor(sources: Record<string, string>) {
    for (const [file, text] of Object.entries(sources)) this.lines.set(file, text.split('\n'));
  }

  private line(loc: SourceLocation | undefined): string | undefined {
    return loc ? this.lines.get(loc.file)?.[loc.line - 1] : undefined;
  }

  valueAt(loc: SourceLocation | undefined): string | undefined {
    const text = this.line(loc);
    return text === undefined ? undefined : /^%[\w$.-]+/.exec(text.slice(loc!.column - 1))?.[0];
  }

  /** The op name written at a position (`linalg.matmul`), for loops a transformation created from it. */
  opAt(loc: SourceLocation | undefined): string | undefined {
    const text = this.line(loc);
    return text === undefined ? undefined : /^"?([a-z_]+\.[\w.]+)/.exec(text.slice(loc!.column - 1))?.[1];
  }

  definedAt(loc: SourceLocation | undefined): string | undefined {
    const text = this.line(loc);
    return text === undefined ? undefined : /(%[\w$.-]+)\s*(?::\d+)?\s*=\s*$/.exec(text.slice(0, loc!.column - 1))?.[1];
  }
}

interface PortGroupUse {
  count: number;
  ports: number;
  names: Set<string>;
}

/** Accesses of a straight-line schedule per port group (one array, or all arguments when they share ports). */
function portGroups(segment: SegmentSchedule): PortGroupUse[] {
  const groups = new Map<string, PortGroupUse>();
  for (const p of segment.placed) {
    if (!p.memory) continue;
    const entry = groups.get(p.memory.group) ?? { count: 0, ports: p.memory.ports, names: new Set<string>() };
    entry.count++;
    entry.names.add(p.memory.name);
    groups.set(p.memory.group, entry);
  }
  return [...groups.values()];
}

/** `8 accesses per iteration to %C over 2 ports`. */
function describePortUse(use: PortGroupUse, per: string): string {
  return `${use.count} accesses${per} to ${[...use.names].join(', ')} over ${use.ports} port${use.ports > 1 ? 's' : ''}`;
}

function compressChain(steps: string[]): string {
  const out: string[] = [];
  let previous = '';
  let count = 0;
  const flush = () => { if (count) out.push(count > 1 ? `${previous} x${count}` : previous); };
  for (const step of steps) {
    if (step === previous) count++;
    else { flush(); previous = step; count = 1; }
  }
  flush();
  return out.length > 8 ? [...out.slice(0, 3), '...', ...out.slice(-4)].join(' -> ') : out.join(' -> ');
}

/**
 * Longest dependence path (in cycles, resources ignored) from the start of any op in `sources` to the
 * start of every op it reaches; `via` holds each op's predecessor on that path.
 */
function longestPaths(segment: SegmentSchedule, sources: number[]): { distance: Array<number | undefined>; via: Array<number | undefined> } {
  const distance: Array<number | undefined> = new Array(segment.placed.length).fill(undefined);
  const via: Array<number | undefined> = new Array(segment.placed.length).fill(undefined);
  for (const source of sources) distance[source] = 0;
  const first = Math.min(...sources);
  for (let index = first; index < segment.placed.length; index++) {
    for (const edge of segment.preds[index]!) {
      const from = distance[edge.from];
      if (from === undefined) continue;
      const length = from + (edge.afterStart ? 1 : segment.placed[edge.from]!.latency);
      if (distance[index] === undefined || length > distance[index]!) {
        distance[index] = length;
        via[index] = edge.from;
      }
    }
  }
  return { distance, via };
}

export interface AnalyzeOptions {
  func?: string;
  /** Source texts by the file names in locations, to name values as the user did. */
  sources?: Record<string, string>;
}

class Counter<K> extends Map<K, number> {
  add(key: K, amount: number): void { this.set(key, (this.get(key) ?? 0) + amount); }
  raise(key: K, value: number): void { if (value > (this.get(key) ?? 0)) this.set(key, value); }
}

class FunctionModel {
  private readonly values = new Map<string, ValueInfo>();
  private readonly ivLower = new Map<string, number>();
  readonly memories: Memory[] = [];
  readonly loops: LoopEstimate[] = [];
  readonly notes = new Set<string>();
  readonly dynamicOperators = new Counter<OperatorClass>();
  readonly unitsNeeded = new Counter<OperatorClass>();
  private readonly unknownOps = new Counter<string>();
  private localCount = 0;
  /** What limits the straight-line code of the function body, segment by segment. */
  readonly straightLine: Array<{ cycles: number; reason: string }> = [];

  constructor(private readonly target: TargetSpec, private readonly names: SourceNames,
    private readonly callee: (name: string) => { cycles: number; lowerBound: number }) {}

  // ---- values -------------------------------------------------------------------------------

  private info(name: string): ValueInfo {
    return this.values.get(name) ?? {};
  }

  formOf(name: string): LinearForm {
    const info = this.info(name);
    if (info.form) return info.form;
    if (info.constant !== undefined) return constantForm(info.constant);
    return variableForm(name);
  }

  /** A value's number where it is known: a constant, or an enclosing loop's first iteration. */
  numberOf(name: string): number | undefined {
    const info = this.info(name);
    if (info.constant !== undefined) return info.constant;
    const lower = this.ivLower.get(name);
    if (lower !== undefined) return lower;
    if (info.form) {
      let value = info.form.constant;
      for (const [variable, coefficient] of info.form.coefficients) {
        const known = this.ivLower.get(variable) ?? this.info(variable).constant;
        if (known === undefined) return undefined;
        value += coefficient * known;
      }
      return value;
    }
    return undefined;
  }

  addMemory(key: string, kind: Memory['kind'], type: string, name: string): Memory {
    const parsed = parseType(type);
    const shape = parsed.kind === 'memref' ? parsed.shape : [];
    const element = parsed.kind === 'memref' ? parsed.element : 'f32';
    const elements = shape.reduce<number>((product, dim) => product * (dim ?? 1), 1);
    const spec = kind === 'argument' ? this.target.memory.arguments : this.target.memory.local;
    const shared = kind === 'argument' && this.target.memory.arguments.sharing === 'shared';
    const memory: Memory = {
      key, name, kind, type, bits: elements * bitsOf(element),
      group: shared ? 'arguments' : key, ports: spec.ports,
      readLatency: spec.readLatency, writeLatency: spec.writeLatency, loads: 0, stores: 0,
    };
    this.memories.push(memory);
    this.values.set(key, { memory });
    return memory;
  }

  private define(op: GenericOp): void {
    const result = op.results[0];
    if (result === undefined) return;
    switch (op.name) {
      case 'arith.constant': {
        const match = /^(-?\d+) : (index|i\d+)$/.exec(op.properties.get('value') ?? '');
        if (match) this.values.set(result, { constant: Number(match[1]) });
        else if (op.properties.get('value') === 'true : i1') this.values.set(result, { constant: 1 });
        return;
      }
      case 'affine.apply': {
        const map = parseAffineMap(op.properties.get('map') ?? '');
        const forms = op.operands.map((operand) => this.formOf(operand));
        const form = linearizeAffine(map.results[0]!, forms.slice(0, map.dims), forms.slice(map.dims));
        if (form) this.values.set(result, isConstantForm(form) ? { constant: form.constant, form } : { form });
        return;
      }
      case 'affine.min': case 'affine.max': {
        // Only bounds need these: evaluate them at the enclosing loops' first iterations.
        const map = parseAffineMap(op.properties.get('map') ?? '');
        const numbers = op.operands.map((operand) => this.numberOf(operand));
        const values = map.results.map((expr) => evaluateAffine(expr, numbers.slice(0, map.dims), numbers.slice(map.dims)));
        if (values.every((v): v is number => v !== undefined) && values.length > 0) {
          this.values.set(result, { constant: op.name === 'affine.min' ? Math.min(...values) : Math.max(...values) });
          this.notes.add(`trip counts bounded by ${op.name} are taken at the first iteration of the enclosing loops`);
        }
        return;
      }
      case 'arith.addi': case 'arith.subi': case 'arith.muli': {
        const [a, b] = op.operands.map((operand) => this.formOf(operand));
        if (!a || !b) return;
        let form: LinearForm | undefined;
        if (op.name === 'arith.addi') form = addForms(a, b);
        else if (op.name === 'arith.subi') form = addForms(a, b, -1);
        else if (isConstantForm(a)) form = { coefficients: new Map([...b.coefficients].map(([v, c]) => [v, c * a.constant])), constant: b.constant * a.constant };
        else if (isConstantForm(b)) form = { coefficients: new Map([...a.coefficients].map(([v, c]) => [v, c * b.constant])), constant: a.constant * b.constant };
        if (form) this.values.set(result, isConstantForm(form) ? { constant: form.constant, form } : { form });
        return;
      }
      case 'arith.index_cast': case 'arith.index_castui': case 'arith.extsi': case 'arith.extui':
        this.values.set(result, this.info(op.operands[0]!));
        return;
      case 'memref.alloc': case 'memref.alloca': case 'memref.get_global': {
        const name = this.names.definedAt(op.loc) ?? `%local${this.localCount}`;
        this.localCount++;
        this.addMemory(result, op.name === 'memref.get_global' ? 'global' : 'local', op.resultTypes[0] ?? '', name);
        return;
      }
      case 'memref.cast': case 'memref.subview': case 'memref.reinterpret_cast': case 'memref.expand_shape':
      case 'memref.collapse_shape': case 'memref.assume_alignment': {
        const source = this.info(op.operands[0]!).memory;
        if (source) this.values.set(result, { memory: source, view: op.name !== 'memref.cast' && op.name !== 'memref.assume_alignment' });
        return;
      }
      default:
    }
  }

  private access(op: GenericOp, kind: 'load' | 'store'): { memory: Memory; address?: LinearForm[] } {
    const memrefOperand = op.operands[kind === 'load' ? 0 : 1]!;
    const indices = op.operands.slice(kind === 'load' ? 1 : 2);
    const info = this.info(memrefOperand);
    const memory = info.memory ?? this.addMemory(memrefOperand, 'argument', op.operandTypes[kind === 'load' ? 0 : 1] ?? '', memrefOperand);
    if (info.view) return { memory };
    if (op.name.startsWith('affine.')) {
      const map = parseAffineMap(op.properties.get('map') ?? '');
      const forms = indices.map((index) => this.formOf(index));
      const address = map.results.map((expr) => linearizeAffine(expr, forms.slice(0, map.dims), forms.slice(map.dims)));
      return address.every((form): form is LinearForm => form !== undefined) ? { memory, address } : { memory };
    }
    return { memory, address: indices.map((index) => this.formOf(index)) };
  }

  // ---- straight-line scheduling -------------------------------------------------------------

  private latencyOf(kind: OpKind, memory: Memory | undefined, op: GenericOp): number {
    switch (kind.kind) {
      case 'load': return memory!.readLatency;
      case 'store': return memory!.writeLatency;
      case 'operator': return this.target.operators[kind.operator].latency;
      case 'free': return 0;
      case 'unknown':
        this.unknownOps.add(op.name, 1);
        return 1;
    }
  }

  /**
   * List scheduling under port and functional-unit limits, as HLS schedulers do: an op becomes ready
   * when its producers and the accesses it must follow are placed; among ready ops the earliest
   * start goes first and, at equal starts, the one with the longest path still ahead of it.
   */
  private scheduleSegment(ops: GenericOp[], executions: number, countDynamic: boolean): SegmentSchedule {
    // Read every op first: the front end's access clean-up looks at the whole segment.
    const records = ops.map((op) => {
      this.define(op);
      const kind = classifyOp(op);
      const access = kind.kind === 'load' || kind.kind === 'store' ? this.access(op, kind.kind) : undefined;
      return { op, kind, ...access };
    });
    const cleanup = this.target.frontend.scalarReplacement ? eliminateRedundantAccesses(records) : { removed: new Set<number>(), alias: new Map<string, string>() };
    const resolve = (value: string) => cleanup.alias.get(value) ?? value;

    // The dependence graph: data edges wait for the producer to finish; memory edges after a store
    // wait for it to land, before overwriting what a load reads wait one cycle.
    const count = records.length;
    const kinds: OpKind[] = [];
    const latencies: number[] = [];
    const preds: Array<Array<{ from: number; afterStart: boolean }>> = [];
    const producer = new Map<string, number>();
    const accessesByMemory = new Map<string, number[]>();
    records.forEach((record, index) => {
      const kind: OpKind = cleanup.removed.has(index) ? { kind: 'free' } : record.kind;
      kinds.push(kind);
      const edges: Array<{ from: number; afterStart: boolean }> = [];
      for (const operand of record.op.operands) {
        const from = producer.get(resolve(operand));
        if (from !== undefined) edges.push({ from, afterStart: false });
      }
      if ((kind.kind === 'load' || kind.kind === 'store') && record.memory) {
        const memory = record.memory;
        const previous = accessesByMemory.get(memory.key) ?? [];
        for (const from of previous) {
          const earlier = kinds[from]!;
          if (earlier.kind === 'load' && kind.kind === 'load') continue;
          if (provablyDistinct(records[from]!.address, record.address)) continue;
          edges.push({ from, afterStart: earlier.kind === 'load' });
        }
        previous.push(index);
        accessesByMemory.set(memory.key, previous);
        if (countDynamic) {
          if (kind.kind === 'load') memory.loads += executions;
          else memory.stores += executions;
        }
      } else if (kind.kind === 'operator' && countDynamic) {
        this.dynamicOperators.add(kind.operator, executions);
      }
      preds.push(edges);
      latencies.push(this.latencyOf(kind, kind.kind === 'load' || kind.kind === 'store' ? record.memory : undefined, record.op));
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

    const tables = new Map<string, { use: Int32Array | number[]; firstFree: number; limit: number }>();
    const slot = (key: string, limit: number, from: number): number => {
      let table = tables.get(key);
      if (!table) { table = { use: [], firstFree: 0, limit }; tables.set(key, table); }
      let t = Math.max(from, from < table.firstFree ? table.firstFree : from);
      const use = table.use as number[];
      while ((use[t] ?? 0) >= limit) t++;
      use[t] = (use[t] ?? 0) + 1;
      while ((use[table.firstFree] ?? 0) >= limit) table.firstFree++;
      return t;
    };
    const resourceOf = (index: number): { key: string; limit: number } | undefined => {
      const kind = kinds[index]!;
      if (kind.kind === 'load' || kind.kind === 'store') {
        const memory = records[index]!.memory!;
        return { key: `port:${memory.group}`, limit: memory.ports };
      }
      if (kind.kind === 'operator') {
        const limit = this.target.functionalUnits[kind.operator];
        return { key: `unit:${kind.operator}`, limit: limit ?? Number.POSITIVE_INFINITY };
      }
      return undefined;
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
      const resource = resourceOf(index);
      const at = resource && Number.isFinite(resource.limit) ? slot(resource.key, resource.limit, earliest[index]!) : earliest[index]!;
      start[index] = at;
      const kind = kinds[index]!;
      if (kind.kind === 'operator') {
        const perCycle = unitsPerCycle.get(kind.operator) ?? new Map<number, number>();
        perCycle.set(at, (perCycle.get(at) ?? 0) + 1);
        unitsPerCycle.set(kind.operator, perCycle);
      }
      for (const to of successors[index]!) {
        const edge = preds[to]!.find((e) => e.from === index)!;
        const time = edge.afterStart ? at + 1 : at + latencies[index]!;
        if (time > earliest[to]! || (time === earliest[to]! && cause[to]! < 0)) { earliest[to] = time; cause[to] = index; }
        if (--waiting[to]! === 0) ready.push(to);
      }
    }
    for (const [operator, perCycle] of unitsPerCycle) this.unitsNeeded.raise(operator, Math.max(0, ...perCycle.values()));

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

  private describeStep(p: Placed): string {
    const name = shortName(p.op.name);
    return p.memory ? `${name} ${p.memory.name} ${p.latency}` : `${name} ${p.latency}`;
  }

  /** The chain of ops that ends at `last`, earliest first. */
  private chainTo(segment: SegmentSchedule, last: number, stopAt = -1): string {
    const steps: string[] = [];
    for (let index = last; index >= 0; index = segment.placed[index]!.cause) {
      const p = segment.placed[index]!;
      if (p.latency > 0 || index === last) steps.unshift(this.describeStep(p));
      if (index === stopAt) break;
    }
    return compressChain(steps);
  }

  /** The ops along a path found by `longestPaths`, ending at `end`. */
  private describePath(segment: SegmentSchedule, via: Array<number | undefined>, end: number): string {
    const steps: string[] = [];
    for (let index: number | undefined = end; index !== undefined; index = via[index]) {
      const p = segment.placed[index]!;
      if (p.latency > 0 || index === end) steps.unshift(this.describeStep(p));
    }
    return compressChain(steps);
  }

  private criticalChain(segment: SegmentSchedule): string {
    let last = -1;
    segment.placed.forEach((p, index) => { if (last < 0 || p.finish > segment.placed[last]!.finish) last = index; });
    return last < 0 ? 'nothing to do' : this.chainTo(segment, last);
  }

  /** Ports when they stretch the schedule beyond its dependence chains, else the critical path. */
  private describeSegment(segment: SegmentSchedule): string {
    if (segment.makespan > segment.makespanLb) {
      const busiest = portGroups(segment).sort((a, b) => b.count / b.ports - a.count / a.ports)[0];
      if (busiest) return `${describePortUse(busiest, '')} (${segment.makespan} cycles; dependences alone would take ${segment.makespanLb})`;
    }
    return `critical path ${this.criticalChain(segment)} (${segment.makespan} cycles)`;
  }

  // ---- blocks and loops ---------------------------------------------------------------------

  analyzeBlock(block: GenericBlock, executions: number, depth: number, idPrefix: string, countDynamic: boolean): BlockResult {
    let latency = 0;
    let latencyLb = 0;
    let segmentOps: GenericOp[] = [];
    const segments: SegmentSchedule[] = [];
    const innerLoops: LoopEstimate[] = [];
    let regionOps = 0;
    const flush = () => {
      if (segmentOps.length === 0) return;
      const segment = this.scheduleSegment(segmentOps, executions, countDynamic);
      segments.push(segment);
      latency += segment.makespan;
      latencyLb += segment.makespanLb;
      segmentOps = [];
      if (depth === 0 && segment.makespan > 0) this.straightLine.push({ cycles: segment.makespan, reason: this.describeSegment(segment) });
    };
    for (const op of block.ops) {
      if (LOOP_OPS.has(op.name)) {
        flush();
        regionOps++;
        const loop = this.analyzeLoop(op, executions, depth, `${idPrefix}${innerLoops.length + 1}`, countDynamic);
        innerLoops.push(loop.estimate);
        latency += loop.estimate.cycles;
        latencyLb += loop.cyclesLb;
      } else if (BRANCH_OPS.has(op.name)) {
        flush();
        regionOps++;
        // Both branches are built; one runs. Their accesses stay out of the lower bound's counts.
        const branches = op.regions.filter((region) => region.length > 0)
          .map((region) => this.analyzeBlock(region[0]!, executions, depth, `${idPrefix}${innerLoops.length + 1}.`, false));
        latency += Math.max(0, ...branches.map((b) => b.latency)) + 1;
        latencyLb += Math.min(...branches.map((b) => b.latencyLb), branches.length === 2 ? Number.POSITIVE_INFINITY : 0);
        for (const branch of branches) innerLoops.push(...branch.innerLoops);
      } else if (op.name === 'func.call') {
        flush();
        regionOps++;
        const name = (op.properties.get('callee') ?? '').replace(/^@/, '').replace(/^"(.*)"$/, '$1');
        const called = this.callee(name);
        latency += called.cycles;
        latencyLb += called.lowerBound;
      } else if (op.regions.length > 0) {
        throw new HlschedError('KERNEL_UNSUPPORTED', `the estimator cannot model '${op.name}' at ${formatLocation(op.loc)}`, {
          hint: 'lower it to affine or scf loops first (the estimator reads affine.for, scf.for, scf.if, affine.if and func.call)',
        });
      } else {
        segmentOps.push(op);
      }
    }
    flush();
    const single = regionOps === 0 && segments.length === 1 ? segments[0] : undefined;
    return { latency, latencyLb, ...(single ? { segment: single } : {}), innerLoops };
  }

  private loopBounds(op: GenericOp): { lower: number; trip: number; exact: boolean; iterInits: number } {
    const unknown = (): never => {
      throw new HlschedError('KERNEL_UNSUPPORTED', `loop at ${formatLocation(op.loc)} has a bound that is not a compile-time constant`, {
        hint: 'give the kernel static shapes: the estimate needs every trip count',
      });
    };
    if (op.name === 'affine.for') {
      const segments = /array<i32:\s*(\d+),\s*(\d+),\s*(\d+)>/.exec(op.properties.get('operandSegmentSizes') ?? '');
      const [nLower, nUpper, nInits] = segments ? [Number(segments[1]), Number(segments[2]), Number(segments[3])] : [0, 0, 0];
      const evaluate = (mapText: string | undefined, operands: string[], pick: (values: number[]) => number) => {
        const map = parseAffineMap(mapText ?? '');
        const numbers = operands.map((operand) => this.numberOf(operand));
        const values = map.results.map((expr) => evaluateAffine(expr, numbers.slice(0, map.dims), numbers.slice(map.dims)));
        if (values.length === 0 || values.some((v) => v === undefined)) unknown();
        return { value: pick(values as number[]), exact: values.length === 1 && operands.every((o) => this.info(o).constant !== undefined) };
      };
      const lower = evaluate(op.properties.get('lowerBoundMap'), op.operands.slice(0, nLower), (v) => Math.max(...v));
      const upper = evaluate(op.properties.get('upperBoundMap'), op.operands.slice(nLower, nLower + nUpper), (v) => Math.min(...v));
      const step = Number(/^(\d+)/.exec(op.properties.get('step') ?? '1')?.[1] ?? 1);
      return { lower: lower.value, trip: Math.max(0, Math.ceil((upper.value - lower.value) / step)), exact: lower.exact && upper.exact, iterInits: nInits };
    }
    const [lowerName, upperName, stepName] = op.operands;
    const [lower, upper, step] = [lowerName, upperName, stepName].map((name) => (name === undefined ? undefined : this.numberOf(name)));
    if (lower === undefined || upper === undefined || step === undefined || step <= 0) return unknown();
    const exact = [lowerName, upperName].every((name) => this.info(name!).constant !== undefined);
    return { lower, trip: Math.max(0, Math.ceil((upper - lower) / step)), exact, iterInits: op.operands.length - 3 };
  }

  private loopLabel(op: GenericOp, iv: GenericBlock['arguments'][number] | undefined): string {
    const name = this.names.valueAt(iv?.loc);
    if (name) return `${op.name} ${name}`;
    const origin = this.names.opAt(op.loc);
    return origin ? `${op.name} in ${origin}` : op.name;
  }

  private analyzeLoop(op: GenericOp, executions: number, depth: number, id: string, countDynamic: boolean): { estimate: LoopEstimate; cyclesLb: number } {
    const body = op.regions[0]?.[0];
    if (!body) throw new HlschedError('KERNEL_UNSUPPORTED', `loop at ${formatLocation(op.loc)} has no body`);
    const bounds = this.loopBounds(op);
    const iv = body.arguments[0];
    if (iv) this.ivLower.set(iv.name, bounds.lower);
    const label = this.loopLabel(op, iv);
    if (!bounds.exact) this.notes.add(`${label} at ${formatLocation(op.loc)}: trip count ${bounds.trip} is the first iteration's (a bound depends on an outer loop)`);
    const marked = op.attributes.has('hls.pipeline');
    const targetII = Math.max(this.target.loops.targetII, Number(/^(\d+)/.exec(op.attributes.get('hls.pipeline') ?? '')?.[1] ?? 1));
    const bodyResult = this.analyzeBlock(body, executions * bounds.trip, depth + 1, `${id}.`, countDynamic);
    const innermost = bodyResult.innerLoops.length === 0 && bodyResult.segment !== undefined;
    const pipelined = innermost && (marked || this.target.loops.pipelineByDefault);
    if (marked && !innermost) {
      this.notes.add(`hls.pipeline on ${label} at ${formatLocation(op.loc)} is ignored: it holds inner loops (unroll them fully first)`);
    }
    const loopsConfig = this.target.loops;
    const trip = bounds.trip;
    const iterationLatency = Math.max(bodyResult.latency, trip > 0 ? 1 : 0);
    let cycles: number;
    let cyclesLb: number;
    let ii: number | null = null;
    let bottleneck: string;
    const ivName = iv?.name ?? '';
    if (pipelined) {
      const analysis = this.initiationInterval(body, bodyResult.segment!, ivName, targetII);
      ii = analysis.ii;
      cycles = trip === 0 ? 0 : iterationLatency + ii * (trip - 1) + loopsConfig.pipelineOverhead;
      cyclesLb = trip === 0 ? 0 : bodyResult.latencyLb + analysis.recMiiLb * (trip - 1);
      bottleneck = analysis.reason;
      if (countDynamic) {
        for (const [operator, count] of analysis.operatorCounts) this.unitsNeeded.raise(operator, Math.ceil(count / ii));
      }
    } else {
      cycles = trip * (iterationLatency + loopsConfig.iterationOverhead) + loopsConfig.entryOverhead;
      cyclesLb = trip * bodyResult.latencyLb;
      if (innermost) {
        const hypothetical = this.initiationInterval(body, bodyResult.segment!, ivName, targetII);
        // The bound assumes the loop pipelined at its recurrence limit: what a schedule could still reach.
        // It stays below the sequential cycles because a recurrence is a path within one iteration.
        cyclesLb = trip === 0 ? 0 : bodyResult.latencyLb + hypothetical.recMiiLb * (trip - 1);
        bottleneck = `not pipelined: ${trip} iterations x ${iterationLatency + loopsConfig.iterationOverhead} cycles (critical path ${this.criticalChain(bodyResult.segment!)}); `
          + `with hls.pipeline it would reach ${hypothetical.brief}`;
      } else {
        const heaviest = [...bodyResult.innerLoops].sort((a, b) => b.cycles - a.cycles)[0];
        const innerShare = heaviest && iterationLatency > 0 ? Math.round((100 * heaviest.cycles) / iterationLatency) : 0;
        bottleneck = `not pipelined: ${trip} iterations x ${iterationLatency + loopsConfig.iterationOverhead} cycles, running its ${bodyResult.innerLoops.length === 1 ? 'inner loop' : `${bodyResult.innerLoops.length} inner loops`} in sequence`
          + (heaviest ? `; ${heaviest.id} (${heaviest.label}) takes ${innerShare}% of each iteration` : '')
          + (marked ? '; its hls.pipeline mark is ignored because it holds inner loops' : '');
      }
    }
    const estimate: LoopEstimate = {
      id, label, ...(op.loc ? { location: op.loc } : {}), depth, tripCount: trip, tripCountExact: bounds.exact, executions,
      pipelined, ii, iterationLatency, cycles, totalCycles: cycles * executions, bottleneck,
    };
    this.loops.push(estimate);
    return { estimate, cyclesLb };
  }

  /** II = max(ResMII, RecMII, target II) for an innermost body, with the reason in words. */
  private initiationInterval(body: GenericBlock, segment: SegmentSchedule, iv: string, targetII: number):
    { ii: number; recMiiLb: number; reason: string; brief: string; operatorCounts: Counter<OperatorClass> } {
    // Resources: accesses per port group and operators per functional-unit class, per iteration.
    const operatorCounts = new Counter<OperatorClass>();
    for (const p of segment.placed) if (!p.memory && p.kind.kind === 'operator') operatorCounts.add(p.kind.operator, 1);
    let resMii = 1;
    let resReason = '';
    for (const entry of portGroups(segment)) {
      const needed = Math.ceil(entry.count / entry.ports);
      if (needed > resMii) {
        resMii = needed;
        resReason = describePortUse(entry, ' per iteration');
      }
    }
    for (const [operator, count] of operatorCounts) {
      const limit = this.target.functionalUnits[operator];
      if (limit !== undefined && Math.ceil(count / limit) > resMii) {
        resMii = Math.ceil(count / limit);
        resReason = `${count} ${operator} per iteration over ${limit} units`;
      }
    }
    // Recurrences: iteration arguments (registers) and memory written then read by a later iteration.
    // Their delay is the longest dependence path from where the value enters to where it leaves,
    // as a modulo scheduler that places the load as late as the path allows would see it.
    const recurrences: Recurrence[] = [];
    const yieldOp = body.ops[body.ops.length - 1];
    const producer = new Map<string, number>();
    segment.placed.forEach((p, index) => { for (const result of p.op.results) producer.set(result, index); });
    body.arguments.slice(1).forEach((arg, k) => {
      const yielded = yieldOp?.operands[k];
      const end = yielded === undefined ? undefined : producer.get(yielded);
      if (end === undefined) return;
      const users = segment.placed.flatMap((p, index) => (p.op.operands.includes(arg.name) ? [index] : []));
      const path = longestPaths(segment, users);
      const length = path.distance[end];
      if (length === undefined) return;
      const delay = length + segment.placed[end]!.latency;
      if (delay <= 0) return;
      const name = this.names.valueAt(arg.loc) ?? `iteration argument ${k}`;
      recurrences.push({ delay, distance: 1, through: name, chain: this.describePath(segment, path.via, end) });
    });
    segment.placed.forEach((store, storeIndex) => {
      if (store.kind.kind !== 'store') return;
      segment.placed.forEach((load, loadIndex) => {
        if (load.kind.kind !== 'load' || load.memory !== store.memory) return;
        const distance = carriedDistance(store.address, load.address, iv);
        if (distance === 0) return;
        const path = loadIndex < storeIndex ? longestPaths(segment, [loadIndex]) : undefined;
        const length = path?.distance[storeIndex];
        // A store that does not depend on the load only has to land before the later iteration reads.
        const delay = (length ?? 0) + store.latency;
        recurrences.push({
          delay, distance, through: store.memory!.name,
          chain: path && length !== undefined ? this.describePath(segment, path.via, storeIndex) : `${this.describeStep(store)} then ${this.describeStep(load)}`,
        });
      });
    });
    let recMii = 0;
    let recReason = '';
    for (const r of recurrences) {
      const needed = Math.ceil(r.delay / r.distance);
      if (needed > recMii) {
        recMii = needed;
        recReason = `loop-carried dependence through ${r.through} (${r.chain}: ${r.delay} cycles${r.distance > 1 ? ` over distance ${r.distance}` : ''})`;
      }
    }
    // Dependence paths ignore resources, so the recurrence bound is also the lower bound's.
    const recMiiLb = recMii;
    const ii = Math.max(resMii, recMii, targetII);
    let brief: string;
    let reason: string;
    if (ii === recMii && recMii >= resMii && recMii > targetII) reason = brief = `II ${ii}: ${recReason}`;
    else if (ii === resMii && resMii > targetII) reason = brief = `II ${ii}: ${resReason}`;
    else {
      brief = `II ${ii} (${ii === targetII && targetII > 1 ? 'the requested II' : 'one iteration per cycle'})`;
      reason = `${brief}; iteration latency ${segment.makespan} (critical path ${this.criticalChain(segment)})`;
    }
    return { ii, recMiiLb, reason, brief, operatorCounts };
  }

  unknownOpNotes(): string[] {
    return [...this.unknownOps].map(([name, count]) => `'${name}' is not in the target's operator table: assumed 1 cycle (${count} static occurrence${count > 1 ? 's' : ''})`);
  }
}

interface FunctionSummary {
  name: string;
  cycles: number;
  lowerBound: LowerBound;
  loops: LoopEstimate[];
  straightLine: ReadonlyArray<{ cycles: number; reason: string }>;
  resources: ResourceEstimate;
  notes: string[];
}

function lowerBoundOf(compute: number, memory: number, criticalPath: number): LowerBound {
  const cycles = Math.max(compute, memory, criticalPath);
  const binding = cycles === criticalPath ? 'criticalPath' : cycles === memory ? 'memory' : 'compute';
  return { cycles, compute, memory, criticalPath, binding };
}

/**
 * Estimates the cycles of one function of a module read by `parseGenericModule`, after normalization
 * (affine/scf loops, no linalg). Pure: no tools run here.
 */
export function estimateGenericModule(module: GenericOp, target: TargetSpec, options: AnalyzeOptions = {}): Estimate {
  const functions = moduleFunctions(module);
  const names = new SourceNames(options.sources ?? {});
  const memo = new Map<string, { cycles: number; lowerBound: number }>();
  const active = new Set<string>();

  const analyze = (fn: GenericOp): FunctionSummary => {
    const name = symbolName(fn);
    const model = new FunctionModel(target, names, (callee) => {
      const cached = memo.get(callee);
      if (cached) return cached;
      const definition = functions.find((candidate) => symbolName(candidate) === callee && isFunctionDefinition(candidate));
      if (!definition || active.has(callee)) {
        model.notes.add(`call to @${callee} is counted as ${target.function.overhead} cycles (${definition ? 'recursive' : 'no body in the module'})`);
        return { cycles: target.function.overhead, lowerBound: 0 };
      }
      const result = analyze(definition);
      const summary = { cycles: result.cycles, lowerBound: result.lowerBound.cycles };
      memo.set(callee, summary);
      for (const note of result.notes) model.notes.add(note);
      return summary;
    });
    active.add(name);
    const entry = fn.regions[0]![0]!;
    for (const arg of entry.arguments) {
      if (arg.type.startsWith('memref<')) model.addMemory(arg.name, 'argument', arg.type, names.valueAt(arg.loc) ?? arg.name);
    }
    const body = model.analyzeBlock(entry, 1, 0, 'L', true);
    active.delete(name);
    const cycles = body.latency + target.function.overhead;

    // Lower bound: busiest port group, busiest functional-unit class, dependence chains alone.
    const groups = new Map<string, { accesses: number; ports: number }>();
    for (const memory of model.memories) {
      const group = groups.get(memory.group) ?? { accesses: 0, ports: memory.ports };
      group.accesses += memory.loads + memory.stores;
      groups.set(memory.group, group);
    }
    const memoryBound = Math.max(0, ...[...groups.values()].map((g) => Math.ceil(g.accesses / g.ports)));
    const computeBound = Math.max(0, ...[...model.dynamicOperators].map(([operator, count]) => {
      const limit = target.functionalUnits[operator];
      return limit === undefined ? 0 : Math.ceil(count / limit);
    }));
    const lowerBound = lowerBoundOf(computeBound, memoryBound, body.latencyLb);

    const operators: Partial<Record<OperatorClass, number>> = Object.fromEntries(model.unitsNeeded);
    const dsp = Object.entries(operators).reduce((sum, [operator, units]) => sum + units * target.operators[operator as OperatorClass].dsp, 0);
    const areas = Object.entries(operators).map(([operator, units]) => (target.operators[operator as OperatorClass].area ?? 0) * units);
    const resources: ResourceEstimate = {
      operators, dsp,
      ...(Object.values(target.operators).some((o) => o.area !== undefined) ? { area: areas.reduce((a, b) => a + b, 0) } : {}),
      memories: model.memories.map((memory) => ({
        name: memory.name, kind: memory.kind, type: memory.type, bits: memory.bits, ports: memory.ports, loads: memory.loads, stores: memory.stores,
        ...(target.memory.bramBits ? { ramBlocks: memory.kind === 'argument' ? 0 : Math.ceil(memory.bits / target.memory.bramBits) } : {}),
      })),
    };
    const notes = [...model.notes, ...model.unknownOpNotes()];
    return { name, cycles, lowerBound, loops: model.loops, straightLine: model.straightLine, resources, notes };
  };

  const fn = chooseFunction(functions, options.func);
  const result = analyze(fn);
  const loops = [...result.loops].sort((a, b) => a.id.localeCompare(b.id, undefined, { numeric: true }));
  const bottlenecks = rankBottlenecks(loops, result.cycles, result.straightLine);
  return {
    backend: 'analytic', target: target.name, function: result.name, cycles: result.cycles,
    lowerBound: result.lowerBound.cycles, lowerBoundDetail: result.lowerBound, clockNs: target.clockNs,
    timeNs: result.cycles * target.clockNs, loops, bottlenecks, resources: result.resources, notes: result.notes,
  };
}

/**
 * The loops worth working on, most cycles first: innermost loops carry the actionable reason;
 * an outer loop appears when its own structure (not its children) costs the cycles.
 */
function rankBottlenecks(loops: LoopEstimate[], total: number, straightLine: ReadonlyArray<{ cycles: number; reason: string }>): Bottleneck[] {
  const childCycles = new Map<string, number>();
  for (const loop of loops) {
    const parent = loop.id.includes('.') ? loop.id.slice(0, loop.id.lastIndexOf('.')) : undefined;
    if (parent) childCycles.set(parent, (childCycles.get(parent) ?? 0) + loop.totalCycles);
  }
  const candidates: Bottleneck[] = loops.map((loop) => {
    const own = loop.totalCycles - (childCycles.get(loop.id) ?? 0);
    const isLeaf = !childCycles.has(loop.id);
    const weight = isLeaf ? loop.totalCycles : own;
    return { loop: loop.id, ...(loop.location ? { location: loop.location } : {}), totalCycles: weight, share: total > 0 ? weight / total : 0, message: `${loop.id} ${loop.label}: ${loop.bottleneck}` };
  });
  for (const segment of straightLine) {
    candidates.push({ loop: null, totalCycles: segment.cycles, share: total > 0 ? segment.cycles / total : 0, message: `straight-line code in the function body: ${segment.reason}` });
  }
  return candidates.filter((c) => c.totalCycles > 0).sort((a, b) => b.totalCycles - a.totalCycles).slice(0, 5)
    .map((c) => ({ ...c, share: Math.round(c.share * 1000) / 1000 }));
}
