import { splitTopLevel } from '../ir/types.js';
import { HlschedError } from '../errors.js';
import { chooseFunction, isFunctionDefinition, moduleFunctions, symbolName, type GenericBlock, type GenericOp } from '../ir/generic.js';
import { criticalChain, describeSegment, formatLocation, rankBottlenecks, SourceNames } from './explain.js';
import { initiationInterval } from './initiation-interval.js';
import { PREDICATED, scheduleSegment, type SegmentContext } from './list-schedule.js';
import { lowerBound } from './lower-bound.js';
import { Counter, type BlockResult, type Memory, type SegmentSchedule } from './model-types.js';
import { estimateResources } from './resources.js';
import type { OperatorClass, TargetSpec } from './target.js';
import type { Estimate, LoopEstimate, LowerBound, ResourceEstimate } from './types.js';
import { ValueTable } from './values.js';
import { constantAddressBuffers } from './register-files.js';

export { SourceNames } from './explain.js';

/**
 * The analytic latency model. It reads a kernel already normalized to affine/scf loops (generic form)
 * and, like ScaleHLS's estimator, list-schedules straight-line code under memory-port and
 * functional-unit limits, gives pipelined loops II = max(ResMII, RecMII, target II), and runs
 * loops, calls and branches in sequence, as a finite-state-machine HLS tool does.
 */

const LOOP_OPS = new Set(['affine.for', 'scf.for']);
const BRANCH_OPS = new Set(['scf.if', 'affine.if']);
export interface AnalyzeOptions {
  func?: string;
  /** Source texts by the file names in locations, to name values as the user did. */
  sources?: Record<string, string>;
  /** Told the id of every loop the model reads (src/hls/front-end.ts keeps ids across the front end's unrolling). */
  onLoop?: (op: GenericOp, id: string) => void;
}

/** A loop's id given by an earlier reading of the same kernel (`hls.loop_id`), so ids stay those of the schedule's view. */
export const LOOP_ID_ATTRIBUTE = 'hls.loop_id';

class FunctionModel implements SegmentContext {
  readonly values: ValueTable;
  readonly loops: LoopEstimate[] = [];
  readonly notes = new Set<string>();
  readonly dynamicOperators = new Counter<OperatorClass>();
  readonly unitsNeeded = new Counter<OperatorClass>();
  readonly unknownOps = new Counter<string>();
  /** What limits the straight-line code of the function body, segment by segment. */
  readonly straightLine: Array<{ cycles: number; reason: string }> = [];
  /** Control steps of the finite-state machine: each segment's cycles once, one per loop header. */
  states = 0;
  /** Operations and memory accesses in the schedule's text, each once (what the datapath multiplexes). */
  staticOperations = 0;
  staticAccesses = 0;
  /** If-converted branches so far: their sides exclude each other. */
  private branchCount = 0;

  constructor(readonly target: TargetSpec, private readonly names: SourceNames,
    private readonly callee: (name: string) => { cycles: number; lowerBound: number },
    private readonly onLoop?: (op: GenericOp, id: string) => void) {
    this.values = new ValueTable(target, names, this.notes);
  }

