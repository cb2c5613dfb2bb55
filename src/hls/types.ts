import type { SourceLocation } from '../ir/generic.js';
import type { OperatorClass, TargetSpec } from './target.js';

/** One loop of the estimated kernel, as the breakdown reports it. */
export interface LoopEstimate {
  /** `L2.1`: the first loop inside the second top-level loop. */
  id: string;
  /** `affine.for %k`, with the induction variable's name from the source where it has one. */
  label: string;
  location?: SourceLocation;
  depth: number;
  tripCount: number;
  /** False when a bound depends on an outer loop (tiles with `min` bounds): the first iteration's count is used. */
  tripCountExact: boolean;
  /** How many times the loop is entered over the whole kernel. */
  executions: number;
  pipelined: boolean;
  /** Initiation interval of a pipelined loop; null when not pipelined. */
  ii: number | null;
  iterationLatency: number;
  /** Cycles of one execution of the loop. */
  cycles: number;
  /** cycles * executions. */
  totalCycles: number;
  /** What limits this loop, in words a person and a model can act on. */
  bottleneck: string;
  /**
   * The HLS tool's front end fully unrolls this loop (the target's `frontend.fullUnrollThreshold`): it is
   * still the schedule's loop (its id addresses it), but its copies run in the enclosing code, whose cycles hold its time.
   */
  unrolledByFrontEnd?: boolean;
  /** A pipelined loop's operator instances (shared over its II): what its datapath costs alone. */
  units?: Partial<Record<OperatorClass, number>>;
}

export interface Bottleneck {
  /** Loop id, or null for straight-line code in the function body. */
  loop: string | null;
  location?: SourceLocation;
  totalCycles: number;
  /** Fraction of the kernel's cycles. */
  share: number;
  message: string;
}

export interface MemoryEstimate {
  name: string;
  kind: 'argument' | 'local' | 'global';
  type: string;
  bits: number;
  ports: number;
  /** Dynamic counts over the whole kernel. */
  loads: number;
  stores: number;
  /** On-chip RAM blocks (FPGA targets that give `bramBits`). */
  ramBlocks?: number;
  /** A scalar buffer kept in a register (no RAM, no port limit). */
  register?: boolean;
  /** An argument marked llvm.noalias: outside the dependence chain of arguments that may alias. */
  noalias?: boolean;
}

export interface ResourceEstimate {
  /** Operator instances: the most started in one cycle, or shared over a pipelined loop's II. */
  operators: Partial<Record<OperatorClass, number>>;
  dsp: number;
  /** um^2 of operators, for targets that give per-operator area (and, with a resource model, control and SRAM). */
  area?: number;
  /** FPGA targets with a resource model: LUTs, flip-flops, 18 Kb block RAMs, power in W. */
  lut?: number;
  ff?: number;
  bram18?: number;
  /** W (FPGA: static + dynamic; ASIC: from area). */
  power?: number;
  /** Finite-state-machine states of the schedule (control steps), counted once per static occurrence. */
  states?: number;
  /** Operations and memory accesses in the schedule's text (an unrolled body counts each copy; a loop body once). */
  staticOperations?: number;
  staticAccesses?: number;
  /** Share of the device's capacity, 0..1, for each resource the target gives a capacity for. */
  utilization?: Partial<Record<'lut' | 'ff' | 'dsp' | 'bram18' | 'area', number>>;
  memories: MemoryEstimate[];
}

export interface LowerBound {
  cycles: number;
  /** Dynamic operator count over functional-unit limits. */
  compute: number;
  /** Dynamic memory accesses over ports, for the busiest memory. */
  memory: number;
  /**
   * Dependence chains alone, with unlimited ports and units and every innermost loop pipelined at its
   * recurrence limit: iteration critical paths plus loop-carried recurrences.
   */
  criticalPath: number;
  binding: 'compute' | 'memory' | 'criticalPath';
}

export interface Estimate {
  backend: 'analytic' | 'bambu';
  target: string;
  function: string;
  cycles: number;
  lowerBound: number;
  lowerBoundDetail?: LowerBound;
  clockNs: number;
  timeNs: number;
  loops: LoopEstimate[];
  bottlenecks: Bottleneck[];
  resources: ResourceEstimate;
  /** Assumptions the estimate made (unknown ops, approximated trip counts, ignored pipeline marks). */
  notes: string[];
  /** Operations executed, by operator class, over the whole run (analytic backend). */
  operations?: Partial<Record<string, number>>;
}

export interface EstimateOptions {
  /** Function to estimate; default: the only public function. */
  func?: string;
  schedule?: string;
  timeoutMs?: number;
}

/** A way to get cycles for a kernel: the analytic model, Bambu, or anything else with the same contract. */
export interface LatencyBackend {
  readonly name: 'analytic' | 'bambu';
  estimate(kernelPath: string, target: TargetSpec, options?: EstimateOptions): Promise<Estimate>;
}
