import { stat } from 'node:fs/promises';
import path from 'node:path';
import { HlschedError } from '../../errors.js';
import type { Embedder } from './types.js';

/**
 * A sentence-embedding ONNX model from a local folder (for example all-MiniLM-L6-v2 exported for
 * transformers.js), run by @huggingface/transformers with remote loading off: nothing is downloaded.
 */
export class TransformersEmbedder implements Embedder {
  readonly id: string;
  private extractor: Promise<(texts: string[], options: object) => Promise<{ tolist(): number[][] }>> | undefined;

  constructor(readonly modelDir: string) {
    this.id = `transformers:${path.basename(path.resolve(modelDir))}`;
  }

  private async load() {
    const folder = path.resolve(this.modelDir);
    const found = await stat(path.join(folder, 'config.json')).then(() => true, () => false);
    if (!found) {
      throw new HlschedError('INPUT_UNREADABLE', `no transformers.js model in ${folder} (config.json missing)`,
        { hint: 'give --embed-model a folder holding config.json, tokenizer.json and onnx/model.onnx, or use --embedder use' });
    }
    const transformers = await import('@huggingface/transformers');
    transformers.env.allowRemoteModels = false;
    transformers.env.allowLocalModels = true;
    transformers.env.localModelPath = path.dirname(folder);
    const pipeline = await transformers.pipeline('feature-extraction', path.basename(folder), { local_files_only: true } as never);
    return pipeline as unknown as (texts: string[], options: object) => Promise<{ tolist(): number[][] }>;
  }

  async embed(texts: string[]): Promise<number[][]> {
    this.extractor ??= this.load();
    const extract = await this.extractor;
    const output = await extract(texts, { pooling: 'mean', normalize: true });
    return output.tolist();
  }
}
