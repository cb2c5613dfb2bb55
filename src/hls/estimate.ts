import { HlschedError } from '../errors.js';
import { parseGenericModule } from '../ir/generic.js';
import { discoverToolchain } from '../toolchain/discover.js';
import { DEFAULT_TOOL_MEMORY_MB, DEFAULT_TOOL_TIMEOUT_MS } from '../toolchain/run-tool.js';
import { readInput } from '../verify/inputs.js';
import { estimateThroughFrontEnd } from './front-end.js';
import { normalizeForEstimate } from './normalize.js';
import type { TargetSpec } from './target.js';
import type { Estimate, EstimateOptions, LatencyBackend } from './types.js';

/** The calibrated analytic model: mlir-opt normalizes (and models the HLS front end's unrolling), TypeScript schedules. */
export class AnalyticBackend implements LatencyBackend {
  readonly name = 'analytic' as const;

  async estimate(kernelPath: string, target: TargetSpec, options: EstimateOptions = {}): Promise<Estimate> {
    const kernelText = await readInput(kernelPath, 'kernel');
    if (options.schedule !== undefined) await readInput(options.schedule, 'schedule');
    const toolchain = await discoverToolchain();
    const tool = { timeoutMs: options.timeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS, memoryMb: DEFAULT_TOOL_MEMORY_MB };
    const { generic } = await normalizeForEstimate(toolchain, kernelPath, options.schedule, tool);
    try {
      parseGenericModule(generic);
    } catch (cause) {
      throw new HlschedError('TOOL_FAILED', `cannot read mlir-opt's generic output for ${kernelPath}: ${(cause as Error).message}`, { cause });
    }
    return estimateThroughFrontEnd(toolchain, generic, target, { ...(options.func ? { func: options.func } : {}), sources: { [kernelPath]: kernelText } }, tool);
  }
}
