import { evaluateAffine, linearizeAffine, parseAffineExpr, parseAffineMap, type AffineExpr, type LinearForm } from '../ir/affine.js';
import { splitTopLevel } from '../ir/types.js';

/**
 * Reading a scheduled kernel as mlir-opt pretty-prints it (`--mlir-print-local-scope`, locations or
 * not), for our rewrites of it: which value a name means at a line (names are reused across sibling
 * regions, so a definition counts only where it is in scope), loop variables with their bounds and
 * steps, and index expressions of affine accesses as linear forms over loop variables.
 */
export interface LoopVar {
  /** Unique key: name@line of the affine.for. */
  key: string;
  lower: number | undefined;
  upper: number | undefined;
  step: number;
  line: number;
  /** Last line of the loop (its closing brace). */
  end: number;
  pipelined: boolean;
  /** The bounds as printed (`0`, `affine_map<(d0) -> (d0 + 1)>(%i)`, `max affine_map<...>(...)`). */
  lowerText: string;
  upperText: string;
}

const FOR = /^\s*affine\.for (%[\w$.-]+)(?: loc\(.*?\))? = (.+?) to (.+?)(?: step (\d+))? \{\s*(?:loc\(.*\))?$/;
const APPLY = /^\s*(%[\w$.-]+) = affine\.apply (affine_map<.*?>)\(([^)]*)\)(?:\[([^\]]*)\])?/;
const CONSTANT = /^\s*(%[\w$.-]+) = arith\.constant (-?\d+) : index\b/;
const NAME = /%[\w$.-]+/g;

export function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

export class KernelText {
  readonly lines: string[];
  private readonly loops = new Map<number, LoopVar & { name: string }>();
  private readonly forms = new Map<string, LinearForm | null>();

  constructor(readonly source: string) {
    this.lines = source.split('\n');
    this.indents = this.lines.map((line) => (line.trim() ? indentOf(line) : Number.POSITIVE_INFINITY));
    this.sparse = [this.indents];
    for (let k = 1; 1 << k <= this.lines.length; k++) {
      const previous = this.sparse[k - 1]!;
      const half = 1 << (k - 1);
      this.sparse.push(previous.slice(0, this.lines.length - (1 << k) + 1).map((value, i) => Math.min(value, previous[i + half]!)));
    }
    this.lines.forEach((line, index) => {
      const match = FOR.exec(line);
      if (!match) return;
      const end = this.closing(index);
      const literal = (bound: string) => (/^-?\d+$/.test(bound) ? Number(bound) : undefined);
      this.loops.set(index, {
        name: match[1]!, key: `${match[1]}@${index}`, lower: literal(match[2]!), upper: literal(match[3]!), step: Number(match[4] ?? 1), line: index, end,
        lowerText: match[2]!, upperText: match[3]!,
        pipelined: /\bhls\.pipeline\b/.test(this.lines[end] ?? ''),
      });
    });
  }

  /** The line of the brace closing the region opened at `line`. */
  closing(line: number): number {
    const indent = indentOf(this.lines[line]!);
    for (let i = line + 1; i < this.lines.length; i++) {
      const text = this.lines[i]!;
      if (text.trim() && indentOf(text) <= indent) return i;
    }
    return this.lines.length - 1;
  }

  /**
   * The line defining `name` as seen from `line`: the nearest line above it that defines the name and
   * is not inside a region closed in between (its indentation is at most every line's in between).
   */
  definition(name: string, line: number): number | undefined {
    const defs = this.definitions().get(name) ?? [];
    // The nearest definition above whose indentation is at most every line's from it to `line`.
    for (let k = defs.length - 1; k >= 0; k--) {
      const at = defs[k]!;
      if (at >= line) continue;
      if (this.indents[at]! <= this.minIndent(at + 1, line)) return at;
    }
    return undefined;
  }

  private defsByName?: Map<string, number[]>;
  private readonly indents: number[];
  /** sparse[k][i]: the least indentation of lines i .. i + 2^k - 1 (blank lines count as none). */
  private readonly sparse: number[][];

  private definitions(): Map<string, number[]> {
    if (this.defsByName) return this.defsByName;
    const defs = new Map<string, number[]>();
    const add = (name: string, line: number) => defs.set(name, [...(defs.get(name) ?? []), line]);
    this.lines.forEach((text, line) => {
      const result = /^\s*(%[\w$.-]+)(?::\d+)? = /.exec(text);
      if (result) add(result[1]!, line);
      const loop = /^\s*affine\.for (%[\w$.-]+)/.exec(text);
      if (loop) add(loop[1]!, line);
      if (/^\s*func\.func /.test(text)) for (const arg of text.matchAll(/(%[\w$.-]+):/g)) add(arg[1]!, line);
    });
    this.defsByName = defs;
    return defs;
  }

