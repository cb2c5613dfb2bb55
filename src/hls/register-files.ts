import { isConstantForm } from '../ir/affine.js';
import { walk, type GenericOp } from '../ir/generic.js';
import { SourceNames } from './explain.js';
import type { TargetSpec } from './target.js';
import { ValueTable } from './values.js';

/**
 * Register files: a local buffer (memref.alloc or memref.alloca) whose every access has a constant
 * address, as after a tile is fully unrolled, is split by the HLS front end's LLVM (SROA, then mem2reg)
 * into one scalar per element: registers, not a RAM. It has no port limit and costs flip-flops, not
 * block RAM. A buffer with any other use (a view, a call, a non-affine index) stays a memory.
 *
 * Returns the SSA names of those buffers in `fn`; a pre-pass over the whole function, because the
 * model schedules each access as it meets it and must know the memory's ports before the first one.
 */
export const REGISTER_FILE_MAX_ELEMENTS = 4096;

const BENIGN_USES = new Set(['memref.dealloc']);

export function constantAddressBuffers(fn: GenericOp, target: TargetSpec): Set<string> {
  const values = new ValueTable(target, new SourceNames({}), new Set());
  const candidates = new Map<string, boolean>();
  walk(fn, (op) => {
    if ((op.name === 'memref.alloc' || op.name === 'memref.alloca') && op.operands.length === 0 && op.results[0]) {
      const elements = (/^memref<([\dx]+)x[a-z]/.exec(op.resultTypes[0] ?? '')?.[1] ?? '').split('x').reduce((p, d) => p * Number(d), 1);
      candidates.set(op.results[0], elements > 1 && elements <= REGISTER_FILE_MAX_ELEMENTS);
      return;
    }
    values.define(op);
    const isLoad = op.name === 'affine.load' || op.name === 'memref.load';
    const isStore = op.name === 'affine.store' || op.name === 'memref.store';
    op.operands.forEach((operand, position) => {
      if (!candidates.get(operand)) return;
      const asMemref = (isLoad && position === 0) || (isStore && position === 1);
      if (BENIGN_USES.has(op.name)) return;
      if (!asMemref) { candidates.set(operand, false); return; }
      const { address } = values.access(op, isLoad ? 'load' : 'store');
      if (!address || !address.every(isConstantForm)) candidates.set(operand, false);
    });
  });
  return new Set([...candidates].filter(([, ok]) => ok).map(([name]) => name));
}
