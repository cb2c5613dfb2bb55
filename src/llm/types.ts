/** A language model that answers a chat with JSON matching a schema. Implementations: Ollama, OpenAI-compatible, llama.cpp. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** Tokens of one exchange, as the provider counted them (estimated when it does not say). */
export interface AnswerUsage {
  promptTokens?: number;
  answerTokens: number;
}

export interface GenerateOptions {
  /** JSON Schema the answer must match (structured output / grammar). */
  schema: object;
  temperature?: number;
  seed?: number;
  timeoutMs?: number;
  /** Most tokens of the answer; a longer one is cut off (`AnswerCutOff`). */
  maxTokens?: number;
  /** Called with each piece of text as it streams (progress on a terminal). */
  onToken?: (text: string) => void;
  /** Called once the answer is complete, with its token counts. */
  onUsage?: (usage: AnswerUsage) => void;
}

export interface LlmProvider {
  readonly name: 'ollama' | 'openai' | 'llama-cpp';
  readonly model: string;
  /** Where it runs, for messages: a URL or a file path. */
  readonly location: string;
  /** Resolves when the provider can answer; rejects with an HlschedError saying how to make it answer. */
  check(): Promise<void>;
  chat(messages: ChatMessage[], options: GenerateOptions): Promise<string>;
  /** The context window the provider really uses (known after `check`), when it knows it. */
  contextWindow?(): number | undefined;
  /** The model's own tokenizer, when it runs in-process: prompts are then measured exactly. */
  tokenCounter?(): Promise<(text: string) => number>;
  /** Frees what the provider holds (a loaded model); it may be used again afterwards. */
  dispose?(): Promise<void>;
}

/**
 * The answer reached its token limit before the schema's end: a classified failure of that answer
 * (`cut-off` in the transcript), not of the run.
 */
export class AnswerCutOff extends Error {
  constructor(readonly partial: string, readonly maxTokens: number) {
    super(`the answer was cut off at ${maxTokens} tokens before it was complete`);
    this.name = 'AnswerCutOff';
  }

  static isInstance(value: unknown): value is AnswerCutOff {
    return typeof value === 'object' && value !== null && (value as { name?: unknown }).name === 'AnswerCutOff';
  }
}

export const PROVIDER_NAMES = ['ollama', 'llama-cpp', 'openai'] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

export interface LlmConfig {
  provider?: ProviderName | 'auto' | 'none';
  model?: string;
  /** Ollama host (default OLLAMA_HOST or http://127.0.0.1:11434). */
  host?: string;
  /** OpenAI-compatible base URL, e.g. http://127.0.0.1:8080/v1. */
  baseUrl?: string;
  apiKey?: string;
  /** GGUF file for llama-cpp. */
  modelPath?: string;
  /** The model's context window in tokens (llama-cpp: at most the model's trained context). */
  contextTokens?: number;
  /** llama-cpp: threads for evaluation (default: half the machine's cores; never more than all). */
  threads?: number;
  timeoutMs?: number;
  retries?: number;
}
