/**
 * A small SSA text builder for the frontend-style fixtures: fresh value names, tensor types, the
 * elementwise `linalg.generic` every frontend prints, and deterministic weight constants.
 */
export const t = (shape: number[], element = 'f32') => `tensor<${shape.join('x')}x${element}>`;
export const m = (shape: number[], element = 'f32') => `memref<${shape.join('x')}x${element}>`;

export function dims(rank: number): string[] {
  return Array.from({ length: rank }, (_, i) => `d${i}`);
}

/** `affine_map<(d0, d1, d2, d3) -> (d1)>` */
export function map(rank: number, results: Array<string | number>): string {
  return `affine_map<(${dims(rank).join(', ')}) -> (${results.map((r) => (typeof r === 'number' ? `d${r}` : r)).join(', ')})>`;
}

export const identity = (rank: number) => map(rank, dims(rank));
export const iterators = (kinds: string[]) => `[${kinds.map((k) => `"${k}"`).join(', ')}]`;
export const parallel = (rank: number) => iterators(Array(rank).fill('parallel'));

/** Deterministic small values in [-0.5, 0.5) for dense weight constants. */
export function values(count: number, seed: number): string[] {
  let state = seed >>> 0;
  return Array.from({ length: count }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return ((state / 2 ** 32) - 0.5).toFixed(4);
  });
}

export class Body {
  private counter = 0;
  readonly lines: string[] = [];
  readonly constants = new Map<string, string>();

  fresh(stem = 'v'): string {
    return `%${stem}${this.counter++}`;
  }

  push(line: string): void {
    this.lines.push(`    ${line}`);
  }

  /** A scalar constant, defined once at the top of the function. */
  scalar(value: string, type: string): string {
    const key = `${value}:${type}`;
    let name = this.constants.get(key);
    if (!name) {
      name = `%cst_${this.constants.size}`;
      this.constants.set(key, name);
    }
    return name;
  }

  constantLines(): string[] {
    return [...this.constants].map(([key, name]) => {
      const [value, type] = key.split(':') as [string, string];
      return `    ${name} = arith.constant ${value} : ${type}`;
    });
  }

  empty(type: string): string {
    const name = this.fresh('empty');
    this.push(`${name} = tensor.empty() : ${type}`);
    return name;
  }

  fill(value: string, element: string, type: string): string {
    const out = this.empty(type);
    const name = this.fresh('fill');
    this.push(`${name} = linalg.fill ins(${this.scalar(value, element)} : ${element}) outs(${out} : ${type}) -> ${type}`);
    return name;
  }

  /**
   * An elementwise or reducing `linalg.generic`: `inputs` with their maps, an output (a fresh
   * tensor.empty unless given), and the body as lines over the block arguments %in0.. and %out.
   */
  generic(spec: {
    inputs: Array<{ value: string; type: string; map: string; element?: string }>;
    output: { type: string; map: string; element?: string; init?: string };
    iterators: string;
    body: (args: string[], out: string) => string[];
  }): string {
    const init = spec.output.init ?? this.empty(spec.output.type);
    const name = this.fresh('gen');
    const args = spec.inputs.map((_, i) => `%in${i}`);
    const blockArgs = [...spec.inputs.map((input, i) => `${args[i]}: ${input.element ?? 'f32'}`), `%out: ${spec.output.element ?? 'f32'}`];
    const ins = spec.inputs.length ? ` ins(${spec.inputs.map((i) => i.value).join(', ')} : ${spec.inputs.map((i) => i.type).join(', ')})` : '';
    this.push(`${name} = linalg.generic {indexing_maps = [${[...spec.inputs.map((i) => i.map), spec.output.map].join(', ')}], iterator_types = ${spec.iterators}}${ins} outs(${init} : ${spec.output.type}) {`);
    this.lines.push(`    ^bb0(${blockArgs.join(', ')}):`);
    for (const line of spec.body(args, '%out')) this.lines.push(`      ${line}`);
    this.push(`} -> ${spec.output.type}`);
    return name;
  }
}
