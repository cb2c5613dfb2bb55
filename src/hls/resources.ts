import type { Memory } from './model-types.js';
import type { OperatorClass, TargetSpec } from './target.js';
import type { ResourceEstimate } from './types.js';

/** Resources: operator instances the schedule needs, their DSPs or area, and the memories. */
export function estimateResources(target: TargetSpec, unitsNeeded: ReadonlyMap<OperatorClass, number>, memories: readonly Memory[]): ResourceEstimate {
  const operators: Partial<Record<OperatorClass, number>> = Object.fromEntries(unitsNeeded);
  const dsp = Object.entries(operators).reduce((sum, [operator, units]) => sum + units * target.operators[operator as OperatorClass].dsp, 0);
  const areas = Object.entries(operators).map(([operator, units]) => (target.operators[operator as OperatorClass].area ?? 0) * units);
  return {
    operators, dsp,
    ...(Object.values(target.operators).some((o) => o.area !== undefined) ? { area: areas.reduce((a, b) => a + b, 0) } : {}),
    memories: memories.map((memory) => ({
      name: memory.name, kind: memory.kind, type: memory.type, bits: memory.bits, ports: memory.ports, loads: memory.loads, stores: memory.stores,
      ...(target.memory.bramBits ? { ramBlocks: memory.kind === 'argument' ? 0 : Math.ceil(memory.bits / target.memory.bramBits) } : {}),
    })),
  };
}
