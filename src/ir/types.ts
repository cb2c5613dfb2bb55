/** Element types the harness can fill and compare. */
export const SUPPORTED_ELEMENT_TYPES = ['f32', 'f64', 'i8', 'i16', 'i32', 'i64'] as const;
export type ElementType = (typeof SUPPORTED_ELEMENT_TYPES)[number];

export type MlirType =
  | { kind: 'memref' | 'tensor'; shape: Array<number | null>; element: string; layout?: string; text: string }
  | { kind: 'scalar'; element: string; text: string }
  | { kind: 'other'; text: string };

/** Splits `a, b<c, d>, e(f, g)` at the commas that are not nested in brackets. */
export function splitTopLevel(text: string, separator = ','): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    // `->` inside affine maps and function types is not a closing bracket.
    if (ch === '-' && text[i + 1] === '>') {
      current += '->';
      i++;
      continue;
    }
    if ('(<[{'.includes(ch)) depth++;
    else if (')>]}'.includes(ch)) depth--;
    if (ch === separator && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else {
      current += ch;
    }
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

/** Reads `memref<4x?x8xf32, strided<...>>`, `tensor<16xf64>`, `f32`, `index`... */
export function parseType(text: string): MlirType {
  const trimmed = text.trim();
  const shaped = /^(memref|tensor)<(.*)>$/s.exec(trimmed);
  if (shaped) {
    const [head, ...rest] = splitTopLevel(shaped[2]!);
    const dims = head!.split('x');
    const element = dims.pop()!;
    const shape = dims.map((dim) => (dim === '?' ? null : Number(dim)));
    if (shape.some((dim) => dim !== null && !Number.isInteger(dim))) return { kind: 'other', text: trimmed };
    const layout = rest.length > 0 ? rest.join(', ') : undefined;
    return { kind: shaped[1] as 'memref' | 'tensor', shape, element, ...(layout ? { layout } : {}), text: trimmed };
  }
  if (/^(f16|bf16|f32|f64|i\d+|index)$/.test(trimmed)) return { kind: 'scalar', element: trimmed, text: trimmed };
  return { kind: 'other', text: trimmed };
}

export function isSupportedElement(element: string): element is ElementType {
  return (SUPPORTED_ELEMENT_TYPES as readonly string[]).includes(element);
}

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((product, dim) => product * dim, 1);
}