  private minIndent(from: number, to: number): number {
    if (from > to) return Number.POSITIVE_INFINITY;
    const k = Math.floor(Math.log2(to - from + 1));
    return Math.min(this.sparse[k]![from]!, this.sparse[k]![to - (1 << k) + 1]!);
  }

  loopAt(line: number): LoopVar | undefined {
    return this.loops.get(line);
  }

  /** The innermost pipelined loop whose body holds `line`. */
  pipelinedLoopOf(line: number): LoopVar | undefined {
    return this.enclosingLoops(line).filter((loop) => loop.pipelined).pop();
  }

  /** Loops whose body holds `line`, outermost first. */
  enclosingLoops(line: number): LoopVar[] {
    return [...this.loops.values()].filter((loop) => loop.line < line && loop.end > line);
  }

  /** Iterations of the loop at `line` per run of the function (literal bounds; unknown ones count 1). */
  iterations(loop: LoopVar): number {
    return [...this.enclosingLoops(loop.line), loop].reduce((product, l) => product * this.trip(l), 1);
  }

  /** Trip count of one loop per entry (literal bounds; unknown ones count 1). */
  trip(loop: LoopVar): number {
    return loop.lower !== undefined && loop.upper !== undefined ? Math.max(1, Math.ceil((loop.upper - loop.lower) / loop.step)) : 1;
  }

  /**
   * A bound of `loop` once the loops around it have the values in `values` (by key): the greatest
   * result of a lower bound's map, the least of an upper bound's; undefined when it is not affine in
   * loop variables and constants.
   */
  boundValue(loop: LoopVar, which: 'lower' | 'upper', values: ReadonlyMap<string, number>): number | undefined {
    const bound = this.parsedBound(loop, which);
    if (!bound) return undefined;
    if ('form' in bound) return evaluateForm(bound.form, values);
    const dims = bound.dims.map((form) => evaluateForm(form, values));
    const symbols = bound.symbols.map((form) => evaluateForm(form, values));
    const results = bound.results.map((expr) => evaluateAffine(expr, dims, symbols));
    if (results.length === 0 || results.some((r) => r === undefined)) return undefined;
    return which === 'lower' ? Math.max(...(results as number[])) : Math.min(...(results as number[]));
  }

  private readonly bounds = new Map<string, ParsedBound | null>();

