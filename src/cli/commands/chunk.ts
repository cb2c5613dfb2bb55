import { HlschedError } from '../../errors.js';
import { chunkModule } from '../../chunking/chunk.js';
import { discoverToolchain } from '../../toolchain/discover.js';
import { readInput } from '../../verify/inputs.js';
import type { CliIo } from '../output.js';

export interface ChunkCliOptions {
  budget?: unknown;
  json?: boolean;
}

export async function runChunkCommand(model: string, options: ChunkCliOptions, io: CliIo): Promise<number> {
  const budget = options.budget === undefined ? 2048 : Number(options.budget);
  if (!Number.isFinite(budget) || budget <= 0) {
    throw new HlschedError('USAGE', `--budget ${String(options.budget)} is not a positive number of tokens`, { hint: 'give --budget 2048, for example' });
  }
  await readInput(model, 'kernel');
  const result = await chunkModule(await discoverToolchain(), model, budget);
  if (options.json) {
    const { ops, ...summary } = result;
    const byId = new Map(ops.map((op) => [op.id, op]));
    io.stdout(`${JSON.stringify({ ...summary, chunks: summary.chunks.map((chunk) => ({ ...chunk, ops: chunk.ops.map((id) => ({ id, function: byId.get(id)!.function, name: byId.get(id)!.name, line: byId.get(id)!.line ?? null })) })) }, null, 2)}\n`);
    return 0;
  }
  io.stdout(`${result.totalOps} schedulable ops, ${result.uniqueSignatures} unique signatures (budget ${budget} tokens per chunk)\n`);
  for (const chunk of result.chunks) {
    io.stdout(`\n[${chunk.id}] ${chunk.signature}: ${chunk.ops.length} op${chunk.ops.length > 1 ? 's' : ''}, ${chunk.tokens} tokens\n${chunk.text.replace(/^/gm, '  ')}\n`);
  }
  return 0;
}
