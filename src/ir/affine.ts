import { splitTopLevel } from './types.js';

/** An affine expression over map dimensions (`d0`) and symbols (`s0`). */
export type AffineExpr =
  | { kind: 'const'; value: number }
  | { kind: 'dim'; index: number }
  | { kind: 'sym'; index: number }
  | { kind: 'add' | 'mul' | 'mod' | 'floordiv' | 'ceildiv'; lhs: AffineExpr; rhs: AffineExpr };

export interface AffineMap {
  dims: number;
  symbols: number;
  results: AffineExpr[];
}

/** `sum(coefficients[v] * v) + constant` over named variables. */
export interface LinearForm {
  coefficients: Map<string, number>;
  constant: number;
}

class ExprParser {
  private position = 0;
  constructor(private readonly text: string) {}

  parse(): AffineExpr {
    const expr = this.additive();
    this.space();
    if (this.position < this.text.length) throw new Error(`unexpected ${JSON.stringify(this.text.slice(this.position))} in affine expression ${JSON.stringify(this.text)}`);
    return expr;
  }

  private space(): void {
    while (this.text[this.position] === ' ') this.position++;
  }

  private additive(): AffineExpr {
    let lhs = this.multiplicative();
    for (;;) {
      this.space();
      const op = this.text[this.position];
      if (op !== '+' && op !== '-') return lhs;
      this.position++;
      const rhs = this.multiplicative();
      lhs = { kind: 'add', lhs, rhs: op === '-' ? { kind: 'mul', lhs: rhs, rhs: { kind: 'const', value: -1 } } : rhs };
    }
  }

  private multiplicative(): AffineExpr {
    let lhs = this.unary();
    for (;;) {
      this.space();
      const rest = this.text.slice(this.position);
      const op = /^(\*|mod\b|floordiv\b|ceildiv\b)/.exec(rest)?.[1];
      if (!op) return lhs;
      this.position += op.length;
      const rhs = this.unary();
      lhs = { kind: op === '*' ? 'mul' : (op as 'mod' | 'floordiv' | 'ceildiv'), lhs, rhs };
    }
  }

  private unary(): AffineExpr {
    this.space();
    if (this.text[this.position] === '-') {
      this.position++;
      return { kind: 'mul', lhs: this.unary(), rhs: { kind: 'const', value: -1 } };
    }
    if (this.text[this.position] === '(') {
      this.position++;
      const inner = this.additive();
      this.space();
      if (this.text[this.position] !== ')') throw new Error(`missing ')' in affine expression ${JSON.stringify(this.text)}`);
      this.position++;
      return inner;
    }
    const match = /^(d|s)(\d+)|^(\d+)/.exec(this.text.slice(this.position));
    if (!match) throw new Error(`unreadable affine expression ${JSON.stringify(this.text)}`);
    this.position += match[0].length;
    if (match[3] !== undefined) return { kind: 'const', value: Number(match[3]) };
    return { kind: match[1] === 'd' ? 'dim' : 'sym', index: Number(match[2]) };
  }
}

export function parseAffineExpr(text: string): AffineExpr {
  return new ExprParser(text).parse();
}

/** Reads `affine_map<(d0, d1)[s0] -> (d0 + s0, d1)>` or its body `(d0)[s0] -> (...)`. */
export function parseAffineMap(text: string): AffineMap {
  const body = text.trim().replace(/^affine_map</, '').replace(/>$/, '');
  const match = /^\(([^)]*)\)\s*(?:\[([^\]]*)\])?\s*->\s*\((.*)\)$/s.exec(body);
  if (!match) throw new Error(`unreadable affine map ${JSON.stringify(text)}`);
  const count = (list: string | undefined) => (list && list.trim() ? list.split(',').length : 0);
  const results = match[3]!.trim() ? splitTopLevel(match[3]!).map(parseAffineExpr) : [];
  return { dims: count(match[1]), symbols: count(match[2]), results };
}

