import type { Memory } from './model-types.js';
import type { OperatorClass, TargetSpec } from './target.js';
import type { ResourceEstimate } from './types.js';

/**
 * Resources of a schedule: operator instances (the most in flight at once, or shared over a pipelined
 * loop's II) with their DSPs, LUTs and flip-flops or area; the finite-state machine (one state per
 * control step); the multiplexers in front of shared units and memories (one input per operation and
 * access in the schedule's text, with its result register); memory ports; block RAMs; power from what toggles.
 * The coefficients are the target's (`resources`), calibrated on SODA's Vivado figures (npm run bench).
 */
export interface ResourceInputs {
  unitsNeeded: ReadonlyMap<OperatorClass, number>;
  memories: readonly Memory[];
  /** Control steps of the schedule, each static segment and pipelined body counted once. */
  states: number;
  /** Memory ports the datapath drives (each accessed port group's ports). */
  portsInUse: number;
  /** Operations and memory accesses of the schedule, each static occurrence once: the inputs the datapath's multiplexers select. */
  operations?: number;
  accesses?: number;
}

export function estimateResources(target: TargetSpec, inputs: ResourceInputs): ResourceEstimate {
  const operators: Partial<Record<OperatorClass, number>> = Object.fromEntries(inputs.unitsNeeded);
  const perUnit = (field: 'dsp' | 'lut' | 'ff' | 'area') => Object.entries(operators)
    .reduce((sum, [operator, units]) => sum + units * (target.operators[operator as OperatorClass][field] ?? 0), 0);
  const dsp = perUnit('dsp');
  const model = target.resources;
  const memories = inputs.memories.map((memory) => ({
    name: memory.name, kind: memory.kind, type: memory.type, bits: memory.bits, ports: memory.ports, loads: memory.loads, stores: memory.stores,
    // Bambu's ALL_BRAM policy places every array the kernel allocates (locals, globals) in block RAM. The
    // arrays behind pointer arguments are not the accelerator's: they sit behind its memory interface
    // (Bambu's log for SODA's tutorial kernel, three array arguments: "Internally allocated memory: 0"),
    // so they cost ports and cycles but no BRAM of the design: a model's weights do not fill the device.
    ...(memory.register ? { register: true } : {}),
    ...(memory.noalias ? { noalias: true } : {}),
    // With the no-bram policy (Bambu's NO_BRAM) the kernel's buffers are behind the interface too.
    ...(target.memory.bramBits && !memory.register && memory.kind !== 'argument' && target.memory.policy !== 'no-bram'
      ? { ramBlocks: Math.max(1, Math.ceil(memory.bits / target.memory.bramBits)) } : {}),
  }));
  const hasArea = Object.values(target.operators).some((o) => o.area !== undefined);
  const result: ResourceEstimate = {
    operators, dsp, memories, states: inputs.states,
    ...(inputs.operations !== undefined ? { staticOperations: inputs.operations } : {}),
    ...(inputs.accesses !== undefined ? { staticAccesses: inputs.accesses } : {}),
  };
  if (hasArea) {
    const localBits = inputs.memories.filter((m) => m.kind !== 'argument').reduce((sum, m) => sum + m.bits, 0);
    result.area = Math.round(perUnit('area') + (model ? model.baseAreaUm2 + model.areaPerStateUm2 * inputs.states + model.sramAreaPerBitUm2 * localBits : 0));
  }
  if (model && target.memory.bramBits) {
    const lut = Math.round(model.baseLut + perUnit('lut') + model.lutPerState * inputs.states + model.lutPerPort * inputs.portsInUse
      + model.lutPerOperation * (inputs.operations ?? 0) + model.lutPerAccess * (inputs.accesses ?? 0));
    const bram18 = memories.reduce((sum, m) => sum + (m.ramBlocks ?? 0), 0);
    result.lut = lut;
    // A register file costs one flip-flop per bit (register-files.ts) instead of block RAM.
    const registerBits = inputs.memories.filter((m) => m.registerFile).reduce((sum, m) => sum + m.bits, 0);
    result.ff = Math.round(perUnit('ff') + model.ffPerLut * lut + registerBits);
    result.bram18 = bram18;
    result.power = round3(model.staticPowerW + model.powerPerLutW * lut + model.powerPerDspW * dsp + model.powerPerBramW * bram18);
  } else if (model && result.area !== undefined) {
    result.power = round5(model.staticPowerW + model.powerPerAreaW * result.area);
  }
  const capacity = target.capacity;
  if (capacity) {
    const share = (used: number | undefined, cap: number | undefined) => (used !== undefined && cap ? Math.round((used / cap) * 10000) / 10000 : undefined);
    const utilization = {
      lut: share(result.lut, capacity.lut), ff: share(result.ff, capacity.ff), dsp: share(dsp, capacity.dsp),
      bram18: share(result.bram18, capacity.bram18), area: share(result.area, capacity.areaUm2),
    };
    result.utilization = Object.fromEntries(Object.entries(utilization).filter(([, v]) => v !== undefined));
  }
  return result;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
/** ASIC power is a tenth of a watt: three decimals would hide every change. */
const round5 = (x: number) => Math.round(x * 100000) / 100000;