  /** A bound read once per loop (enumerations evaluate it at every iteration): a form, or a map and its operands' forms. */
  private parsedBound(loop: LoopVar, which: 'lower' | 'upper'): ParsedBound | undefined {
    const cacheKey = `${loop.key}:${which}`;
    if (this.bounds.has(cacheKey)) return this.bounds.get(cacheKey) ?? undefined;
    let bound: ParsedBound | undefined;
    const literal = which === 'lower' ? loop.lower : loop.upper;
    const text = (which === 'lower' ? loop.lowerText : loop.upperText).replace(/^(?:max|min)\s+/, '').trim();
    const applied = /^(affine_map<.*>)\(([^)]*)\)(?:\[([^\]]*)\])?$/.exec(text);
    if (literal !== undefined) bound = { form: { coefficients: new Map(), constant: literal } };
    else if (!applied) {
      const form = /^%[\w$.-]+$/.test(text) ? this.valueForm(text, loop.line) : undefined;
      bound = form ? { form } : undefined;
    } else {
      try {
        const operands = (list: string | undefined) => (list?.trim() ? list.split(',').map((name) => this.valueForm(name.trim(), loop.line)) : []);
        bound = { results: parseAffineMap(applied[1]!).results, dims: operands(applied[2]), symbols: operands(applied[3]) };
      } catch {
        bound = undefined;
      }
    }
    this.bounds.set(cacheKey, bound ?? null);
    return bound;
  }

  /**
   * How many distinct tuples the index forms `forms` take over every iteration of the loops around
   * `line` (enumerated: exact for triangular and tiled bounds); undefined when a bound or an index is
   * not affine, or the loops run more than `limit` iterations. Tuples go into `seen`: a set shared by
   * several accesses counts their union.
   */
  distinctIndices(line: number, forms: ReadonlyArray<LinearForm | undefined>, seen = new Set<string>(), limit = 2_000_000): number | undefined {
    if (forms.some((form) => form === undefined)) return undefined;
    const loops = this.enclosingLoops(line);
    const values = new Map<string, number>();
    let budget = limit;
    const walk = (depth: number): boolean => {
      if (depth === loops.length) {
        const tuple: number[] = [];
        for (const form of forms as LinearForm[]) {
          const value = evaluateForm(form, values);
          if (value === undefined) return false;
          tuple.push(value);
        }
        seen.add(tuple.join(','));
        return true;
      }
      const loop = loops[depth]!;
      const lower = this.boundValue(loop, 'lower', values);
      const upper = this.boundValue(loop, 'upper', values);
      if (lower === undefined || upper === undefined) return false;
      for (let v = lower; v < upper; v += loop.step) {
        if (--budget < 0) return false;
        values.set(loop.key, v);
        if (!walk(depth + 1)) return false;
      }
      values.delete(loop.key);
      return true;
    };
    return walk(0) ? seen.size : undefined;
  }

  /** `name` at `line` as a linear form over loop variables (keys name@line); undefined when it is not one. */
  valueForm(name: string, line: number): LinearForm | undefined {
    const at = this.definition(name, line);
    if (at === undefined) return undefined;
    const cacheKey = `${name}@${at}`;
    if (this.forms.has(cacheKey)) return this.forms.get(cacheKey) ?? undefined;
    this.forms.set(cacheKey, null);
    let form: LinearForm | undefined;
    const loop = this.loops.get(at);
    const constant = CONSTANT.exec(this.lines[at]!);
    if (loop && loop.name === name) form = { coefficients: new Map([[loop.key, 1]]), constant: 0 };
    else if (constant && constant[1] === name) form = { coefficients: new Map(), constant: Number(constant[2]) };
    else {
      const apply = APPLY.exec(this.lines[at]!);
      if (apply && apply[1] === name) {
        try {
          const map = parseAffineMap(apply[2]!);
          const operands = (text: string | undefined) => (text?.trim() ? text.split(',').map((s) => s.trim()) : []);
          const dims = operands(apply[3]).map((operand) => this.valueForm(operand, at));
          const symbols = operands(apply[4]).map((operand) => this.valueForm(operand, at));
          if (map.results.length === 1) form = linearizeAffine(map.results[0]!, dims, symbols);
        } catch {
          form = undefined;
        }
      }
    }
    this.forms.set(cacheKey, form ?? null);
    return form;
  }

  /** An index expression of a pretty-printed affine access (`%i + %j * 2 - 1`) at `line`, as a linear form. */
  indexForm(text: string, line: number): LinearForm | undefined {
    const names = [...new Set(text.match(NAME) ?? [])];
    const renamed = text.replace(NAME, (name) => `d${names.indexOf(name)}`);
    try {
      const expr = parseAffineExpr(renamed);
      return linearizeAffine(expr, names.map((name) => this.valueForm(name, line)), []);
    } catch {
      return undefined;
    }
  }

  /** The loop variable behind a form's key. */
  loopOf(key: string): LoopVar | undefined {
    const line = Number(key.slice(key.lastIndexOf('@') + 1));
    return this.loops.get(line);
  }
}

type ParsedBound = { form: LinearForm } | { results: AffineExpr[]; dims: Array<LinearForm | undefined>; symbols: Array<LinearForm | undefined> };

/** A linear form's value once its variables have values; undefined when one of them has none. */
function evaluateForm(form: LinearForm | undefined, values: ReadonlyMap<string, number>): number | undefined {
  if (!form) return undefined;
  let value = form.constant;
  for (const [key, coefficient] of form.coefficients) {
    const known = values.get(key);
    if (known === undefined) return undefined;
    value += coefficient * known;
  }
  return value;
}

/** `expr mod factor` when it is the same in every iteration of every loop, else undefined. */
export function constantResidue(text: KernelText, form: LinearForm, factor: number): number | undefined {
  let constant = form.constant;
  for (const [key, coefficient] of form.coefficients) {
    const loop = text.loopOf(key);
    if (!loop || loop.lower === undefined) return undefined;
    if ((coefficient * loop.step) % factor !== 0) return undefined;
    constant += coefficient * loop.lower;
  }
  return ((constant % factor) + factor) % factor;
}

/** Splits `a, b + (c, d), e` at the commas outside brackets. */
export function splitIndices(text: string): string[] {
  return splitTopLevel(text).map((part) => part.trim());
}

