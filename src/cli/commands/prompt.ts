import { AnalyticBackend } from '../../hls/estimate.js';
import { loadTarget } from '../../hls/target.js';
import { readManifest } from '../../knowledge/index-files.js';
import { DEFAULT_INDEX_DIR } from '../../knowledge/ingest.js';
import { KnowledgeBase } from '../../knowledge/knowledge-base.js';
import { buildPrompt } from '../../llm/prompt.js';
import { analyzeKernel } from '../../optimize/kernel-info.js';
import { retrieveContext } from '../../optimize/llm-proposer.js';
import { discoverToolchain } from '../../toolchain/discover.js';
import { parsePositiveNumber } from '../options.js';
import type { CliIo } from '../output.js';

export interface PromptCliOptions {
  target?: string;
  request?: string;
  contextTokens?: unknown;
  index?: string;
  func?: string;
  json?: boolean;
}

export async function runPromptCommand(kernelPath: string, options: PromptCliOptions, io: CliIo): Promise<number> {
  const target = await loadTarget(options.target ?? 'fpga');
  const toolchain = await discoverToolchain();
  const kernel = await analyzeKernel(toolchain, kernelPath, options.func);
  const baseline = await new AnalyticBackend().estimate(kernelPath, target, { func: kernel.functionName });
  const indexDir = options.index ?? DEFAULT_INDEX_DIR;
  const kb = (await readManifest(indexDir)) ? await KnowledgeBase.open(indexDir) : undefined;
  const prompt = buildPrompt({
    kernel, baseline, target, retrieved: await retrieveContext(kb, kernel, baseline),
    ...(options.request ? { request: String(options.request) } : {}),
    ...(options.contextTokens === undefined ? {} : { contextTokens: Math.floor(parsePositiveNumber('--context-tokens', options.contextTokens)!) }),
  });
  if (options.json) {
    io.stdout(`${JSON.stringify(prompt, null, 2)}\n`);
    return 0;
  }
  for (const message of prompt.messages) io.stdout(`===== ${message.role} =====\n${message.content}\n\n`);
  io.stderr(`prompt: ${prompt.tokens} of ${prompt.budget} tokens (estimated at 3 characters a token)${kb ? '' : '; no index: run `hlsched ingest` to add docs and examples'}\n`);
  for (const section of prompt.sections) io.stderr(`  ${section.name.padEnd(48)} ${String(section.tokens).padStart(6)}  ${section.included}\n`);
  return 0;
}
