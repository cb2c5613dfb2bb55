import type { SourceLocation } from '../ir/generic.js';
import type { Placed, SegmentSchedule } from './model-types.js';
import { shortName } from './operations.js';
import type { Bottleneck, LoopEstimate } from './types.js';

/**
 * Explanations: the words an estimate gives for its numbers (source names, critical chains, port use,
 * the ranked bottlenecks). Nothing here changes a cycle count.
 */

export function formatLocation(loc: SourceLocation | undefined): string {
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

export interface PortGroupUse {
  count: number;
  ports: number;
  names: Set<string>;
}

/** Accesses of a straight-line schedule per port group (one array, or all arguments when they share ports). */
export function portGroups(segment: SegmentSchedule): PortGroupUse[] {
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
export function describePortUse(use: PortGroupUse, per: string): string {
  return `${use.count} accesses${per} to ${[...use.names].join(', ')} over ${use.ports} port${use.ports > 1 ? 's' : ''}`;
}

export function compressChain(steps: string[]): string {
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
export function longestPaths(segment: SegmentSchedule, sources: number[]): { distance: Array<number | undefined>; via: Array<number | undefined> } {
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

export function describeStep(p: Placed): string {
  const name = shortName(p.op.name);
  return p.memory ? `${name} ${p.memory.name} ${p.latency}` : `${name} ${p.latency}`;
}

/** The chain of ops that ends at `last`, earliest first. */
export function chainTo(segment: SegmentSchedule, last: number, stopAt = -1): string {
  const steps: string[] = [];
  for (let index = last; index >= 0; index = segment.placed[index]!.cause) {
    const p = segment.placed[index]!;
    if (p.latency > 0 || index === last) steps.unshift(describeStep(p));
    if (index === stopAt) break;
  }
  return compressChain(steps);
}

/** The ops along a path found by `longestPaths`, ending at `end`. */
export function describePath(segment: SegmentSchedule, via: Array<number | undefined>, end: number): string {
  const steps: string[] = [];
  for (let index: number | undefined = end; index !== undefined; index = via[index]) {
    const p = segment.placed[index]!;
    if (p.latency > 0 || index === end) steps.unshift(describeStep(p));
  }
  return compressChain(steps);
}

export function criticalChain(segment: SegmentSchedule): string {
  let last = -1;
  segment.placed.forEach((p, index) => { if (last < 0 || p.finish > segment.placed[last]!.finish) last = index; });
  return last < 0 ? 'nothing to do' : chainTo(segment, last);
}

/** Ports when they stretch the schedule beyond its dependence chains, else the critical path. */
export function describeSegment(segment: SegmentSchedule): string {
  if (segment.makespan > segment.makespanLb) {
    const busiest = portGroups(segment).sort((a, b) => b.count / b.ports - a.count / a.ports)[0];
    if (busiest) return `${describePortUse(busiest, '')} (${segment.makespan} cycles; dependences alone would take ${segment.makespanLb})`;
  }
  return `critical path ${criticalChain(segment)} (${segment.makespan} cycles)`;
}

/**
 * The loops worth working on, most cycles first: innermost loops carry the actionable reason;
 * an outer loop appears when its own structure (not its children) costs the cycles.
 */
export function rankBottlenecks(loops: LoopEstimate[], total: number, straightLine: ReadonlyArray<{ cycles: number; reason: string }>): Bottleneck[] {
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