  get memories(): Memory[] { return this.values.memories; }

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
      const segment = scheduleSegment(this, segmentOps, executions, countDynamic);
      segments.push(segment);
      latency += segment.makespan;
      latencyLb += segment.makespanLb;
      this.states += Math.max(1, segment.makespan);
      for (const placed of segment.placed) {
        if (placed.kind.kind === 'operator') this.staticOperations++;
        else if ((placed.kind.kind === 'load' || placed.kind.kind === 'store') && !placed.memory?.register) this.staticAccesses++;
      }
      segmentOps = [];
      if (depth === 0 && segment.makespan > 0) this.straightLine.push({ cycles: segment.makespan, reason: describeSegment(segment) });
    };
    for (const op of block.ops) {
      if (LOOP_OPS.has(op.name)) {
        flush();
        regionOps++;
        const loop = this.analyzeLoop(op, executions, depth, `${idPrefix}${innerLoops.length + 1}`, countDynamic);
        innerLoops.push(loop.estimate);
        latency += loop.estimate.cycles;
        latencyLb += loop.cyclesLb;
      } else if (BRANCH_OPS.has(op.name) && this.target.frontend.ifConversion && op.regions.every((region) => region.every((b) => b.ops.every((inner) => inner.regions.length === 0 && inner.name !== 'func.call')))) {
        // If-conversion (predication), as HLS front ends do with branches of straight-line code: both
        // sides run in the datapath, stores are predicated, a select picks each result.
        this.notes.add(`${op.name} at ${formatLocation(op.loc)} is if-converted: both branches run every time, results selected`);
        const yields: string[][] = [];
        this.branchCount++;
        for (const [side, region] of op.regions.entries()) {
          for (const inner of region[0]?.ops ?? []) {
            if (inner.name === 'scf.yield' || inner.name === 'affine.yield') { yields.push(inner.operands); continue; }
            inner.attributes.set(PREDICATED, `${this.branchCount}:${side}`);
            segmentOps.push(inner);
          }
        }
        if (op.results.length > 0) {
          segmentOps.push({ ...op, name: 'arith.select', operands: [...(op.name === 'scf.if' ? op.operands.slice(0, 1) : []), ...yields.flat()], regions: [] });
        }
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

  private loopLabel(op: GenericOp, iv: GenericBlock['arguments'][number] | undefined): string {
    const name = this.names.valueAt(iv?.loc);
    if (name) return `${op.name} ${name}`;
    const origin = this.names.opAt(op.loc);
    return origin ? `${op.name} in ${origin}` : op.name;
  }

  private analyzeLoop(op: GenericOp, executions: number, depth: number, position: string, countDynamic: boolean): { estimate: LoopEstimate; cyclesLb: number } {
    const id = /^"(.*)"$/.exec(op.attributes.get(LOOP_ID_ATTRIBUTE) ?? '')?.[1] ?? position;
    this.onLoop?.(op, id);
    const body = op.regions[0]?.[0];
    if (!body) throw new HlschedError('KERNEL_UNSUPPORTED', `loop at ${formatLocation(op.loc)} has no body`);
    const bounds = this.values.loopBounds(op);
    const iv = body.arguments[0];
    if (iv) this.values.setLower(iv.name, bounds.lower, op);
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
    const units: Partial<Record<OperatorClass, number>> = {};
    let bottleneck: string;
    const ivName = iv?.name ?? '';
    if (pipelined) {
      const analysis = initiationInterval(this.target, this.names, body, bodyResult.segment!, ivName, targetII);
      ii = analysis.ii;
      cycles = trip === 0 ? 0 : iterationLatency + ii * (trip - 1) + loopsConfig.pipelineOverhead;
      cyclesLb = trip === 0 ? 0 : bodyResult.latencyLb + analysis.recMiiLb * (trip - 1);
      bottleneck = analysis.reason;
      // Units shared over the II; one that is not pipelined holds each operation for its whole latency.
      for (const [operator, count] of analysis.operatorCounts) {
        const spec = this.target.operators[operator];
        const needed = Math.ceil((count * (spec.pipelined === false ? Math.max(1, spec.latency) : 1)) / ii);
        units[operator] = needed;
        if (countDynamic) this.unitsNeeded.raise(operator, needed);
      }
    } else {
      cycles = trip * (iterationLatency + loopsConfig.iterationOverhead) + loopsConfig.entryOverhead;
      cyclesLb = trip * bodyResult.latencyLb;
      if (innermost) {
        const hypothetical = initiationInterval(this.target, this.names, body, bodyResult.segment!, ivName, targetII);
        // The bound assumes the loop pipelined at its recurrence limit: what a schedule could still reach.
        // It stays below the sequential cycles because a recurrence is a path within one iteration.
        cyclesLb = trip === 0 ? 0 : bodyResult.latencyLb + hypothetical.recMiiLb * (trip - 1);
        bottleneck = `not pipelined: ${trip} iterations x ${iterationLatency + loopsConfig.iterationOverhead} cycles (critical path ${criticalChain(bodyResult.segment!)}); `
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
      ...(Object.keys(units).length ? { units } : {}),
    };
    this.loops.push(estimate);
    return { estimate, cyclesLb };
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
  operations: Partial<Record<OperatorClass, number>>;
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
      const handshake = target.function.callOverhead ?? target.function.overhead;
      if (!definition || active.has(callee)) {
        model.notes.add(`call to @${callee} is counted as ${handshake} cycles (${definition ? 'recursive' : 'no body in the module'})`);
        return { cycles: handshake, lowerBound: 0 };
      }
      const result = analyze(definition);
      const summary = { cycles: result.cycles + handshake, lowerBound: result.lowerBound.cycles };
      memo.set(callee, summary);
      for (const note of result.notes) model.notes.add(note);
      return summary;
    }, options.onLoop);
    active.add(name);
    const entry = fn.regions[0]![0]!;
    // `llvm.noalias` arguments (partitioned memories, restrict pointers): the front end orders their
    // accesses only among themselves.
    const argAttrs = splitTopLevel((fn.properties.get('arg_attrs') ?? '').replace(/^\[|\]$/g, ''));
    entry.arguments.forEach((arg, index) => {
      if (!arg.type.startsWith('memref<')) return;
      const memory = model.values.addMemory(arg.name, 'argument', arg.type, names.valueAt(arg.loc) ?? arg.name);
      if (/\bllvm\.noalias\b/.test(argAttrs[index] ?? '')) memory.noalias = true;
    });
    model.values.registerFiles = constantAddressBuffers(fn, target);
    const body = model.analyzeBlock(entry, 1, 0, 'L', true);
    active.delete(name);
    const cycles = body.latency + target.function.overhead;

    const bound = lowerBound(target, model.memories, model.dynamicOperators, body.latencyLb);
    const portGroups = new Map<string, number>();
    for (const memory of model.memories) if (memory.loads + memory.stores > 0 && !memory.register) portGroups.set(memory.group, memory.ports);
    const portsInUse = [...portGroups.values()].reduce((a, b) => a + b, 0);
    const resources = estimateResources(target, { unitsNeeded: model.unitsNeeded, memories: model.memories, states: model.states + model.loops.length, portsInUse,
      operations: model.staticOperations, accesses: model.staticAccesses });
    const notes = [...model.notes, ...model.unknownOpNotes()];
    return { name, cycles, lowerBound: bound, loops: model.loops, straightLine: model.straightLine, resources, notes, operations: Object.fromEntries(model.dynamicOperators) };
  };

  const fn = chooseFunction(functions, options.func);
  const result = analyze(fn);
  // Non-rectangular nests have fractional mean trip counts: cycles are whole in what is reported.
  const loops = [...result.loops].sort((a, b) => a.id.localeCompare(b.id, undefined, { numeric: true })).map((loop) => ({
    ...loop, tripCount: Math.round(loop.tripCount * 100) / 100, executions: Math.round(loop.executions), iterationLatency: Math.round(loop.iterationLatency * 100) / 100,
    cycles: Math.round(loop.cycles), totalCycles: Math.round(loop.totalCycles),
  }));
  result.cycles = Math.round(result.cycles);
  result.lowerBound = { ...result.lowerBound, cycles: Math.round(result.lowerBound.cycles), criticalPath: Math.round(result.lowerBound.criticalPath) };
  const bottlenecks = rankBottlenecks(loops, result.cycles, result.straightLine);
  return {
    backend: 'analytic', target: target.name, function: result.name, cycles: result.cycles,
    lowerBound: result.lowerBound.cycles, lowerBoundDetail: result.lowerBound, clockNs: target.clockNs,
    timeNs: result.cycles * target.clockNs, loops, bottlenecks, resources: result.resources, notes: result.notes,
    operations: result.operations,
  };
}
