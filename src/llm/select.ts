import { readConfig } from '../config/config-file.js';
import { HlschedError } from '../errors.js';
import { LlamaCppProvider } from './llama-cpp.js';
import { DEFAULT_OLLAMA_MODEL, OllamaProvider } from './ollama.js';
import { OpenAiCompatibleProvider } from './openai.js';
import type { LlmConfig, LlmProvider } from './types.js';

/** The `llm` section of the config file (`hlsched.config.json`, or the XDG config: see src/config). */
export async function readLlmConfig(cwd = process.cwd()): Promise<LlmConfig> {
  return ((await readConfig(cwd)).config.llm ?? {}) as LlmConfig;
}

function make(name: 'ollama' | 'openai' | 'llama-cpp', config: LlmConfig, warn?: (message: string) => void): LlmProvider {
  const context = config.contextTokens ?? 8192;
  switch (name) {
    case 'ollama': return new OllamaProvider(config.model ?? DEFAULT_OLLAMA_MODEL, config.host ?? process.env.OLLAMA_HOST ?? 'http://127.0.0.1:11434', context, config.retries ?? 2, config.timeoutMs ?? 300_000);
    case 'openai': {
      const baseUrl = config.baseUrl ?? process.env.OPENAI_BASE_URL;
      if (!baseUrl) throw new HlschedError('USAGE', '--llm openai needs the server\'s base URL', { hint: 'give --base-url http://127.0.0.1:8080/v1 (or OPENAI_BASE_URL, or llm.baseUrl in hlsched.config.json)' });
      return new OpenAiCompatibleProvider(config.model ?? 'default', baseUrl, config.apiKey ?? process.env.OPENAI_API_KEY ?? '', config.timeoutMs ?? 300_000, config.retries ?? 2);
    }
    case 'llama-cpp': return new LlamaCppProvider(config.modelPath ?? '', {
      ...(config.contextTokens ? { contextTokens: config.contextTokens } : {}), ...(config.threads ? { threads: config.threads } : {}), ...(warn ? { warn } : {}),
    });
  }
}

/** `llama-cpp stories260K.gguf at FILE (context 2048 tokens, 1 thread)`: what the report and the log say. */
function describeProvider(provider: LlmProvider): string {
  const context = provider.contextWindow?.();
  const threads = provider instanceof LlamaCppProvider ? provider.threads : undefined;
  const details = [...(context ? [`context ${context} tokens`] : []), ...(threads ? [`${threads} thread${threads === 1 ? '' : 's'}`] : [])];
  return `${provider.name} ${provider.model} at ${provider.location}${details.length ? ` (${details.join(', ')})` : ''}`;
}

export interface Selection {
  provider?: LlmProvider;
  /** Which was chosen and why, or why none: for the log and the report. */
  note: string;
}

/**
 * `none`: no model. A named provider must answer, or it is exit 2 naming the host and how to start it.
 * `auto`: the first that answers of Ollama, an OpenAI-compatible server (when a base URL is configured)
 * and llama.cpp (when a model file is configured); none answering is fine: the tuner runs alone.
 */
export async function selectProvider(config: LlmConfig, warn?: (message: string) => void): Promise<Selection> {
  const choice = config.provider ?? 'auto';
  if (choice === 'none') return { note: 'no LLM (--llm none)' };
  if (choice !== 'auto') {
    const provider = make(choice, config, warn);
    await provider.check();
    return { provider, note: `${describeProvider(provider)}` };
  }
  const reasons: string[] = [];
  const candidates: Array<'ollama' | 'openai' | 'llama-cpp'> = ['ollama'];
  if (config.baseUrl ?? process.env.OPENAI_BASE_URL) candidates.push('openai');
  if (config.modelPath) candidates.push('llama-cpp');
  for (const name of candidates) {
    try {
      const provider = make(name, config, warn);
      await provider.check();
      return { provider, note: `--llm auto chose ${describeProvider(provider)}` };
    } catch (error) {
      reasons.push((error as Error).message);
    }
  }
  return { note: `--llm auto found no model (${reasons.join('; ')}): tuner and corpus only` };
}
