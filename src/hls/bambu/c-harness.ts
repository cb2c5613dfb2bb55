import type { HarnessArgument } from '../../verify/harness.js';

/**
 * A C `main` that fills every array argument with the same LCG values as the MLIR harness
 * (`src/verify/harness.ts`), calls the emitted kernel and prints every element as
 * `HLSCHED dump <i>` followed by one value per line: the same output the MLIR dump harness gives.
 */
const C_TYPES: Record<string, string> = { f32: 'float', f64: 'double', i32: 'int32_t', i64: 'int64_t', index: 'size_t' };

function fillFunction(element: string): string {
  const type = C_TYPES[element]!;
  const sample = element === 'f32' || element === 'f64'
    ? `(${type})hi * (${type})5.9604644775390625E-8 - (${type})0.5`
    : `(${type})((int64_t)(hi & 15) - 8)`;
  return `static void fill_${element}(${type} *m, size_t n, uint64_t s) {
  for (size_t i = 0; i < n; i++) {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    uint64_t hi = s >> 40;
    m[i] = ${sample};
  }
}`;
}

export function generateCHarness(kernelFile: string, functionName: string, args: HarnessArgument[]): string {
  const elements = new Set(args.flatMap((a) => (a.kind === 'buffer' ? [a.element] : [])));
  const declarations: string[] = [];
  const setup: string[] = [];
  const callArgs: string[] = [];
  const dumps: string[] = [];
  args.forEach((argument, index) => {
    if (argument.kind === 'scalar') {
      callArgs.push(`(${C_TYPES[argument.type] ?? 'double'})${argument.value}`);
      return;
    }
    const type = C_TYPES[argument.element]!;
    const count = argument.shape.reduce((a, b) => a * b, 1);
    declarations.push(`static ${type} a${index}${argument.shape.map((d) => `[${d}]`).join('')};`);
    setup.push(`  fill_${argument.element}((${type} *)a${index}, ${count}, ${argument.seed}ULL);`);
    callArgs.push(`a${index}`);
    const format = argument.element.startsWith('f') ? '%g\\n", (double)' : '%lld\\n", (long long)';
    dumps.push(`  printf("HLSCHED dump ${index}\\n");`, `  for (size_t i = 0; i < ${count}; i++) printf("${format}((${type} *)a${index})[i]);`);
  });
  return [
    '#include <stdio.h>',
    `#include "${kernelFile}"`,
    ...[...elements].map(fillFunction),
    ...declarations,
    'int main(void) {',
    ...setup,
    `  ${functionName}(${callArgs.join(', ')});`,
    ...dumps,
    '  return 0;',
    '}',
    '',
  ].join('\n');
}

/** Bambu's testbench file: one run with the same argument values. */
export function generateBambuTestbench(args: HarnessArgument[], parameterNames: string[], values: Map<number, number[]>): string {
  const attributes = args.map((argument, index) => {
    const name = parameterNames[index] ?? `P${index}`;
    if (argument.kind === 'scalar') return `${name}="${argument.value}"`;
    return `${name}="{${(values.get(index) ?? []).join(',')}}"`;
  });
  return `<?xml version="1.0"?>\n<function>\n  <testbench ${attributes.join(' ')}/>\n</function>\n`;
}

/** The values the harnesses put in a buffer argument, computed here for Bambu's testbench. */
export function harnessInputValues(argument: Extract<HarnessArgument, { kind: 'buffer' }>): number[] {
  const count = argument.shape.reduce((a, b) => a * b, 1);
  const values: number[] = [];
  let state = BigInt(argument.seed);
  const mask = (1n << 64n) - 1n;
  for (let i = 0; i < count; i++) {
    state = (state * 6364136223846793005n + 1442695040888963407n) & mask;
    const hi = Number(state >> 40n);
    if (argument.element === 'f32') values.push(Math.fround(Math.fround(Math.fround(hi) * Math.fround(5.9604644775390625e-8)) - 0.5));
    else if (argument.element === 'f64') values.push(hi * 5.9604644775390625e-8 - 0.5);
    else values.push((hi & 15) - 8);
  }
  return values;
}
