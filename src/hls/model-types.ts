import type { LinearForm } from '../ir/affine.js';
import type { GenericOp } from '../ir/generic.js';
import type { OpKind } from './operations.js';
import type { LoopEstimate, MemoryEstimate } from './types.js';

/** The analytic model's working records: memories, known values, placed ops, schedules of straight-line code. */

export interface Memory {
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
  /** An argument marked llvm.noalias: may-alias arguments do not wait for its accesses, nor it for theirs. */
  noalias?: boolean;
  /** A scalar buffer (rank 0 or one element, memref.alloca) that the front end keeps in a register: no RAM, no port. */
  register?: boolean;
  /** A buffer of several elements, each kept in its own register (every access at a constant address). */
  registerFile?: boolean;
}

export interface ValueInfo {
  constant?: number;
  form?: LinearForm;
  memory?: Memory;
  /** The value is a view (subview, reinterpret_cast) of `memory`: its indices are not the memory's. */
  view?: boolean;
}

/** One op placed in a straight-line schedule. */
export interface Placed {
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

export interface SegmentSchedule {
  placed: Placed[];
  /** Dependence edges into each placed op: wait for `from` to finish, or (afterStart) to start. */
  preds: Array<Array<{ from: number; afterStart: boolean }>>;
  makespan: number;
  makespanLb: number;
}

export interface BlockResult {
  latency: number;
  latencyLb: number;
  /** Set when the block is one straight-line segment (an innermost loop body). */
  segment?: SegmentSchedule;
  innerLoops: LoopEstimate[];
}

export interface Recurrence {
  delay: number;
  distance: number;
  through: string;
  chain: string;
}
export class Counter<K> extends Map<K, number> {
  add(key: K, amount: number): void { this.set(key, (this.get(key) ?? 0) + amount); }
  raise(key: K, value: number): void { if (value > (this.get(key) ?? 0)) this.set(key, value); }
}
