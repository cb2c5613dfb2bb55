import type { GenericOp } from '../ir/generic.js';
import type { OperatorClass } from './target.js';

/**
 * What each MLIR op becomes in hardware: a memory access, an operator of some class, or wiring
 * (constants, index arithmetic folded into address generation, casts that only rename bits).
 */
export type OpKind =
  | { kind: 'load' | 'store' }
  | { kind: 'operator'; operator: OperatorClass }
  | { kind: 'free' }
  | { kind: 'unknown' };

const FLOAT_OPERATORS: Record<string, OperatorClass> = {
  'arith.addf': 'fadd', 'arith.subf': 'fadd',
  'arith.mulf': 'fmul',
  'arith.divf': 'fdiv', 'arith.remf': 'fdiv',
  'arith.cmpf': 'fcmp', 'arith.maximumf': 'fcmp', 'arith.minimumf': 'fcmp', 'arith.maxnumf': 'fcmp', 'arith.minnumf': 'fcmp',
  'arith.sitofp': 'fconvert', 'arith.uitofp': 'fconvert', 'arith.fptosi': 'fconvert', 'arith.fptoui': 'fconvert',
  'arith.extf': 'fconvert', 'arith.truncf': 'fconvert',
};

const INTEGER_OPERATORS: Record<string, OperatorClass> = {
  'arith.addi': 'iadd', 'arith.subi': 'iadd',
  'arith.muli': 'imul',
  'arith.divsi': 'idiv', 'arith.divui': 'idiv', 'arith.remsi': 'idiv', 'arith.remui': 'idiv',
  'arith.ceildivsi': 'idiv', 'arith.floordivsi': 'idiv', 'arith.ceildivui': 'idiv',
  'arith.cmpi': 'icmp', 'arith.maxsi': 'icmp', 'arith.minsi': 'icmp', 'arith.maxui': 'icmp', 'arith.minui': 'icmp',
  'arith.andi': 'ilogic', 'arith.ori': 'ilogic', 'arith.xori': 'ilogic',
  'arith.shli': 'ilogic', 'arith.shrsi': 'ilogic', 'arith.shrui': 'ilogic',
  'arith.select': 'select',
};

/** Ops that are wiring in hardware: no operator, no cycle. */
const FREE_OPS = new Set([
  'arith.constant', 'arith.index_cast', 'arith.index_castui', 'arith.extsi', 'arith.extui', 'arith.trunci', 'arith.bitcast',
  'arith.negf', 'math.absf', 'math.copysign',
  'affine.apply', 'affine.min', 'affine.max', 'affine.yield', 'scf.yield', 'func.return',
  'memref.dim', 'memref.alloc', 'memref.alloca', 'memref.dealloc', 'memref.get_global', 'memref.cast', 'memref.subview',
  'memref.reinterpret_cast', 'memref.expand_shape', 'memref.collapse_shape', 'memref.extract_strided_metadata',
  'memref.assume_alignment', 'ub.poison', 'llvm.mlir.zero', 'llvm.mlir.undef', 'llvm.mlir.poison',
]);

const INDEX_ARITHMETIC = new Set(['arith.addi', 'arith.subi', 'arith.muli', 'arith.divsi', 'arith.divui', 'arith.remsi', 'arith.remui',
  'arith.floordivsi', 'arith.ceildivsi', 'arith.andi', 'arith.ori', 'arith.xori', 'arith.shli', 'arith.shrsi', 'arith.shrui',
  'arith.cmpi', 'arith.maxsi', 'arith.minsi', 'arith.select']);

export function classifyOp(op: GenericOp): OpKind {
  const name = op.name;
  if (name === 'affine.load' || name === 'memref.load') return { kind: 'load' };
  if (name === 'affine.store' || name === 'memref.store') return { kind: 'store' };
  if (FREE_OPS.has(name)) return { kind: 'free' };
  // Loop counters and addresses are computed by small adders beside the datapath, in the same cycle.
  if (INDEX_ARITHMETIC.has(name) && op.resultTypes.every((type) => type === 'index')) return { kind: 'free' };
  const float = FLOAT_OPERATORS[name];
  if (float) return { kind: 'operator', operator: float };
  const integer = INTEGER_OPERATORS[name];
  if (integer) return { kind: 'operator', operator: integer };
  if (name.startsWith('math.')) return { kind: 'operator', operator: 'fmath' };
  return { kind: 'unknown' };
}

/** `arith.addf` -> `addf`: short names for bottleneck messages. */
export function shortName(opName: string): string {
  return opName.replace(/^(arith|math|affine|memref)\./, '');
}
