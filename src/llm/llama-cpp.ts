import os from 'node:os';
import { HlschedError } from '../errors.js';
import { checkGguf, type GgufFacts } from './gguf-guard.js';
import { AnswerCutOff, type ChatMessage, type GenerateOptions, type LlmProvider } from './types.js';

/**
 * node-llama-cpp in-process with a GGUF file: for machines with no model server. The file is guarded
 * first (`gguf-guard.ts`); one model and one context are loaded once and answer any number of times
 * (each answer gets a fresh chat session whose sequence is released afterwards); the context is the
 * model's trained one unless a smaller one is asked for; threads never exceed the machine's cores.
 * Answers are constrained by a grammar built from the JSON Schema.
 */
export interface LlamaCppOptions {
  /** Requested context; clamped (with a warning) to the model's trained context. */
  contextTokens?: number;
  /** Evaluation threads; default half the machine's cores, ceiling all of them. */
  threads?: number;
  warn?: (message: string) => void;
}

interface Loaded {
  llama: import('node-llama-cpp').Llama;
  model: import('node-llama-cpp').LlamaModel;
  context: import('node-llama-cpp').LlamaContext;
  grammars: Map<string, import('node-llama-cpp').LlamaGrammar>;
}

/**
 * Threads for llama.cpp: the request, else half the cores (the evaluation cascade runs mlir-opt on the
 * others); never more than the cores. llama.cpp's threads spin while they wait: oversubscribed, one
 * answer of stories260K took 18 s with 2 threads on a loaded 2-core machine and 67 ms with 1.
 */
export function chooseThreads(requested: number | undefined, cores = os.availableParallelism(), warn?: (message: string) => void): number {
  if (requested === undefined) return Math.max(1, Math.floor(cores / 2));
  const whole = Math.max(1, Math.floor(requested));
  if (whole > cores) {
    warn?.(`--llm-threads ${whole} is more than this machine's ${cores} cores: using ${cores}`);
    return cores;
  }
  return whole;
}

/** The context to create: the request, else the model's trained context; never more than the trained one. */
export function chooseContext(requested: number | undefined, trainContext: number | undefined, warn?: (message: string) => void): number {
  if (!trainContext) return requested ?? 4096;
  if (requested === undefined) return trainContext;
  if (requested > trainContext) {
    warn?.(`--context-tokens ${requested} is more than the ${trainContext} tokens the model was trained on: using ${trainContext}`);
    return trainContext;
  }
  return requested;
}

/** node-llama-cpp's grammar knows `oneOf`, not `anyOf` (it would answer `null`); the schemas here have disjoint branches. */
export function forGrammar(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(forGrammar);
  if (typeof schema !== 'object' || schema === null) return schema;
  return Object.fromEntries(Object.entries(schema).map(([key, value]) => [key === 'anyOf' ? 'oneOf' : key, forGrammar(value)]));
}

