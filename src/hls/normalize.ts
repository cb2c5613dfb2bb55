import { HlschedError } from '../errors.js';
import { locatedMessage, parseDiagnostics, type SourceMap } from '../toolchain/diagnostics.js';
import { applySchedule } from '../verify/mlir-steps.js';
import { describeRunEnd, runTool } from '../toolchain/run-tool.js';
import { withTempDir } from '../toolchain/temp-dir.js';
import type { Toolchain, ToolRunOptions } from '../toolchain/types.js';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Prints with source locations kept, so every loop and value in a report points at the user's file. */
export const KEEP_LOCATIONS = ['--mlir-print-debuginfo', '--mlir-print-local-scope'];

/**
 * What the estimator reads: the kernel (after the schedule, if any) bufferized, with linalg lowered
 * to affine loops, views folded into accesses, loops normalized to `0 to N step 1` (trip-count-1 loops
 * promoted), printed in generic form with locations.
 */
export const NORMALIZE_PASSES = [
  '--one-shot-bufferize=bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map',
  '--buffer-results-to-out-params=modify-public-functions',
  '--convert-linalg-to-affine-loops',
  '--fold-memref-alias-ops',
  '--affine-loop-normalize=promote-single-iter',
  '--canonicalize',
];

export interface NormalizeResult {
  generic: string;
  timings: Record<string, number>;
}

export async function normalizeForEstimate(toolchain: Toolchain, kernelPath: string, schedulePath: string | undefined,
  tool: ToolRunOptions): Promise<NormalizeResult> {
  const sources: SourceMap = { [kernelPath]: { role: 'kernel', file: kernelPath } };
  if (schedulePath) sources[schedulePath] = { role: 'schedule', file: schedulePath };
  const timings: Record<string, number> = {};
  return withTempDir(async (dir) => {
    let input = kernelPath;
    if (schedulePath) {
      const applied = await applySchedule(toolchain, kernelPath, schedulePath, tool, KEEP_LOCATIONS);
      timings.apply = Math.round(applied.durationMs);
      if (applied.exitCode !== 0) {
        const diagnostics = parseDiagnostics(applied.stderr, sources);
        const first = diagnostics[0];
        throw new HlschedError(diagnostics.some((d) => d.role === 'kernel') ? 'KERNEL_INVALID' : 'SCHEDULE_REJECTED',
          `applying ${schedulePath} to ${kernelPath} failed: ${first ? locatedMessage(first) : describeRunEnd(applied, tool.timeoutMs)}`,
          { hint: 'check the schedule with `hlsched verify KERNEL SCHEDULE`', diagnostics });
      }
      input = path.join(dir, 'scheduled.mlir');
      await writeFile(input, applied.stdout);
    }
    const normalized = await runTool(toolchain, 'mlir-opt', [input, ...NORMALIZE_PASSES, '--mlir-print-op-generic', ...KEEP_LOCATIONS], tool);
    timings.normalize = Math.round(normalized.durationMs);
    if (normalized.exitCode !== 0) {
      const diagnostics = parseDiagnostics(normalized.stderr, sources);
      const first = diagnostics[0];
      throw new HlschedError('KERNEL_INVALID', `kernel ${kernelPath} cannot be normalized for estimation: ${first ? locatedMessage(first) : describeRunEnd(normalized, tool.timeoutMs)}`,
        { hint: 'the estimator needs a kernel that `mlir-opt --convert-linalg-to-affine-loops` accepts', diagnostics });
    }
    return { generic: normalized.stdout, timings };
  });
}
