import { extractOps } from '../../chunking/chunk.js';
import { HlschedError } from '../../errors.js';
import { AnalyticBackend } from '../../hls/estimate.js';
import { loadTarget } from '../../hls/target.js';
import { readManifest } from '../../knowledge/index-files.js';
import { DEFAULT_INDEX_DIR } from '../../knowledge/ingest.js';
import { KnowledgeBase } from '../../knowledge/knowledge-base.js';
import { answerReserve, buildPrompt, type BuiltPrompt } from '../../llm/prompt.js';
import { analyzeKernel } from '../../optimize/kernel-info.js';
import { chunkBudgetFor, describeLayers, layerPrompt } from '../../optimize/layer-proposer.js';
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
  /** Whole models: a layer's signature (or a unique prefix of it), or `list`. */
  layer?: unknown;
  json?: boolean;
}

export async function runPromptCommand(kernelPath: string, options: PromptCliOptions, io: CliIo): Promise<number> {
  const contextTokens = options.contextTokens === undefined ? 8192 : Math.floor(parsePositiveNumber('--context-tokens', options.contextTokens)!);
  if (answerReserve(contextTokens) >= contextTokens - 64) {
    throw new HlschedError('USAGE', `--context-tokens ${contextTokens} leaves no room for a prompt`, { hint: 'give at least --context-tokens 512' });
  }
  const layerChoice = options.layer === undefined ? undefined : String(options.layer);
  if (layerChoice !== undefined && (layerChoice === '' || layerChoice === 'true')) {
    throw new HlschedError('USAGE', '--layer needs a signature', { hint: 'run `hlsched prompt MODEL --layer list` to see the layers' });
  }
  const target = await loadTarget(options.target ?? 'fpga');
  const toolchain = await discoverToolchain();
  const kernel = await analyzeKernel(toolchain, kernelPath, options.func);
  const baseline = await new AnalyticBackend().estimate(kernelPath, target, { func: kernel.functionName });
  const indexDir = options.index ?? DEFAULT_INDEX_DIR;
  const kb = (await readManifest(indexDir)) ? await KnowledgeBase.open(indexDir) : undefined;
  const request = options.request ? { request: String(options.request) } : {};
  let prompt: BuiltPrompt;
  if (layerChoice !== undefined) {
    const ops = extractOps(kernel.printed.generic, kernel.printed.generalized).filter((op) => op.function === kernel.functionName && op.line !== undefined);
    const layers = describeLayers(ops, kernel, baseline, chunkBudgetFor(contextTokens));
    if (layerChoice === 'list') {
      io.stdout(`${layers.length} unique layers of @${kernel.functionName} (${ops.length} ops), heaviest first:\n`);
      for (const layer of layers) io.stdout(`  ${layer.view.signature}  ${layer.view.op.padEnd(28)} x${String(layer.view.count).padEnd(5)} ${String(layer.view.cycles).padStart(10)} cycles  ${layer.view.members}\n`);
      return 0;
    }
    const matching = layers.filter((layer) => layer.view.signature.startsWith(layerChoice));
    if (matching.length !== 1) {
      const known = layers.slice(0, 8).map((layer) => layer.view.signature).join(', ');
      throw new HlschedError('USAGE', `${matching.length ? 'several layers start with' : 'no layer of this model has the signature'} ${layerChoice} (layers: ${known}${layers.length > 8 ? ', ...' : ''})`,
        { hint: 'run `hlsched prompt MODEL --layer list` to see every layer' });
    }
    prompt = await layerPrompt(undefined, matching[0]!, kernel.functionName, target, { ...(kb ? { kb } : {}), contextTokens, ...request });
  } else {
    prompt = buildPrompt({ kernel, baseline, target, retrieved: await retrieveContext(kb, kernel, baseline), ...request, contextTokens });
  }
  if (options.json) {
    io.stdout(`${JSON.stringify(prompt, null, 2)}\n`);
    return 0;
  }
  for (const message of prompt.messages) io.stdout(`===== ${message.role} =====\n${message.content}\n\n`);
  io.stderr(`prompt: ${prompt.tokens} of ${prompt.budget} tokens (estimated at 3 characters a token)${kb ? '' : '; no index: run `hlsched ingest` to add docs and examples'}\n`);
  for (const section of prompt.sections) io.stderr(`  ${section.name.padEnd(48)} ${String(section.tokens).padStart(6)}  ${section.included}\n`);
  return 0;
}
