import { HlschedError } from '../errors.js';
import type { FunctionInfo } from '../ir/functions.js';
import { isSupportedElement, SUPPORTED_ELEMENT_TYPES } from '../ir/types.js';
import type { HarnessArgument } from './harness.js';

const DEFAULT_SCALARS: Record<string, string> = { f32: '1.5', f64: '1.5', index: '1' };
const DEFAULT_INTEGER_SCALAR = '3';

function unsupported(message: string, hint: string): HlschedError {
  return new HlschedError('KERNEL_UNSUPPORTED', message, { hint });
}

/** Folds a user-given value into MLIR constant syntax for `type`, or says what is wrong with it. */
function scalarLiteral(name: string, type: string, value: string): string {
  const isFloat = type.startsWith('f');
  const valid = isFloat ? Number.isFinite(Number(value)) && value.trim() !== '' : /^-?\d+$/.test(value.trim());
  if (!valid) {
    throw new HlschedError('USAGE', `--scalar ${name}=${value} is not a valid ${type} value`,
      { hint: isFloat ? 'give a number such as 1.5' : 'give an integer such as 3' });
  }
  const trimmed = value.trim();
  return isFloat && !/[.eE]/.test(trimmed) ? `${trimmed}.0` : trimmed;
}

/**
 * Decides how the harness drives each argument of `fn`: memrefs are allocated and filled,
 * scalars get a constant. Throws `KERNEL_UNSUPPORTED` (exit 2) for what it cannot drive.
 */
export function harnessArguments(fn: FunctionInfo, shapes: Record<string, number[]>, scalars: Record<string, string>,
  seed: number, ranges: { inputRanges?: Record<string, [number, number]>; floatRange?: [number, number] } = {}): HarnessArgument[] {
  for (const name of Object.keys(ranges.inputRanges ?? {})) {
    if (!fn.arguments.some((a) => a.name === name && a.type.kind === 'memref')) {
      throw new HlschedError('USAGE', `--input-range ${name}=... names no memref argument of @${fn.name}`,
        { hint: `its memref arguments: ${fn.arguments.filter((a) => a.type.kind === 'memref').map((a) => a.name).join(', ') || 'none'}` });
    }
  }
  if (fn.results.length > 0) {
    throw unsupported(`@${fn.name} returns ${fn.results.map((r) => r.text).join(', ')}; the harness compares results through memref arguments`,
      'write results into memref arguments (out-parameters), or use tensor results, which hlsched bufferizes into out-parameters');
  }
  return fn.arguments.map((argument, index): HarnessArgument => {
    const { type } = argument;
    if (type.kind === 'scalar') {
      const given = scalars[argument.name];
      const fallback = DEFAULT_SCALARS[type.element] ?? DEFAULT_INTEGER_SCALAR;
      if (!['f32', 'f64', 'index'].includes(type.element) && !/^i\d+$/.test(type.element)) {
        throw unsupported(`argument %${argument.name} of @${fn.name} has scalar type ${type.element}`, 'use f32, f64, i32, i64 or index scalars');
      }
      return { kind: 'scalar', name: argument.name, type: type.text, value: given === undefined ? fallback : scalarLiteral(argument.name, type.element, given) };
    }
    if (type.kind !== 'memref') {
      throw unsupported(`argument %${argument.name} of @${fn.name} has type ${type.text}, which the harness cannot fill`,
        'use static-shaped memref or tensor arguments and scalar f32/f64/i32/index arguments');
    }
    if (!isSupportedElement(type.element)) {
      throw unsupported(`argument %${argument.name} of @${fn.name} has element type ${type.element}`,
        `use one of ${SUPPORTED_ELEMENT_TYPES.join(', ')}`);
    }
    if (type.layout !== undefined) {
      throw unsupported(`argument %${argument.name} of @${fn.name} has a non-identity layout (${type.layout})`,
        'give the kernel identity-layout memref arguments; take subviews inside the kernel');
    }
    const dynamicDims = type.shape.flatMap((dim, k) => (dim === null ? [k] : []));
    let shape = type.shape as number[];
    if (dynamicDims.length > 0) {
      const given = shapes[argument.name];
      const example = type.shape.map((dim) => dim ?? 'N').join('x');
      if (!given) {
        throw unsupported(`argument %${argument.name} of @${fn.name} has dynamic shape ${type.text}`,
          `give its sizes with --shape ${argument.name}=${example.replace(/N/g, '64')} (one value per dimension)`);
      }
      const fits = given.length === type.shape.length && given.every((dim, k) => type.shape[k] === null || type.shape[k] === dim);
      if (!fits || given.some((dim) => !Number.isInteger(dim) || dim <= 0)) {
        throw new HlschedError('USAGE', `--shape ${argument.name}=${given.join('x')} does not fit ${type.text}`,
          { hint: `give ${type.shape.length} positive sizes that keep the static ones, like ${example.replace(/N/g, '64')}` });
      }
      shape = given;
    }
    // Distinct, fixed seeds per argument: the same inputs on every run and on both sides.
    const argumentSeed = (BigInt(seed) * 1_000_003n + BigInt(index + 1) * 7_919n) & 0x7fff_ffff_ffffn;
    const range = ranges.inputRanges?.[argument.name] ?? (type.element.startsWith('f') ? ranges.floatRange : undefined);
    return { kind: 'buffer', name: argument.name, type: type.text, element: type.element, shape, dynamicDims, seed: argumentSeed, ...(range ? { range } : {}) };
  });
}
