import { HlschedError } from '../errors.js';
import {
  addForms, constantForm, evaluateAffine, isConstantForm, linearizeAffine, parseAffineMap, variableForm, type LinearForm,
} from '../ir/affine.js';
import type { GenericOp } from '../ir/generic.js';
import { parseType } from '../ir/types.js';
import { formatLocation, type SourceNames } from './explain.js';
import type { Memory, ValueInfo } from './model-types.js';
import type { TargetSpec } from './target.js';

/**
 * Value forms and memories: what the model knows about each SSA value of a function (a constant, an
 * affine form of induction variables, a memory or a view of one), the memories themselves, and the
 * loop bounds those values give.
 */

function bitsOf(element: string): number {
  const match = /^[fi](\d+)$/.exec(element);
  if (match) return Number(match[1]);
  return element === 'index' ? 64 : 32;
}

/** Most combinations of enclosing loop values enumerated for one non-rectangular trip count. */
const ENUMERATION_LIMIT = 100_000;

/** Accesses per cycle of a register: as many as the datapath wants. */
export const REGISTER_PORTS = 1_000_000;

export class ValueTable {
  private readonly values = new Map<string, ValueInfo>();
  private readonly ivLower = new Map<string, number>();
  /** The loop of each induction variable in scope, to enumerate non-rectangular nests. */
  private readonly ivLoop = new Map<string, GenericOp>();
  /** affine.min/max results: evaluated where they are needed, at given induction-variable values. */
  private readonly lazy = new Map<string, { map: string; operands: string[]; min: boolean }>();
  readonly memories: Memory[] = [];
  /** Local buffers accessed only at constant addresses (register-files.ts): registers, not RAMs. */
  registerFiles: ReadonlySet<string> = new Set();
  private localCount = 0;

  constructor(private readonly target: TargetSpec, private readonly names: SourceNames, private readonly notes: Set<string>) {}

  /** Records an induction variable's loop and first value (what a bound is taken at when it is not enumerated). */
  setLower(iv: string, lower: number, loop?: GenericOp): void {
    this.ivLower.set(iv, lower);
    if (loop) this.ivLoop.set(iv, loop);
  }


  info(name: string): ValueInfo {
    return this.values.get(name) ?? {};
  }

  formOf(name: string): LinearForm {
    const info = this.info(name);
    if (info.form) return info.form;
    if (info.constant !== undefined) return constantForm(info.constant);
    return variableForm(name);
  }

  /**
   * A value's number where it is known: a constant, or a function of induction variables taken at
   * `at` (an assignment being enumerated) or else at their loops' first iterations.
   */
  numberOf(name: string, at?: ReadonlyMap<string, number>): number | undefined {
    const info = this.info(name);
    if (info.constant !== undefined) return info.constant;
    const assigned = at?.get(name) ?? this.ivLower.get(name);
    if (assigned !== undefined) return assigned;
    const lazy = this.lazy.get(name);
    if (lazy) {
      const map = parseAffineMap(lazy.map);
      const numbers = lazy.operands.map((operand) => this.numberOf(operand, at));
      const values = map.results.map((expr) => evaluateAffine(expr, numbers.slice(0, map.dims), numbers.slice(map.dims)));
      if (values.length === 0 || values.some((v) => v === undefined)) return undefined;
      return lazy.min ? Math.min(...(values as number[])) : Math.max(...(values as number[]));
    }
    if (info.form) {
      let value = info.form.constant;
      for (const [variable, coefficient] of info.form.coefficients) {
        const known = this.numberOf(variable, at);
        if (known === undefined) return undefined;
        value += coefficient * known;
      }
      return value;
    }
    return undefined;
  }

  /** The induction variables in scope that a value depends on (through forms and min/max). */
  private dependsOn(name: string, into: Set<string>): void {
    if (this.ivLoop.has(name)) { into.add(name); return; }
    const lazy = this.lazy.get(name);
    if (lazy) for (const operand of lazy.operands) this.dependsOn(operand, into);
    const form = this.info(name).form;
    if (form) for (const variable of form.coefficients.keys()) this.dependsOn(variable, into);
  }

  addMemory(key: string, kind: Memory['kind'], type: string, name: string): Memory {
    const parsed = parseType(type);
    const shape = parsed.kind === 'memref' ? parsed.shape : [];
    const element = parsed.kind === 'memref' ? parsed.element : 'f32';
    const elements = shape.reduce<number>((product, dim) => product * (dim ?? 1), 1);
    // NO_BRAM: the kernel's own buffers sit behind the memory interface, as the argument arrays do.
    const external = kind === 'argument' || this.target.memory.policy === 'no-bram';
    const spec = external ? this.target.memory.arguments : this.target.memory.local;
    const shared = kind === 'argument' && this.target.memory.arguments.sharing === 'shared';
    const memory: Memory = {
      key, name, kind, type, bits: elements * bitsOf(element),
      group: shared ? 'arguments' : key, ports: spec.ports,
      readLatency: spec.readLatency, writeLatency: spec.writeLatency, loads: 0, stores: 0,
    };
    this.memories.push(memory);
    this.values.set(key, { memory });
    return memory;
  }

