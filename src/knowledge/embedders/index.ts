import { HlschedError } from '../../errors.js';
import { OllamaEmbedder } from './ollama.js';
import { TransformersEmbedder } from './transformers.js';
import { EMBEDDER_NAMES, type Embedder } from './types.js';
import { UseEmbedder } from './use.js';

export * from './types.js';
export { UseEmbedder, OllamaEmbedder, TransformersEmbedder };

/** `use` (default), `ollama` (model name, default nomic-embed-text), `transformers` (model folder, required). */
export function createEmbedder(name: string = 'use', model?: string): Embedder {
  switch (name) {
    case 'use': return new UseEmbedder();
    case 'ollama': return new OllamaEmbedder(model);
    case 'transformers':
      if (!model) throw new HlschedError('USAGE', '--embedder transformers needs --embed-model FOLDER', { hint: 'name a local folder holding a transformers.js ONNX model' });
      return new TransformersEmbedder(model);
    default:
      throw new HlschedError('USAGE', `unknown embedder ${name}`, { hint: `use --embedder ${EMBEDDER_NAMES.join('|')}` });
  }
}
