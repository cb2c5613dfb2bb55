import path from 'node:path';
import { runTool } from '../toolchain/run-tool.js';
import type { Toolchain, ToolRun, ToolRunOptions } from '../toolchain/types.js';
import { HARNESS_ENTRY } from './harness.js';

/**
 * The mlir-opt and mlir-runner invocations of a verification, one function each.
 * All print with `--mlir-print-local-scope` so two printed modules can share one file.
 */
const PRINT_FLAGS = ['--mlir-print-local-scope'];

/** Parses and verifies a module and prints it back. */
export function printModule(toolchain: Toolchain, file: string, options: ToolRunOptions): Promise<ToolRun> {
  return runTool(toolchain, 'mlir-opt', [file, ...PRINT_FLAGS], options);
}

/**
 * Applies the schedule in `scheduleFile` to the kernel in `kernelFile` with the transform interpreter:
 * the one way every stage (verify, estimate, the C route, optimize's output) applies a schedule.
 */
export function applySchedule(toolchain: Toolchain, kernelFile: string, scheduleFile: string,
  options: ToolRunOptions, printFlags: readonly string[] = PRINT_FLAGS): Promise<ToolRun> {
  return runTool(toolchain, 'mlir-opt', [
    kernelFile,
    `--transform-preload-library=transform-library-paths=${scheduleFile}`,
    '--transform-interpreter',
    ...printFlags,
  ], options);
}

/** Turns tensor-semantics functions into memref functions with out-parameters. */
export function bufferize(toolchain: Toolchain, file: string, options: ToolRunOptions): Promise<ToolRun> {
  return runTool(toolchain, 'mlir-opt', [
    file,
    '--one-shot-bufferize=bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map',
    '--buffer-results-to-out-params=modify-public-functions',
    '--canonicalize',
    ...PRINT_FLAGS,
  ], options);
}

/** Lowers the harness (linalg, affine, scf, memref, math, vector) to the LLVM dialect. */
export function lowerToLlvm(toolchain: Toolchain, file: string, output: string, options: ToolRunOptions): Promise<ToolRun> {
  return runTool(toolchain, 'mlir-opt', [
    file,
    '--scf-forall-to-for',
    '--convert-linalg-to-loops',
    '--fold-memref-alias-ops',
    '--expand-strided-metadata',
    '--lower-affine',
    '--convert-vector-to-scf',
    '--convert-scf-to-cf',
    '--convert-vector-to-llvm',
    '--finalize-memref-to-llvm',
    '--convert-math-to-llvm',
    '--convert-math-to-libm',
    '--convert-arith-to-llvm',
    '--convert-index-to-llvm',
    '--convert-ub-to-llvm',
    '--convert-func-to-llvm',
    '--convert-cf-to-llvm',
    '--reconcile-unrealized-casts',
    '-o', output,
  ], options);
}

/** Runs the lowered harness's entry point with the JIT. */
export function runHarness(toolchain: Toolchain, file: string, options: ToolRunOptions): Promise<ToolRun> {
  const libraries = ['libmlir_runner_utils.so', 'libmlir_c_runner_utils.so'].map((lib) => path.join(toolchain.libDir, lib));
  return runTool(toolchain, 'mlir-runner', [
    file, '-e', HARNESS_ENTRY, '-entry-point-result=void', `-shared-libs=${libraries.join(',')}`,
  ], options);
}
