import { parseAffineMap, type AffineExpr } from '../ir/affine.js';
import type { GenericOp } from '../ir/generic.js';

/**
 * Static sizes for dynamic memref dimensions where the kernel makes them certain, as Polygeist
 * writes C: `memref<?x30xf64>` arguments indexed by loops with constant bounds. A dimension's size is
 * one more than the largest index any access uses (interval arithmetic over the loop ranges, so
 * triangular bounds and `i + 1` stencil offsets count).
 */
export interface InferredShapes {
  /** By argument position: the full shape, when every dynamic dimension was inferred. */
  shapes: Map<number, number[]>;
  /** Dynamic arguments (by position) with a dimension no access bounds. */
  unknown: Map<number, string>;
}

type Interval = [number, number];

function intervalOf(expr: AffineExpr, dims: Array<Interval | undefined>, symbols: Array<Interval | undefined>): Interval | undefined {
  switch (expr.kind) {
    case 'const': return [expr.value, expr.value];
    case 'dim': return dims[expr.index];
    case 'sym': return symbols[expr.index];
    default: {
      const a = intervalOf(expr.lhs, dims, symbols);
      const b = intervalOf(expr.rhs, dims, symbols);
      if (!a || !b) return undefined;
      switch (expr.kind) {
        case 'add': return [a[0] + b[0], a[1] + b[1]];
        case 'mul': {
          const products = [a[0] * b[0], a[0] * b[1], a[1] * b[0], a[1] * b[1]];
          return [Math.min(...products), Math.max(...products)];
        }
        case 'floordiv': return b[0] === b[1] && b[0] > 0 ? [Math.floor(a[0] / b[0]), Math.floor(a[1] / b[0])] : undefined;
        case 'ceildiv': return b[0] === b[1] && b[0] > 0 ? [Math.ceil(a[0] / b[0]), Math.ceil(a[1] / b[0])] : undefined;
        case 'mod': return b[0] === b[1] && b[0] > 0 ? [0, b[0] - 1] : undefined;
      }
    }
  }
}

/** Range of a map's results (min of lower bounds, max of upper bounds over its results). */
function mapRange(mapText: string | undefined, operands: Array<Interval | undefined>, which: 'min' | 'max'): number | undefined {
  if (!mapText) return undefined;
  const parsed = parseAffineMap(mapText);
  const dims = operands.slice(0, parsed.dims);
  const symbols = operands.slice(parsed.dims);
  const ranges = parsed.results.map((r) => intervalOf(r, dims, symbols));
  if (ranges.length === 0 || ranges.some((r) => r === undefined)) return undefined;
  // A lower bound is the max of its results, an upper bound the min: take the extreme that is certain.
  return which === 'min' ? Math.max(...ranges.map((r) => r![0])) : Math.min(...ranges.map((r) => r![1]));
}

function segments(op: GenericOp): number[] {
  return (/array<i32:\s*([^>]*)>/.exec(op.properties.get('operandSegmentSizes') ?? '')?.[1] ?? '').split(',').map((s) => Number(s.trim())).filter((n) => !Number.isNaN(n));
}

function constantValue(op: GenericOp): number | undefined {
  const match = /^(-?\d+)\s*:\s*(index|i\d+)$/.exec((op.properties.get('value') ?? '').trim());
  return match ? Number(match[1]) : undefined;
}

function parseShape(type: string): Array<number | null> | undefined {
  const match = /^memref<([^>]*)>$/.exec(type.trim());
  if (!match) return undefined;
  const parts = match[1]!.split('x');
  parts.pop();
  return parts.map((p) => (p === '?' ? null : Number(p)));
}

