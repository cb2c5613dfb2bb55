/** A language model that answers a chat with JSON matching a schema. Implementations: Ollama, OpenAI-compatible, llama.cpp. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface GenerateOptions {
  /** JSON Schema the answer must match (structured output / grammar). */
  schema: object;
  temperature?: number;
  seed?: number;
  timeoutMs?: number;
  /** Called with each piece of text as it streams (progress on a terminal). */
  onToken?: (text: string) => void;
}

export interface LlmProvider {
  readonly name: 'ollama' | 'openai' | 'llama-cpp';
  readonly model: string;
  /** Where it runs, for messages: a URL or a file path. */
  readonly location: string;
  /** Resolves when the provider can answer; rejects with an HlschedError saying how to make it answer. */
  check(): Promise<void>;
  chat(messages: ChatMessage[], options: GenerateOptions): Promise<string>;
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
  /** The model's context window in tokens. */
  contextTokens?: number;
  timeoutMs?: number;
  retries?: number;
}
