import { Ollama } from 'ollama';
import { HlschedError } from '../errors.js';
import { withRetries } from './retry.js';
import { AnswerCutOff, type ChatMessage, type GenerateOptions, type LlmProvider } from './types.js';

export const DEFAULT_OLLAMA_MODEL = 'llama3.1:8b';

/** The Ollama client's way of saying nothing listens at the host (fetch's cause codes). */
export function isConnectionFailure(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code === 'ECONNREFUSED' || cause?.code === 'ENOTFOUND' || cause?.code === 'EHOSTUNREACH' || (error as Error).message === 'fetch failed';
}

export class OllamaProvider implements LlmProvider {
  readonly name = 'ollama' as const;
  private readonly client: Ollama;

  constructor(readonly model = DEFAULT_OLLAMA_MODEL, readonly location = process.env.OLLAMA_HOST ?? 'http://127.0.0.1:11434',
    private readonly contextTokens = 8192, private readonly retries = 2, private readonly timeoutMs = 300_000) {
    // The client ignores OLLAMA_HOST: pass it. Its requests get a time limit through the fetch it uses.
    const limitedFetch: typeof fetch = (input, init) => {
      const limit = AbortSignal.timeout(this.timeoutMs);
      return fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, limit]) : limit });
    };
    this.client = new Ollama({ host: location, fetch: limitedFetch });
  }

  private unreachable(cause: unknown): HlschedError {
    return new HlschedError('BACKEND_UNAVAILABLE', `no Ollama server answers at ${this.location}`,
      { hint: 'start it with `ollama serve` (or set OLLAMA_HOST), or run with --llm none', cause });
  }

  async check(): Promise<void> {
    let models: string[];
    try {
      models = (await this.client.list()).models.map((m) => m.name);
    } catch (cause) {
      throw isConnectionFailure(cause) ? this.unreachable(cause) : new HlschedError('BACKEND_UNAVAILABLE', `the Ollama server at ${this.location} did not list its models: ${(cause as Error).message}`, { cause });
    }
    const wanted = this.model.includes(':') ? this.model : `${this.model}:latest`;
    if (!models.includes(this.model) && !models.includes(wanted)) {
      throw new HlschedError('BACKEND_UNAVAILABLE', `the Ollama server at ${this.location} has no model ${this.model} (it has: ${models.join(', ') || 'none'})`,
        { hint: `pull it where a model hub is reachable: ollama pull ${this.model}, or choose one with --model` });
    }
  }

  async chat(messages: ChatMessage[], options: GenerateOptions): Promise<string> {
    return withRetries(async () => {
      try {
        const request = {
          model: this.model, messages, format: options.schema,
          options: { temperature: options.temperature ?? 0.7, num_ctx: this.contextTokens, ...(options.seed === undefined ? {} : { seed: options.seed }), ...(options.maxTokens ? { num_predict: options.maxTokens } : {}) },
        };
        /** Token counts and whether the answer hit num_predict, from Ollama's final message. */
        const finish = (text: string, last: { eval_count?: number; prompt_eval_count?: number; done_reason?: string }) => {
          options.onUsage?.({ answerTokens: last.eval_count ?? Math.ceil(text.length / 3), ...(last.prompt_eval_count ? { promptTokens: last.prompt_eval_count } : {}) });
          if (last.done_reason === 'length' && options.maxTokens) throw new AnswerCutOff(text, options.maxTokens);
          return text;
        };
        if (options.onToken) {
          let text = '';
          let last = {};
          for await (const part of await this.client.chat({ ...request, stream: true })) {
            text += part.message.content;
            options.onToken(part.message.content);
            last = part;
          }
          return finish(text, last);
        }
        const response = await this.client.chat({ ...request, stream: false });
        return finish(response.message.content, response);
      } catch (cause) {
        if (AnswerCutOff.isInstance(cause)) throw cause;
        if ((cause as Error).name === 'TimeoutError' || (cause as Error).name === 'AbortError') {
          throw new HlschedError('TOOL_FAILED', `the model at ${this.location} did not answer within ${this.timeoutMs / 1000} s`, { cause });
        }
        if (isConnectionFailure(cause)) throw this.unreachable(cause);
        if ((cause as { status_code?: number }).status_code === 404) {
          throw new HlschedError('BACKEND_UNAVAILABLE', `the Ollama server at ${this.location} has no model ${this.model}`, { hint: `ollama pull ${this.model}`, cause });
        }
        throw new HlschedError('TOOL_FAILED', `Ollama chat failed: ${(cause as Error).message}`, { cause });
      }
    }, this.retries);
  }
}