  define(op: GenericOp): void {
    const result = op.results[0];
    if (result === undefined) return;
    switch (op.name) {
      case 'arith.constant': {
        const match = /^(-?\d+) : (index|i\d+)$/.exec(op.properties.get('value') ?? '');
        if (match) this.values.set(result, { constant: Number(match[1]) });
        else if (op.properties.get('value') === 'true : i1') this.values.set(result, { constant: 1 });
        return;
      }
      case 'affine.apply': {
        const map = parseAffineMap(op.properties.get('map') ?? '');
        const forms = op.operands.map((operand) => this.formOf(operand));
        const form = linearizeAffine(map.results[0]!, forms.slice(0, map.dims), forms.slice(map.dims));
        if (form) this.values.set(result, isConstantForm(form) ? { constant: form.constant, form } : { form });
        return;
      }
      case 'affine.min': case 'affine.max': {
        // Only bounds need these: evaluated where a bound is, at the enclosing loops' values.
        const lazy = { map: op.properties.get('map') ?? '', operands: [...op.operands], min: op.name === 'affine.min' };
        const deps = new Set<string>();
        for (const operand of op.operands) this.dependsOn(operand, deps);
        if (deps.size === 0) {
          this.lazy.set(result, lazy);
          const value = this.numberOf(result);
          this.lazy.delete(result);
          if (value !== undefined) this.values.set(result, { constant: value });
        } else {
          this.lazy.set(result, lazy);
        }
        return;
      }
      case 'arith.addi': case 'arith.subi': case 'arith.muli': {
        const [a, b] = op.operands.map((operand) => this.formOf(operand));
        if (!a || !b) return;
        let form: LinearForm | undefined;
        if (op.name === 'arith.addi') form = addForms(a, b);
        else if (op.name === 'arith.subi') form = addForms(a, b, -1);
        else if (isConstantForm(a)) form = { coefficients: new Map([...b.coefficients].map(([v, c]) => [v, c * a.constant])), constant: b.constant * a.constant };
        else if (isConstantForm(b)) form = { coefficients: new Map([...a.coefficients].map(([v, c]) => [v, c * b.constant])), constant: a.constant * b.constant };
        if (form) this.values.set(result, isConstantForm(form) ? { constant: form.constant, form } : { form });
        return;
      }
      case 'arith.index_cast': case 'arith.index_castui': case 'arith.extsi': case 'arith.extui':
        this.values.set(result, this.info(op.operands[0]!));
        return;
      case 'memref.alloc': case 'memref.alloca': case 'memref.get_global': {
        const name = this.names.definedAt(op.loc) ?? `%local${this.localCount}`;
        this.localCount++;
        const memory = this.addMemory(result, op.name === 'memref.get_global' ? 'global' : 'local', op.resultTypes[0] ?? '', name);
        // A one-element stack buffer (Polygeist's scalars) becomes a register after mem2reg.
        if (op.name === 'memref.alloca' && memory.bits <= 64) {
          Object.assign(memory, { register: true, ports: REGISTER_PORTS, readLatency: 0, writeLatency: 0 });
        } else if (this.registerFiles.has(result)) {
          Object.assign(memory, { register: true, registerFile: true, ports: REGISTER_PORTS, readLatency: 0, writeLatency: 0 });
        }
        return;
      }
      case 'memref.cast': case 'memref.subview': case 'memref.reinterpret_cast': case 'memref.expand_shape':
      case 'memref.collapse_shape': case 'memref.assume_alignment': {
        const source = this.info(op.operands[0]!).memory;
        if (source) this.values.set(result, { memory: source, view: op.name !== 'memref.cast' && op.name !== 'memref.assume_alignment' });
        return;
      }
      default:
    }
  }

