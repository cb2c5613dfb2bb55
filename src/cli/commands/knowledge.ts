import cliProgress from 'cli-progress';
import { HlschedError } from '../../errors.js';
import { createEmbedder } from '../../knowledge/embedders/index.js';
import { ingest } from '../../knowledge/ingest.js';
import { KnowledgeBase } from '../../knowledge/knowledge-base.js';
import { DOCUMENT_KINDS, prose, type DocumentKind, type SearchOptions } from '../../knowledge/types.js';
import { asList, parsePositiveNumber } from '../options.js';
import type { CliIo } from '../output.js';

export interface IngestCliOptions {
  source?: unknown;
  embedder?: string;
  embedModel?: string;
  rebuild?: boolean;
  json?: boolean;
  index?: string;
  corpus?: string;
}

export async function runIngestCommand(options: IngestCliOptions, io: CliIo): Promise<number> {
  const embedder = createEmbedder(options.embedder ?? 'use', options.embedModel);
  // A progress bar only on a terminal: logs and pipes get the summary line alone.
  const bar = process.stderr.isTTY && !options.json
    ? new cliProgress.SingleBar({ format: 'hlsched ingest {phase} [{bar}] {value}/{total}', hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic)
    : undefined;
  let started = false;
  const result = await ingest({
    sources: asList(options.source).map(String), embedder, rebuild: !!options.rebuild,
    ...(options.index ? { indexDir: options.index } : {}), ...(options.corpus ? { corpusDir: options.corpus } : {}),
    onProgress: (event) => {
      if (!bar) return;
      if (!started) { bar.start(event.total, event.done, { phase: event.phase }); started = true; }
      bar.setTotal(event.total);
      bar.update(event.done, { phase: event.phase });
    },
  }).finally(() => bar?.stop());
  if (options.json) {
    io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    const kinds = Object.entries(result.byKind).map(([kind, n]) => `${n} ${kind}${n === 1 ? '' : 's'}`).join(', ');
    io.stdout(`indexed ${result.documents} documents (${kinds}) in ${result.indexDir} with ${result.embedder}: `
      + `${result.embedded} embedded, ${result.reused} unchanged${result.rebuiltBecause ? ` (full build: ${result.rebuiltBecause})` : ''}, ${result.seconds.toFixed(1)} s\n`);
  }
  return 0;
}

export interface SearchCliOptions {
  k?: unknown;
  kind?: string;
  op?: string;
  mode?: string;
  json?: boolean;
  index?: string;
  embedder?: string;
  embedModel?: string;
}

export async function runSearchCommand(query: string, options: SearchCliOptions, io: CliIo): Promise<number> {
  if (!query.trim()) throw new HlschedError('USAGE', 'the search query is empty', { hint: 'give words or an MLIR snippet: hlsched search "tile a matmul"' });
  if (options.kind !== undefined && !(DOCUMENT_KINDS as readonly string[]).includes(options.kind)) {
    throw new HlschedError('USAGE', `--kind ${options.kind} is not a document kind`, { hint: `use --kind ${DOCUMENT_KINDS.join('|')}` });
  }
  if (options.mode !== undefined && !['hybrid', 'lexical', 'dense'].includes(options.mode)) {
    throw new HlschedError('USAGE', `--mode ${options.mode} is not a ranking`, { hint: 'use --mode hybrid|lexical|dense' });
  }
  const kb = await KnowledgeBase.open(options.index, options.embedder ? createEmbedder(options.embedder, options.embedModel) : undefined);
  const search: SearchOptions = {
    k: options.k === undefined ? 5 : Math.floor(parsePositiveNumber('--k', options.k)!),
    ...(options.kind ? { kind: options.kind as DocumentKind } : {}),
    ...(options.op ? { op: options.op } : {}),
    ...(options.mode ? { mode: options.mode as SearchOptions['mode'] } : {}),
  };
  const hits = await kb.search(query, search);
  if (options.json) {
    io.stdout(`${JSON.stringify(hits, null, 2)}\n`);
    return 0;
  }
  if (hits.length === 0) io.stdout('no documents match\n');
  hits.forEach((hit, rank) => {
    const preview = prose(hit.text).replace(/\s+/g, ' ').replace(hit.title, '').trim().slice(0, 160);
    io.stdout(`${rank + 1}. [${hit.kind}] ${hit.title}  (${hit.id}, score ${hit.score})\n   ${hit.source}\n   ${preview}\n`);
  });
  return 0;
}
