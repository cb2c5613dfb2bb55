import { HlschedError } from '../errors.js';

/** cac gives a string for one use of an option and an array for several. */
export function asList(value: unknown): string[] {
  if (value === undefined || value === null || value === false) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

/** Parses repeated `NAME=VALUE` options into a record, naming the bad one on error. */
export function parseAssignments(flag: string, value: unknown): Record<string, string> {
  const record: Record<string, string> = {};
  for (const item of asList(value)) {
    const match = /^%?([\w$.-]+)=(.+)$/.exec(item);
    if (!match) throw new HlschedError('USAGE', `${flag} ${item} is not NAME=VALUE`, { hint: `write it like ${flag} A=64x64` });
    record[match[1]!] = match[2]!;
  }
  return record;
}

/** `--shape A=64x32` to `{ A: [64, 32] }`. */
export function parseShapes(value: unknown): Record<string, number[]> {
  const shapes: Record<string, number[]> = {};
  for (const [name, text] of Object.entries(parseAssignments('--shape', value))) {
    const dims = text.split('x').map(Number);
    if (dims.some((dim) => !Number.isInteger(dim) || dim <= 0)) {
      throw new HlschedError('USAGE', `--shape ${name}=${text} is not a list of positive sizes`, { hint: `write it like --shape ${name}=64x32` });
    }
    shapes[name] = dims;
  }
  return shapes;
}

export function parsePositiveNumber(flag: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) {
    throw new HlschedError('USAGE', `${flag} ${String(value)} is not a positive number`, { hint: `for example ${flag} 30` });
  }
  return number;
}

/** `--input-range ids=0:30522` to `{ ids: [0, 30522] }` (values drawn from [LO, HI)). */
export function parseInputRanges(value: unknown): Record<string, [number, number]> {
  const ranges: Record<string, [number, number]> = {};
  for (const [name, text] of Object.entries(parseAssignments('--input-range', value))) {
    const match = /^(-?[\d.eE+-]+):(-?[\d.eE+-]+)$/.exec(text);
    const [lo, hi] = match ? [Number(match[1]), Number(match[2])] : [Number.NaN, Number.NaN];
    if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi <= lo) {
      throw new HlschedError('USAGE', `--input-range ${name}=${text} is not LO:HI with LO < HI`, { hint: `write it like --input-range ${name}=0:512` });
    }
    ranges[name] = [lo, hi];
  }
  return ranges;
}
