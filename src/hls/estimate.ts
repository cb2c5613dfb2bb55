import { HlschedError } from '../errors.js';
import { parseGenericModule } from '../ir/generic.js';
import { discoverToolchain } from '../toolchain/discover.js';
import { DEFAULT_TOOL_MEMORY_MB, DEFAULT_TOOL_TIMEOUT_MS } from '../toolchain/run-tool.js';
import { readInput } from '../verify/inputs.js';
import { estimateGenericModule } from './analytic.js';
import { frontEndUnrollNote } from './full-unroll.js';
import { normalizeForEstimate } from './normalize.js';
import type { TargetSpec } from './target.js';
import type { Estimate, EstimateOptions, LatencyBackend } from './types.js';

/** The calibrated analytic model: mlir-opt normalizes, TypeScript schedules. */
export class AnalyticBackend implements LatencyBackend {
  readonly name = 'analytic' as const;

  async estimate(kernelPath: string, target: TargetSpec, options: EstimateOptions = {}): Promise<Estimate> {
    const kernelText = await readInput(kernelPath, 'kernel');
    if (options.schedule !== undefined) await readInput(options.schedule, 'schedule');
    const toolchain = await discoverToolchain();
    const { generic, frontEndUnrolled } = await normalizeForEstimate(toolchain, kernelPath, options.schedule, {
      timeoutMs: options.timeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS, memoryMb: DEFAULT_TOOL_MEMORY_MB,
    }, { fullUnrollThreshold: target.frontend.fullUnrollThreshold });
    let module;
    try {
      module = parseGenericModule(generic);
    } catch (cause) {
      throw new HlschedError('TOOL_FAILED', `cannot read mlir-opt's generic output for ${kernelPath}: ${(cause as Error).message}`, { cause });
    }
    const estimate = estimateGenericModule(module, target, { ...(options.func ? { func: options.func } : {}), sources: { [kernelPath]: kernelText } });
    if (frontEndUnrolled.length > 0) estimate.notes.push(frontEndUnrollNote(frontEndUnrolled, target.frontend.fullUnrollThreshold));
    return estimate;
  }
}
