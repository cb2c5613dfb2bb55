import type { Memory } from './model-types.js';
import { unitBoundCycles, type OperatorClass, type TargetSpec } from './target.js';
import type { LowerBound } from './types.js';

/**
 * Bounds: no schedule of this kernel can take fewer cycles than its busiest port group's accesses over
 * its ports, its busiest functional-unit class's operations over its units, or its dependence chains
 * with unlimited resources (`criticalPath`, computed by the block and loop analysis).
 */
export function lowerBound(target: TargetSpec, memories: readonly Memory[], dynamicOperators: ReadonlyMap<OperatorClass, number>, criticalPath: number): LowerBound {
  const groups = new Map<string, { accesses: number; ports: number }>();
  for (const memory of memories) {
    const group = groups.get(memory.group) ?? { accesses: 0, ports: memory.ports };
    group.accesses += memory.loads + memory.stores;
    groups.set(memory.group, group);
  }
  const memory = Math.max(0, ...[...groups.values()].map((g) => Math.ceil(g.accesses / g.ports)));
  const compute = Math.max(0, ...[...dynamicOperators].map(([operator, count]) => unitBoundCycles(target, operator, count)));
  const cycles = Math.max(compute, memory, criticalPath);
  const binding = cycles === criticalPath ? 'criticalPath' : cycles === memory ? 'memory' : 'compute';
  return { cycles, compute, memory, criticalPath, binding };
}