/** Evaluates with known dimension and symbol values; undefined when one it needs is unknown. */
export function evaluateAffine(expr: AffineExpr, dims: ReadonlyArray<number | undefined>, symbols: ReadonlyArray<number | undefined>): number | undefined {
  switch (expr.kind) {
    case 'const': return expr.value;
    case 'dim': return dims[expr.index];
    case 'sym': return symbols[expr.index];
    default: {
      const lhs = evaluateAffine(expr.lhs, dims, symbols);
      const rhs = evaluateAffine(expr.rhs, dims, symbols);
      if (lhs === undefined || rhs === undefined) return undefined;
      switch (expr.kind) {
        case 'add': return lhs + rhs;
        case 'mul': return lhs * rhs;
        case 'mod': return rhs === 0 ? undefined : ((lhs % rhs) + rhs) % rhs;
        case 'floordiv': return rhs === 0 ? undefined : Math.floor(lhs / rhs);
        case 'ceildiv': return rhs === 0 ? undefined : Math.ceil(lhs / rhs);
      }
    }
  }
}

export function constantForm(value: number): LinearForm {
  return { coefficients: new Map(), constant: value };
}

export function variableForm(name: string): LinearForm {
  return { coefficients: new Map([[name, 1]]), constant: 0 };
}

export function addForms(a: LinearForm, b: LinearForm, scale = 1): LinearForm {
  const coefficients = new Map(a.coefficients);
  for (const [name, coefficient] of b.coefficients) {
    const sum = (coefficients.get(name) ?? 0) + scale * coefficient;
    if (sum === 0) coefficients.delete(name);
    else coefficients.set(name, sum);
  }
  return { coefficients, constant: a.constant + scale * b.constant };
}

export function scaleForm(a: LinearForm, factor: number): LinearForm {
  if (factor === 0) return constantForm(0);
  return { coefficients: new Map([...a.coefficients].map(([name, c]) => [name, c * factor])), constant: a.constant * factor };
}

export function isConstantForm(a: LinearForm): boolean {
  return a.coefficients.size === 0;
}

export function sameForm(a: LinearForm, b: LinearForm): boolean {
  const difference = addForms(a, b, -1);
  return isConstantForm(difference) && difference.constant === 0;
}

/**
 * Composes an affine expression with linear forms for its operands; undefined when the result is not
 * linear (a product of two variables, or mod/div of a variable).
 */
export function linearizeAffine(expr: AffineExpr, dims: ReadonlyArray<LinearForm | undefined>, symbols: ReadonlyArray<LinearForm | undefined>): LinearForm | undefined {
  switch (expr.kind) {
    case 'const': return constantForm(expr.value);
    case 'dim': return dims[expr.index];
    case 'sym': return symbols[expr.index];
    case 'add': {
      const lhs = linearizeAffine(expr.lhs, dims, symbols);
      const rhs = linearizeAffine(expr.rhs, dims, symbols);
      return lhs && rhs ? addForms(lhs, rhs) : undefined;
    }
    case 'mul': {
      const lhs = linearizeAffine(expr.lhs, dims, symbols);
      const rhs = linearizeAffine(expr.rhs, dims, symbols);
      if (!lhs || !rhs) return undefined;
      if (isConstantForm(rhs)) return scaleForm(lhs, rhs.constant);
      if (isConstantForm(lhs)) return scaleForm(rhs, lhs.constant);
      return undefined;
    }
    default: {
      const lhs = linearizeAffine(expr.lhs, dims, symbols);
      const rhs = linearizeAffine(expr.rhs, dims, symbols);
      if (!lhs || !rhs || !isConstantForm(lhs) || !isConstantForm(rhs)) return undefined;
      const value = evaluateAffine({ kind: expr.kind, lhs: { kind: 'const', value: lhs.constant }, rhs: { kind: 'const', value: rhs.constant } }, [], []);
      return value === undefined ? undefined : constantForm(value);
    }
  }
}
