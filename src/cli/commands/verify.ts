import { HlschedError } from '../../errors.js';
import { writeAtomically } from '../../safe-files.js';
import { readInput } from '../../verify/inputs.js';
import { verify, verifyTransformed } from '../../verify/verify.js';
import type { VerifyResult } from '../../verify/types.js';
import { parseAssignments, parseInputRanges, parsePositiveNumber, parseShapes } from '../options.js';
import { printDiagnostics, type CliIo } from '../output.js';

export interface VerifyCliOptions {
  func?: string;
  emit?: string;
  json?: boolean;
  shape?: unknown;
  inputRange?: unknown;
  scalar?: unknown;
  seed?: unknown;
  rtol?: unknown;
  timeout?: unknown;
  memory?: unknown;
  /** The second argument is a transformed kernel (optimize's transformed.mlir), not a schedule. */
  transformed?: boolean;
}

async function writeEmitted(file: string, text: string): Promise<void> {
  try {
    await writeAtomically(file, text);
  } catch (cause) {
    throw new HlschedError('INPUT_UNREADABLE', `cannot write --emit file ${file}: ${(cause as NodeJS.ErrnoException).code ?? cause}`,
      { hint: 'give a path in a folder that exists and that you can write to', cause });
  }
}

function formatNumber(value: number | null): string {
  if (value === null) return 'NaN';
  return value === 0 ? '0' : value.toPrecision(3);
}

function summary(result: VerifyResult, transformed = false): string {
  const fn = `@${result.function}`;
  switch (result.status) {
    case 'ok': return `ok: the ${transformed ? 'transformed kernel' : 'schedule'} preserves the results of ${fn} (${result.arguments.length} memref arguments compared, max |diff| ${formatNumber(result.maxAbsDiff)})`;
    case 'wrong-result': return `wrong-result: the transformed ${fn} computes different values`;
    case 'malformed': return 'malformed: the schedule does not parse, does not verify, or has no @__transform_main';
    case 'not-applicable': return `not-applicable: the transform interpreter rejected the schedule on ${fn}`;
    case 'no-op': return `no-op: the schedule applied but left ${fn} unchanged`;
    case 'runtime-error': return `runtime-error: the transformed ${fn} cannot be run`;
    case 'timeout': return 'timeout: the time limit ran out';
  }
}

export async function runVerifyCommand(kernel: string, schedule: string, options: VerifyCliOptions, io: CliIo): Promise<number> {
  const check = options.transformed
    ? async (opts: Parameters<typeof verify>[2]) => verifyTransformed(kernel, await readInput(schedule, 'transformed kernel'), opts)
    : (opts: Parameters<typeof verify>[2]) => verify(kernel, schedule, opts);
  const result = await check({
    ...(options.func === undefined ? {} : { func: String(options.func) }),
    shapes: parseShapes(options.shape),
    scalars: parseAssignments('--scalar', options.scalar),
    inputRanges: parseInputRanges(options.inputRange),
    ...(options.seed === undefined ? {} : { seed: Math.floor(parsePositiveNumber('--seed', options.seed)!) }),
    ...(options.rtol === undefined ? {} : { rtol: parsePositiveNumber('--rtol', options.rtol)! }),
    ...(options.timeout === undefined ? {} : { timeoutMs: parsePositiveNumber('--timeout', options.timeout)! * 1000 }),
    ...(options.memory === undefined ? {} : { memoryMb: parsePositiveNumber('--memory', options.memory)! }),
  });
  if (options.emit !== undefined && result.transformed !== undefined) await writeEmitted(String(options.emit), result.transformed);
  if (options.json) {
    const { transformed: _transformed, ...report } = result;
    io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    io.stdout(`${summary(result, options.transformed)}\n`);
    for (const argument of result.arguments) {
      const verdict = argument.equivalent ? 'same' : 'DIFFERS';
      io.stdout(`  %${argument.name.padEnd(10)} ${argument.type.padEnd(24)} max |diff| ${formatNumber(argument.maxAbsDiff).padEnd(9)} tolerance ${formatNumber(argument.tolerance).padEnd(9)} ${verdict}\n`);
    }
    printDiagnostics(io, result.diagnostics);
    if (options.emit !== undefined && result.transformed !== undefined) io.stdout(`transformed kernel written to ${options.emit}\n`);
  }
  return result.status === 'ok' ? 0 : 1;
}
