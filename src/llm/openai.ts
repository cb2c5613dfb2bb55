import { HlschedError } from '../errors.js';
import { withRetries } from './retry.js';
import { AnswerCutOff, type ChatMessage, type GenerateOptions, type LlmProvider } from './types.js';

/** Any OpenAI-compatible chat endpoint (llama.cpp's server, vLLM, LM Studio) by base URL. */
export class OpenAiCompatibleProvider implements LlmProvider {
  readonly name = 'openai' as const;

  constructor(readonly model: string, readonly location: string, private readonly apiKey = process.env.OPENAI_API_KEY ?? '',
    private readonly timeoutMs = 300_000, private readonly retries = 2) {}

  private url(pathname: string): string {
    return `${this.location.replace(/\/$/, '')}${pathname}`;
  }

  private headers(): Record<string, string> {
    return { 'content-type': 'application/json', ...(this.apiKey ? { authorization: `Bearer ${this.apiKey}` } : {}) };
  }

  private unreachable(cause: unknown): HlschedError {
    return new HlschedError('BACKEND_UNAVAILABLE', `no OpenAI-compatible server answers at ${this.location}`,
      { hint: 'start one (for example `llama-server -m model.gguf --port 8080`, then --base-url http://127.0.0.1:8080/v1), or run with --llm none', cause });
  }

  async check(): Promise<void> {
    let response: Response;
    try {
      response = await fetch(this.url('/models'), { headers: this.headers(), signal: AbortSignal.timeout(10_000) });
    } catch (cause) {
      throw this.unreachable(cause);
    }
    if (!response.ok) throw new HlschedError('BACKEND_UNAVAILABLE', `${this.url('/models')} answered ${response.status}`, { hint: 'check --base-url and the API key (OPENAI_API_KEY)' });
  }

  async chat(messages: ChatMessage[], options: GenerateOptions): Promise<string> {
    return withRetries(async () => {
      let response: Response;
      try {
        response = await fetch(this.url('/chat/completions'), {
          method: 'POST', headers: this.headers(), signal: AbortSignal.timeout(options.timeoutMs ?? this.timeoutMs),
          body: JSON.stringify({
            model: this.model, messages, temperature: options.temperature ?? 0.7, ...(options.seed === undefined ? {} : { seed: options.seed }),
            ...(options.maxTokens ? { max_tokens: options.maxTokens } : {}),
            response_format: { type: 'json_schema', json_schema: { name: 'recipe', strict: true, schema: options.schema } },
          }),
        });
      } catch (cause) {
        if ((cause as Error).name === 'TimeoutError') throw new HlschedError('TOOL_FAILED', `the model at ${this.location} did not answer in time`, { cause });
        throw this.unreachable(cause);
      }
      if (response.status >= 500) throw new HlschedError('TOOL_FAILED', `${this.location} answered ${response.status}`);
      if (!response.ok) {
        throw new HlschedError('BACKEND_UNAVAILABLE', `${this.location} refused the request (${response.status}): ${(await response.text()).slice(0, 200)}`,
          { hint: `check the model name (--model ${this.model}) and the API key` });
      }
      const body = await response.json() as { choices?: Array<{ message?: { content?: string }; finish_reason?: string }>; usage?: { prompt_tokens?: number; completion_tokens?: number } };
      const content = body.choices?.[0]?.message?.content;
      if (typeof content !== 'string') throw new HlschedError('TOOL_FAILED', `${this.location} answered without a message`);
      options.onToken?.(content);
      options.onUsage?.({ answerTokens: body.usage?.completion_tokens ?? Math.ceil(content.length / 3), ...(body.usage?.prompt_tokens ? { promptTokens: body.usage.prompt_tokens } : {}) });
      if (body.choices?.[0]?.finish_reason === 'length' && options.maxTokens) throw new AnswerCutOff(content, options.maxTokens);
      return content;
    }, this.retries);
  }
}
