import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { HlschedError } from '../../errors.js';
import { listFunctions } from '../../ir/functions.js';
import { splitModule } from '../../ir/module-text.js';
import { discoverToolchain } from '../../toolchain/discover.js';
import { DEFAULT_TOOL_TIMEOUT_MS, describeRunEnd, runExecutable } from '../../toolchain/run-tool.js';
import { withTempDir } from '../../toolchain/temp-dir.js';
import { generateDumpHarness, parseDump } from '../../verify/harness.js';
import { harnessArguments } from '../../verify/harness-arguments.js';
import { applySchedule, lowerToLlvm, printModule, runHarness } from '../../verify/mlir-steps.js';
import { toleranceFor } from '../../verify/tolerance.js';
import { generateCHarness } from './c-harness.js';
import { emitKernelC } from './emit-c.js';

export interface CCheckResult {
  equivalent: boolean;
  /** Largest |C - MLIR| over all elements of all array arguments. */
  maxAbsDiff: number;
  elements: number;
  c: string;
}

/**
 * Checks the C that goes to Bambu: compiles it with gcc, runs it on the harness's seeded inputs and
 * compares every output element with what mlir-runner computes from the same (scheduled) kernel.
 */
export async function checkEmittedC(kernelPath: string, options: { schedule?: string; func?: string; timeoutMs?: number; cc?: string } = {}): Promise<CCheckResult> {
  const toolchain = await discoverToolchain();
  const tool = { timeoutMs: options.timeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS };
  const c = await emitKernelC(toolchain, kernelPath, options.schedule, tool);
  return withTempDir(async (dir) => {
    const printed = await (options.schedule ? applySchedule(toolchain, kernelPath, options.schedule, tool) : printModule(toolchain, kernelPath, tool));
    if (printed.exitCode !== 0) throw new HlschedError('KERNEL_INVALID', `kernel ${kernelPath} does not parse: ${describeRunEnd(printed)}`);
    const functions = listFunctions(printed.stdout).filter((fn) => !fn.isDeclaration);
    const fn = options.func ? functions.find((f) => f.name === options.func) : functions[0];
    if (!fn) throw new HlschedError('FUNCTION_NOT_FOUND', `kernel ${kernelPath} has no function${options.func ? ` @${options.func}` : ''}`);
    const args = harnessArguments(fn, {}, {}, 1);

    const harnessFile = path.join(dir, 'dump.mlir');
    await writeFile(harnessFile, generateDumpHarness({ moduleOps: splitModule(printed.stdout).map((op) => op.text), original: fn.name, arguments: args }));
    const llvmFile = path.join(dir, 'dump.llvm.mlir');
    const lowered = await lowerToLlvm(toolchain, harnessFile, llvmFile, tool);
    if (lowered.exitCode !== 0) throw new HlschedError('KERNEL_UNSUPPORTED', `the MLIR reference run cannot be lowered: ${lowered.stderr.split('\n')[0]}`);
    const reference = await runHarness(toolchain, llvmFile, tool);
    if (reference.exitCode !== 0) throw new HlschedError('TOOL_FAILED', `mlir-runner ${describeRunEnd(reference)}`);

    await writeFile(path.join(dir, 'kernel.c'), c);
    await writeFile(path.join(dir, 'main.c'), generateCHarness('kernel.c', fn.name, args));
    const compiled = await runExecutable(options.cc ?? 'gcc', ['-std=c11', '-O1', '-o', 'kernel-check', 'main.c', '-lm'], { ...tool, cwd: dir },
      'install a C compiler (apt-get install gcc)');
    if (compiled.exitCode !== 0) {
      throw new HlschedError('TOOL_FAILED', `the emitted C does not compile: ${compiled.stderr.split('\n').find((l) => /error/.test(l)) ?? describeRunEnd(compiled)}`);
    }
    const run = await runExecutable(path.join(dir, 'kernel-check'), [], { ...tool, cwd: dir });
    if (run.exitCode !== 0) throw new HlschedError('TOOL_FAILED', `the emitted C crashed: ${describeRunEnd(run)}`);

    const expected = parseDump(reference.stdout);
    const actual = parseDump(run.stdout);
    let maxAbsDiff = 0;
    let elements = 0;
    let equivalent = expected.size > 0 && expected.size === actual.size;
    for (const [index, values] of expected) {
      const other = actual.get(index) ?? [];
      const argument = args[index]!;
      const scale = Math.max(0, ...values.map(Math.abs));
      // Both sides print 6 significant digits: compare within that, on top of the element type's tolerance.
      const tolerance = Math.max(argument.kind === 'buffer' ? toleranceFor(argument.element, scale) : 0, scale * 1e-5);
      if (other.length !== values.length) equivalent = false;
      values.forEach((value, k) => {
        const diff = Math.abs(value - (other[k] ?? Number.NaN));
        if (!(diff <= tolerance)) equivalent = false;
        if (Number.isFinite(diff)) maxAbsDiff = Math.max(maxAbsDiff, diff);
        elements++;
      });
    }
    return { equivalent, maxAbsDiff, elements, c };
  });
}