export class LlamaCppProvider implements LlmProvider {
  readonly name = 'llama-cpp' as const;
  readonly model: string;
  readonly threads: number;
  private facts: GgufFacts | undefined;
  private context: number | undefined;
  private loaded: Promise<Loaded> | undefined;
  /** Answers one at a time: one context sequence is enough, and threads are not oversubscribed. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly location: string, private readonly options: LlamaCppOptions = {}) {
    this.model = location.split('/').pop() ?? location;
    this.threads = chooseThreads(options.threads, undefined, options.warn);
  }

  async check(): Promise<void> {
    if (!this.location) {
      throw new HlschedError('USAGE', '--llm llama-cpp needs a GGUF model file', { hint: 'give it with --model-path FILE.gguf (or llm.modelPath in hlsched.config.json)' });
    }
    if (this.facts) return;
    this.facts = await checkGguf(this.location);
    this.context = chooseContext(this.options.contextTokens, this.facts.trainContext, this.options.warn);
  }

  contextWindow(): number | undefined {
    return this.context;
  }

  async tokenCounter(): Promise<(text: string) => number> {
    const { model } = await this.load();
    return (text: string) => model.tokenize(text).length;
  }

  private load(): Promise<Loaded> {
    this.loaded ??= (async () => {
      await this.check();
      const { getLlama, LlamaLogLevel } = await import('node-llama-cpp');
      const llama = await getLlama({ gpu: false, build: 'never', logLevel: LlamaLogLevel.error, progressLogs: false, maxThreads: this.threads });
      let model;
      try {
        model = await llama.loadModel({ modelPath: this.location });
      } catch (cause) {
        await llama.dispose();
        throw new HlschedError('BACKEND_UNAVAILABLE', `node-llama-cpp cannot load ${this.location}: ${(cause as Error).message.split('\n')[0]}`, { hint: 'is it a GGUF file this llama.cpp version reads?', cause });
      }
      const context = await model.createContext({ contextSize: this.context!, threads: this.threads, sequences: 1 });
      return { llama, model, context, grammars: new Map() };
    })();
    this.loaded.catch(() => { this.loaded = undefined; });
    return this.loaded;
  }

  chat(messages: ChatMessage[], options: GenerateOptions): Promise<string> {
    const answer = this.queue.then(() => this.answer(messages, options));
    this.queue = answer.catch(() => undefined);
    return answer;
  }

  private async answer(messages: ChatMessage[], options: GenerateOptions): Promise<string> {
    const loaded = await this.load();
    const { LlamaChatSession } = await import('node-llama-cpp');
    const schemaKey = JSON.stringify(options.schema);
    let grammar = loaded.grammars.get(schemaKey);
    if (!grammar) {
      try {
        grammar = await loaded.llama.createGrammarForJsonSchema(forGrammar(options.schema) as never);
      } catch (cause) {
        throw new HlschedError('TOOL_FAILED', `llama.cpp cannot turn the answer schema into a grammar: ${(cause as Error).message.split('\n')[0]}`, { cause });
      }
      loaded.grammars.set(schemaKey, grammar);
    }
    const system = messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n\n');
    const turns = messages.filter((m) => m.role !== 'system');
    const last = turns.at(-1);
    if (!last || last.role !== 'user') throw new HlschedError('USAGE', 'a chat must end with a user message');
    // Earlier turns (a repair: the answer, then what was wrong with it) become the session's history.
    const history: Array<{ type: 'system'; text: string } | { type: 'user'; text: string } | { type: 'model'; response: string[] }> = system ? [{ type: 'system', text: system }] : [];
    for (const turn of turns.slice(0, -1)) history.push(turn.role === 'user' ? { type: 'user', text: turn.content } : { type: 'model', response: [turn.content] });
    const session = new LlamaChatSession({ contextSequence: loaded.context.getSequence(), ...(system ? { systemPrompt: system } : {}) });
    try {
      session.setChatHistory(history as never);
      const maxTokens = options.maxTokens ?? 1024;
      const result = await session.promptWithMeta(last.content, {
        grammar, maxTokens, temperature: options.temperature ?? 0.7,
        ...(options.seed === undefined ? {} : { seed: options.seed }),
        ...(options.onToken ? { onTextChunk: options.onToken } : {}),
      });
      const text = result.responseText;
      options.onUsage?.({ answerTokens: loaded.model.tokenize(text).length });
      if (result.stopReason === 'maxTokens') throw new AnswerCutOff(text, maxTokens);
      return text;
    } finally {
      // Without disposeSequence the next answer finds "No sequences left".
      session.dispose({ disposeSequence: true });
    }
  }

  async dispose(): Promise<void> {
    const loaded = this.loaded;
    this.loaded = undefined;
    if (!loaded) return;
    const { llama, model, context } = await loaded.catch(() => ({ llama: undefined, model: undefined, context: undefined }));
    await context?.dispose();
    await model?.dispose();
    await llama?.dispose();
  }
}