  access(op: GenericOp, kind: 'load' | 'store'): { memory: Memory; address?: LinearForm[] } {
    const memrefOperand = op.operands[kind === 'load' ? 0 : 1]!;
    const indices = op.operands.slice(kind === 'load' ? 1 : 2);
    const info = this.info(memrefOperand);
    const memory = info.memory ?? this.addMemory(memrefOperand, 'argument', op.operandTypes[kind === 'load' ? 0 : 1] ?? '', memrefOperand);
    if (info.view) return { memory };
    if (op.name.startsWith('affine.')) {
      const map = parseAffineMap(op.properties.get('map') ?? '');
      const forms = indices.map((index) => this.formOf(index));
      const address = map.results.map((expr) => linearizeAffine(expr, forms.slice(0, map.dims), forms.slice(map.dims)));
      return address.every((form): form is LinearForm => form !== undefined) ? { memory, address } : { memory };
    }
    return { memory, address: indices.map((index) => this.formOf(index)) };
  }
  /**
   * A loop's bounds. A bound that depends on enclosing loops (triangular nests, min/max tiles) gives
   * the exact mean trip count: the sum over every combination of those loops' values (enumerated,
   * up to ENUMERATION_LIMIT combinations) over the number of combinations.
   */
  loopBounds(op: GenericOp): { lower: number; trip: number; exact: boolean; iterInits: number } {
    const first = this.boundsAt(op);
    if (first.exact) return first;
    const deps = new Set<string>();
    for (const operand of op.operands) this.dependsOn(operand, deps);
    // Close over the loops those induction variables' own bounds depend on.
    for (let grew = true; grew;) {
      grew = false;
      for (const iv of [...deps]) {
        const loop = this.ivLoop.get(iv)!;
        const before = deps.size;
        for (const operand of loop.operands) this.dependsOn(operand, deps);
        if (deps.size > before) grew = true;
      }
    }
    // Outer loops first: their order of definition is their nesting order.
    const order = [...this.ivLoop.keys()].filter((iv) => deps.has(iv));
    let total = 0;
    let combinations = 0;
    const at = new Map<string, number>();
    const walk = (depth: number): boolean => {
      if (combinations > ENUMERATION_LIMIT) return false;
      if (depth === order.length) {
        total += this.boundsAt(op, at).trip;
        combinations++;
        return true;
      }
      const iv = order[depth]!;
      const range = this.boundsAt(this.ivLoop.get(iv)!, at);
      for (let k = 0; k < range.trip; k++) {
        at.set(iv, range.lower + k * range.step);
        if (!walk(depth + 1)) return false;
      }
      at.delete(iv);
      return true;
    };
    if (order.length === 0 || !walk(0) || combinations === 0) return first;
    return { ...first, trip: total / combinations, exact: true };
  }

  private boundsAt(op: GenericOp, at?: ReadonlyMap<string, number>): { lower: number; trip: number; step: number; exact: boolean; iterInits: number } {
    const unknown = (): never => {
      throw new HlschedError('KERNEL_UNSUPPORTED', `loop at ${formatLocation(op.loc)} has a bound that is not a compile-time constant`, {
        hint: 'give the kernel static shapes: the estimate needs every trip count',
      });
    };
    if (op.name === 'affine.for') {
      const segments = /array<i32:\s*(\d+),\s*(\d+),\s*(\d+)>/.exec(op.properties.get('operandSegmentSizes') ?? '');
      const [nLower, nUpper, nInits] = segments ? [Number(segments[1]), Number(segments[2]), Number(segments[3])] : [0, 0, 0];
      const evaluate = (mapText: string | undefined, operands: string[], pick: (values: number[]) => number) => {
        const map = parseAffineMap(mapText ?? '');
        const numbers = operands.map((operand) => this.numberOf(operand, at));
        const values = map.results.map((expr) => evaluateAffine(expr, numbers.slice(0, map.dims), numbers.slice(map.dims)));
        if (values.length === 0 || values.some((v) => v === undefined)) unknown();
        return { value: pick(values as number[]), exact: operands.every((o) => this.info(o).constant !== undefined) };
      };
      const lower = evaluate(op.properties.get('lowerBoundMap'), op.operands.slice(0, nLower), (v) => Math.max(...v));
      const upper = evaluate(op.properties.get('upperBoundMap'), op.operands.slice(nLower, nLower + nUpper), (v) => Math.min(...v));
      const step = Number(/^(\d+)/.exec(op.properties.get('step') ?? '1')?.[1] ?? 1);
      return { lower: lower.value, trip: Math.max(0, Math.ceil((upper.value - lower.value) / step)), step, exact: lower.exact && upper.exact, iterInits: nInits };
    }
    const [lowerName, upperName, stepName] = op.operands;
    const [lower, upper, step] = [lowerName, upperName, stepName].map((name) => (name === undefined ? undefined : this.numberOf(name, at)));
    if (lower === undefined || upper === undefined || step === undefined || step <= 0) return unknown();
    const exact = [lowerName, upperName].every((name) => this.info(name!).constant !== undefined);
    return { lower, trip: Math.max(0, Math.ceil((upper - lower) / step)), step, exact, iterInits: op.operands.length - 3 };
  }
}
