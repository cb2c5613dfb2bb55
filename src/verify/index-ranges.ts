import { moduleFunctions, parseGenericModule, symbolName, walk, type GenericOp } from '../ir/generic.js';

/**
 * Integer arguments that feed indices (an embedding gather by token id): the values a run may take
 * are [0, N) where N is the size of the gathered dimension. Read from the function on memrefs, in
 * generic form: an integer element of the argument (loaded, or a linalg block argument bound to it)
 * cast to `index` and used as an index of a load whose dimension is static. By argument position.
 */
export function inferIndexRanges(printedGeneric: string, functionName: string): Map<number, [number, number]> {
  const fn = moduleFunctions(parseGenericModule(printedGeneric)).find((f) => symbolName(f) === functionName);
  const ranges = new Map<number, [number, number]>();
  if (!fn) return ranges;
  const args = fn.regions[0]?.[0]?.arguments ?? [];
  const position = new Map(args.map((a, i) => [a.name, i]));
  const source = new Map<string, number>(); // value -> argument whose element it is
  const staticShape = new Map<string, Array<number | null>>();
  const shapeOf = (type: string) => /^memref<([^>]*)>$/.exec(type.trim())?.[1]?.split('x').slice(0, -1).map((d) => (d === '?' ? null : Number(d)));
  args.forEach((a) => { const shape = shapeOf(a.type); if (shape) staticShape.set(a.name, shape); });
  walk(fn, (op: GenericOp) => {
    op.results.forEach((r, i) => { const shape = shapeOf(op.resultTypes[i] ?? ''); if (shape) staticShape.set(r, shape); });
    if (op.name === 'linalg.generic') {
      const block = op.regions[0]?.[0];
      op.operands.forEach((operand, i) => { const at = position.get(operand); const arg = block?.arguments[i]; if (at !== undefined && arg) source.set(arg.name, at); });
    } else if ((op.name === 'memref.load' || op.name === 'affine.load') && position.has(op.operands[0]!)) {
      if (op.results[0]) source.set(op.results[0], position.get(op.operands[0]!)!);
    } else if (/^arith\.(index_cast|index_castui|extsi|extui|trunci)$/.test(op.name) && source.has(op.operands[0] ?? '')) {
      if (op.results[0]) source.set(op.results[0], source.get(op.operands[0]!)!);
    }
  });
  walk(fn, (op: GenericOp) => {
    if (op.name !== 'memref.load' && op.name !== 'memref.store') return;
    const at = op.name === 'memref.load' ? 0 : 1;
    const shape = staticShape.get(op.operands[at] ?? '');
    op.operands.slice(at + 1).forEach((index, d) => {
      const arg = source.get(index);
      const size = shape?.[d];
      if (arg === undefined || size === null || size === undefined || !/i\d+>$/.test(args[arg]!.type)) return;
      const known = ranges.get(arg);
      ranges.set(arg, [0, Math.min(known?.[1] ?? size, size)]);
    });
  });
  return ranges;
}
