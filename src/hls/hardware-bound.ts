import { parseType } from '../ir/types.js';
import type { TargetSpec } from './target.js';
import type { ElementCounts } from './interface-elements.js';
import type { Estimate } from './types.js';

/**
 * The hardware's lower bound for a kernel under a resource budget, whatever memory architecture a
 * recipe builds (local buffers, banks, registers): it depends only on what cannot change.
 * - interface: each argument array keeps its ports (the target's interface; with partitioned arguments,
 *   the ports of as many memories as the target's largest partition factor), and every element of an
 *   array the kernel writes must be written once, every element of an array it only reads must be read
 *   once (an array both read and written counts its writes only: its reads may be forwarded), except
 *   the elements whose value on entry the kernel reads (`initial`, initial-reads.ts): each is read and
 *   written once;
 * - compute: the operations of each class that uses DSPs (as `baseline.operations` gives them: optimize
 *   passes the fewest of the kernel as given and of its verified designs), each holding
 *   its unit for its latency (the target's soft-float units are not pipelined), on as many units as the
 *   DSP limit pays for;
 * - the function's fixed overhead.
 * - may-alias ordering: where arguments reach the HLS tool as plain pointers, an access to one waits
 *   for an earlier store to another, and a store for earlier accesses of the others: the cycles in
 *   which each array is written add up, and those of the others' accesses come on top (the model follows
 *   that chain inside a loop iteration, not from one pipelined iteration to the next: a pipelined loop
 *   that stores one argument and loads another could undercut this on paper, Bambu could not);
 * Dependence chains are left out: reassociation and banking change them, so no schedule-independent
 * chain is known here.
 */
export interface HardwareBound {
  cycles: number;
  interface: number;
  compute: number;
  binding: 'interface' | 'compute';
  detail: string;
}

function elementsOf(type: string): number {
  const parsed = parseType(type);
  return parsed.kind === 'memref' ? parsed.shape.reduce<number>((product, dim) => product * (dim ?? 1), 1) : 1;
}

/**
 * `argumentMemories`: how many memories an argument array may become (partitioned arguments), 1 = the
 * target's interface. `elements`: distinct elements each argument array is read and written at
 * (interface-elements.ts); without it, its accesses in the kernel as given, at most its size.
 */
export function hardwareLowerBound(baseline: Estimate, target: TargetSpec, dspLimit: number | undefined, initial: ReadonlyMap<string, number> = new Map(),
  argumentMemories = 1, elements: ReadonlyMap<string, ElementCounts> = new Map()): HardwareBound {
  let interfaceCycles = 0;
  let interfaceWhy = '';
  const shared = target.memory.arguments.sharing === 'shared';
  let sharedAccesses = 0;
  // Arguments that may alias share one dependence chain (list-schedule.ts): no cycle holds a store to
  // one of them and any access to another, so their store cycles add up.
  const chained = target.frontend.argumentsMayAlias && argumentMemories <= 1;
  const chain: Array<{ name: string; own: number; stores: number; what: string }> = [];
  for (const memory of baseline.resources.memories) {
    if (memory.kind !== 'argument' || memory.loads + memory.stores === 0) continue;
    const size = elementsOf(memory.type);
    const counted = elements.get(memory.name);
    const onEntry = memory.stores > 0 ? Math.min(initial.get(memory.name) ?? 0, size) : 0;
    const written = memory.stores > 0 ? Math.max(onEntry, counted?.written ?? Math.min(size, memory.stores)) : 0;
    const read = memory.stores > 0 ? onEntry : counted?.read ?? Math.min(size, memory.loads);
    const accesses = read + written;
    if (shared) { sharedAccesses += accesses; continue; }
    const ports = target.memory.arguments.ports * Math.max(1, Math.min(argumentMemories, size));
    const cycles = Math.ceil(accesses / ports);
    const what = onEntry > 0 ? `${onEntry} reads of its values on entry and ${written} writes` : `${accesses} ${memory.stores > 0 ? 'writes' : 'reads'}`;
    if (chained && !memory.noalias) chain.push({ name: memory.name, own: cycles, stores: Math.ceil(written / ports), what });
    if (cycles > interfaceCycles) { interfaceCycles = cycles; interfaceWhy = `${memory.name}: ${what} over ${ports} ports${ports > target.memory.arguments.ports ? ` (partitioned into ${ports / target.memory.arguments.ports} memories)` : ''}`; }
  }
  if (shared) { interfaceCycles = Math.ceil(sharedAccesses / target.memory.arguments.ports); interfaceWhy = `${sharedAccesses} argument accesses over ${target.memory.arguments.ports} shared ports`; }
  const storeCycles = chain.reduce((sum, memory) => sum + memory.stores, 0);
  for (const memory of chain) {
    const cycles = memory.own + storeCycles - memory.stores;
    if (cycles > interfaceCycles) {
      const others = chain.filter((other) => other !== memory && other.stores > 0);
      interfaceCycles = cycles;
      interfaceWhy = `${memory.name}: ${memory.what} over ${target.memory.arguments.ports} ports, after or before the writes of ${others.map((other) => `${other.name} (${other.stores} cycles)`).join(', ')}: arguments that may alias never share a cycle with a store to another`;
    }
  }
  let compute = 0;
  let computeWhy = '';
  for (const [operator, count] of Object.entries(baseline.operations ?? {})) {
    const spec = (target.operators as Record<string, { latency: number; dsp?: number }>)[operator];
    if (!spec?.dsp || !count || dspLimit === undefined) continue;
    const units = Math.floor(dspLimit / spec.dsp);
    const cycles = units === 0 ? Number.POSITIVE_INFINITY : Math.ceil((count * Math.max(1, spec.latency)) / units);
    if (cycles > compute) { compute = cycles; computeWhy = `${count} ${operator} x ${spec.latency} cycles on ${units} units (${dspLimit} DSP)`; }
  }
  const cycles = Math.max(interfaceCycles, compute) + target.function.overhead;
  return { cycles, interface: interfaceCycles, compute, binding: compute > interfaceCycles ? 'compute' : 'interface', detail: compute > interfaceCycles ? computeWhy : interfaceWhy };
}