/** Infers the dynamic argument sizes of `fn` (printed in generic form). */
export function inferShapes(fn: GenericOp, scalars: Map<number, number> = new Map()): InferredShapes {
  const block = fn.regions[0]?.[0];
  const args = block?.arguments ?? [];
  const argIndex = new Map(args.map((a, i) => [a.name, i]));
  const dynamic = new Map<number, Array<number | null>>();
  args.forEach((a, i) => { const shape = parseShape(a.type); if (shape?.includes(null)) dynamic.set(i, shape); });
  const largest = new Map<number, Array<number | undefined>>();
  const unbounded = new Map<number, Set<number>>();
  const ranges = new Map<string, Interval>();
  for (const [position, value] of scalars) if (args[position]) ranges.set(args[position]!.name, [value, value]);

  const access = (memref: string, indices: Array<Interval | undefined>) => {
    const position = argIndex.get(memref);
    if (position === undefined || !dynamic.has(position)) return;
    const shape = dynamic.get(position)!;
    const seen = largest.get(position) ?? shape.map(() => undefined);
    shape.forEach((dim, d) => {
      if (dim !== null) return;
      const range = indices[d];
      if (!range) unbounded.set(position, (unbounded.get(position) ?? new Set()).add(d));
      else seen[d] = Math.max(seen[d] ?? 0, range[1] + 1);
    });
    largest.set(position, seen);
  };

  const visit = (op: GenericOp) => {
    if (op.name === 'arith.constant') {
      const value = constantValue(op);
      if (value !== undefined && op.results[0]) ranges.set(op.results[0], [value, value]);
    } else if (/^arith\.(index_cast|index_castui|extsi|extui|trunci)$/.test(op.name)) {
      const range = ranges.get(op.operands[0] ?? '');
      if (range && op.results[0]) ranges.set(op.results[0], range);
    } else if (op.name === 'affine.for') {
      const [lbCount = 0, ubCount = 0] = segments(op);
      const operandRanges = op.operands.map((o) => ranges.get(o));
      const lo = mapRange(op.properties.get('lowerBoundMap'), operandRanges.slice(0, lbCount), 'min');
      const hi = mapRange(op.properties.get('upperBoundMap'), operandRanges.slice(lbCount, lbCount + ubCount), 'max');
      const iv = op.regions[0]?.[0]?.arguments[0]?.name;
      if (iv && lo !== undefined && hi !== undefined && hi > lo) ranges.set(iv, [lo, hi - 1]);
    } else if (op.name === 'scf.for') {
      const [lb, ub] = [ranges.get(op.operands[0] ?? ''), ranges.get(op.operands[1] ?? '')];
      const iv = op.regions[0]?.[0]?.arguments[0]?.name;
      if (iv && lb && ub && ub[1] > lb[0]) ranges.set(iv, [lb[0], ub[1] - 1]);
    } else if (op.name === 'affine.load' || op.name === 'affine.store') {
      const at = op.name === 'affine.load' ? 0 : 1;
      const mapText = op.properties.get('map');
      const operands = op.operands.slice(at + 1).map((o) => ranges.get(o));
      const parsed = mapText ? parseAffineMap(mapText) : undefined;
      const indices = parsed ? parsed.results.map((r) => intervalOf(r, operands.slice(0, parsed.dims), operands.slice(parsed.dims))) : operands;
      access(op.operands[at]!, indices);
    } else if (op.name === 'memref.load' || op.name === 'memref.store') {
      const at = op.name === 'memref.load' ? 0 : 1;
      access(op.operands[at]!, op.operands.slice(at + 1).map((o) => ranges.get(o)));
    }
    for (const region of op.regions) for (const nested of region) for (const inner of nested.ops) visit(inner);
  };
  for (const op of block?.ops ?? []) visit(op);

  const shapes = new Map<number, number[]>();
  const unknown = new Map<number, string>();
  for (const [position, shape] of dynamic) {
    const seen = largest.get(position);
    const full = shape.map((dim, d) => dim ?? (unbounded.get(position)?.has(d) ? undefined : seen?.[d]));
    if (full.every((d) => d !== undefined)) shapes.set(position, full as number[]);
    else unknown.set(position, args[position]!.type);
  }
  return { shapes, unknown };
}
