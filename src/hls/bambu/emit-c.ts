import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { HlschedError } from '../../errors.js';
import { parseDiagnostics } from '../../toolchain/diagnostics.js';
import { describeRunEnd, runTool } from '../../toolchain/run-tool.js';
import { withTempDir } from '../../toolchain/temp-dir.js';
import type { Toolchain, ToolRunOptions } from '../../toolchain/types.js';
import { applySchedule } from '../../verify/mlir-steps.js';

/**
 * The C route to C-based HLS tools (Bambu reads C natively; its LLVM IR reader is older than MLIR 22's
 * output): bufferize, lower linalg and affine to scf + memref, fold views into accesses, convert to
 * EmitC and print C with mlir-translate.
 */
export const EMIT_C_PASSES = [
  '--one-shot-bufferize=bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map',
  '--buffer-results-to-out-params=modify-public-functions',
  '--convert-linalg-to-affine-loops',
  '--lower-affine',
  // After lower-affine: it folds subviews into memref.load/store, which it does not do for affine ops with strided layouts.
  '--fold-memref-alias-ops',
  // Folding views composes their offsets into affine.apply ops: lower those too.
  '--lower-affine',
  '--canonicalize',
  // floordivsi/ceildivsi (from affine maps) have no EmitC form: expand them into divisions and selects.
  '--arith-expand',
];

/** Runs after the deallocations are dropped. */
const TO_EMITC = ['--convert-to-emitc', '--reconcile-unrealized-casts'];

/** Headers the emitted code needs (size_t, malloc, math functions) and that mlir-translate leaves out. */
const C_PRELUDE = '#include <stddef.h>\n#include <stdint.h>\n#include <stdlib.h>\n#include <stdbool.h>\n#include <math.h>\n';

export async function emitKernelC(toolchain: Toolchain, kernelPath: string, schedulePath: string | undefined,
  tool: ToolRunOptions): Promise<string> {
  return withTempDir(async (dir) => {
    let input = kernelPath;
    if (schedulePath) {
      const applied = await applySchedule(toolchain, kernelPath, schedulePath, tool, []);
      if (applied.exitCode !== 0) {
        throw new HlschedError('SCHEDULE_REJECTED', `applying ${schedulePath} failed: ${parseDiagnostics(applied.stderr)[0]?.message ?? describeRunEnd(applied)}`,
          { hint: 'check the schedule with `hlsched verify KERNEL SCHEDULE`' });
      }
      input = path.join(dir, 'scheduled.mlir');
      await writeFile(input, applied.stdout);
    }
    const lowered = await runTool(toolchain, 'mlir-opt', [input, ...EMIT_C_PASSES], tool);
    if (lowered.exitCode !== 0) {
      throw new HlschedError('KERNEL_UNSUPPORTED', `kernel ${kernelPath} cannot be lowered to EmitC: ${parseDiagnostics(lowered.stderr)[0]?.message ?? describeRunEnd(lowered)}`,
        { hint: 'the C route needs static-shaped memref or tensor kernels using linalg, affine, scf, arith and math' });
    }
    // HLS has no heap: a static local buffer is an on-chip memory, a local array in C. EmitC turns
    // memref.alloc into malloc behind casts it cannot print, and has no form for memref.dealloc.
    const withoutDeallocs = path.join(dir, 'lowered.mlir');
    await writeFile(withoutDeallocs, lowered.stdout.split('\n')
      .filter((line) => !/^\s*memref\.dealloc\b/.test(line))
      .map((line) => line.replace(/= memref\.alloc\(\)/, '= memref.alloca()'))
      .join('\n'));
    const converted = await runTool(toolchain, 'mlir-opt', [withoutDeallocs, ...TO_EMITC], tool);
    if (converted.exitCode !== 0) {
      throw new HlschedError('KERNEL_UNSUPPORTED', `kernel ${kernelPath} cannot be converted to EmitC: ${parseDiagnostics(converted.stderr)[0]?.message ?? describeRunEnd(converted)}`,
        { hint: 'the C route needs static-shaped kernels using linalg, affine, scf, arith and math' });
    }
    const emitted = path.join(dir, 'emitc.mlir');
    await writeFile(emitted, converted.stdout);
    const translated = await runTool(toolchain, 'mlir-translate', [emitted, '--mlir-to-cpp'], tool);
    if (translated.exitCode !== 0) {
      throw new HlschedError('KERNEL_UNSUPPORTED', `kernel ${kernelPath} cannot be printed as C: ${parseDiagnostics(translated.stderr)[0]?.message ?? describeRunEnd(translated)}`,
        { hint: 'some op was left outside the EmitC dialect; lower it to arith/scf/memref first' });
    }
    return C_PRELUDE + translated.stdout;
  });
}
