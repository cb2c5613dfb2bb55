import { access } from 'node:fs/promises';
import { HlschedError } from '../errors.js';
import type { ChatMessage, GenerateOptions, LlmProvider } from './types.js';

/**
 * node-llama-cpp in-process with a GGUF file: for machines with no model server. Answers are
 * constrained by a grammar built from the JSON Schema, so every answer parses.
 */
export class LlamaCppProvider implements LlmProvider {
  readonly name = 'llama-cpp' as const;
  readonly model: string;
  private session: Promise<{ prompt: (text: string, options: object) => Promise<string>; grammarFor: (schema: object) => Promise<unknown>; reset: () => void }> | undefined;

  constructor(readonly location: string, private readonly contextTokens = 8192) {
    this.model = location.split('/').pop() ?? location;
  }

  async check(): Promise<void> {
    if (!this.location) {
      throw new HlschedError('USAGE', '--llm llama-cpp needs a GGUF model file', { hint: 'give it with --model-path FILE.gguf (or llm.modelPath in hlsched.config.json)' });
    }
    try {
      await access(this.location);
    } catch (cause) {
      throw new HlschedError('BACKEND_UNAVAILABLE', `no GGUF model at ${this.location}`,
        { hint: 'copy a GGUF file (for example a Llama 3.1 8B Instruct Q4_K_M) to this machine and pass its path with --model-path', cause });
    }
  }

  private load() {
    return (async () => {
      await this.check();
      const { getLlama, LlamaChatSession } = await import('node-llama-cpp');
      const llama = await getLlama();
      let model;
      try {
        model = await llama.loadModel({ modelPath: this.location });
      } catch (cause) {
        throw new HlschedError('BACKEND_UNAVAILABLE', `node-llama-cpp cannot load ${this.location}: ${(cause as Error).message}`, { hint: 'is it a GGUF file this llama.cpp version reads?', cause });
      }
      const context = await model.createContext({ contextSize: this.contextTokens });
      let session = new LlamaChatSession({ contextSequence: context.getSequence() });
      return {
        prompt: (text: string, options: object) => session.prompt(text, options),
        grammarFor: (schema: object) => llama.createGrammarForJsonSchema(schema as never),
        reset: () => { session.dispose(); session = new LlamaChatSession({ contextSequence: context.getSequence() }); },
      };
    })();
  }

  async chat(messages: ChatMessage[], options: GenerateOptions): Promise<string> {
    this.session ??= this.load();
    const session = await this.session;
    session.reset();
    const grammar = await session.grammarFor(options.schema);
    // The session keeps its own history: send the conversation as one prompt.
    const text = messages.map((m) => `${m.role === 'user' ? '' : `[${m.role}]\n`}${m.content}`).join('\n\n');
    return session.prompt(text, { grammar, temperature: options.temperature ?? 0.7, ...(options.seed === undefined ? {} : { seed: options.seed }), ...(options.onToken ? { onTextChunk: options.onToken } : {}) });
  }
}
