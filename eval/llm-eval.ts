/**
 * `npm run eval -- --llm <ollama|openai|llama-cpp> --model M`: what a language model adds to the
 * optimizer. Every suite kernel is optimized twice, with the same evaluation budget and the same
 * sampling seeds: tuner alone, then tuner + model (each run on its own scratch corpus, so neither
 * reuses the other). The table says, per kernel, the best speedup without and with the model, and what
 * became of the model's answers: schema-valid, applied (rendered, applied and estimated), verified,
 * better than the tuner, repairs that succeeded, tokens and seconds per answer.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { cac } from 'cac';
import { HlschedError } from '../src/errors.js';
import { loadTarget } from '../src/hls/target.js';
import { selectProvider } from '../src/llm/select.js';
import { PROVIDER_NAMES, type LlmConfig, type ProviderName } from '../src/llm/types.js';
import type { Attempt, LlmRunReport } from '../src/optimize/llm-proposer.js';
import { optimize } from '../src/optimize/optimize.js';
import { repoRoot } from './calibration.js';
import { SUITE_KERNELS } from './suite.js';

export interface LlmEvalRow {
  kernel: string;
  without: number;
  with: number;
  answers: number;
  schemaValid: number;
  applied: number;
  verified: number;
  improved: number;
  repairs: number;
  repairsSucceeded: number;
  tokensPerAnswer: number | null;
  secondsPerAnswer: number | null;
  layers: number;
}

const APPLIED: Attempt['outcome'][] = ['slower', 'accepted', 'wrong-result'];

export function summarizeAttempts(kernel: string, without: number, withModel: number, report: Pick<LlmRunReport, 'attempts' | 'prompts'> | undefined): LlmEvalRow {
  const attempts = report?.attempts ?? [];
  const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);
  const repairs = attempts.filter((a) => a.round > 0);
  return {
    kernel, without, with: withModel, answers: attempts.length,
    schemaValid: attempts.filter((a) => a.schemaValid).length,
    applied: attempts.filter((a) => APPLIED.includes(a.outcome)).length,
    verified: attempts.filter((a) => a.verified).length,
    improved: attempts.filter((a) => a.outcome === 'accepted').length,
    repairs: repairs.length,
    repairsSucceeded: repairs.filter((a) => a.outcome === 'accepted').length,
    tokensPerAnswer: mean(attempts.filter((a) => a.answerTokens !== undefined).map((a) => a.answerTokens!)),
    secondsPerAnswer: mean(attempts.map((a) => a.seconds)),
    layers: report?.prompts.filter((p) => p.layer).length ?? 0,
  };
}

export function formatLlmTable(rows: LlmEvalRow[]): string {
  const header = '| kernel | speedup without | speedup with | answers | schema-valid | applied | verified | better than tuner | repairs ok / tried | tokens / answer | s / answer |';
  const lines = rows.map((r) => `| ${r.kernel}${r.layers ? ` (${r.layers} layer prompts)` : ''} | ${r.without.toFixed(2)}x | ${r.with.toFixed(2)}x | ${r.answers} | ${r.schemaValid} | ${r.applied} | ${r.verified} | ${r.improved} | ${r.repairsSucceeded} / ${r.repairs} | ${r.tokensPerAnswer === null ? '-' : r.tokensPerAnswer.toFixed(0)} | ${r.secondsPerAnswer === null ? '-' : r.secondsPerAnswer.toFixed(2)} |`);
  const total = (key: 'answers' | 'schemaValid' | 'applied' | 'verified' | 'improved') => rows.reduce((sum, r) => sum + r[key], 0);
  const pct = (n: number) => (total('answers') ? `${Math.round((100 * n) / total('answers'))}%` : '-');
  return [header, '|---|---|---|---|---|---|---|---|---|---|---|', ...lines,
    `| **all** | | | ${total('answers')} | ${pct(total('schemaValid'))} | ${pct(total('applied'))} | ${pct(total('verified'))} | ${total('improved')} | | | |`].join('\n');
}

export async function runLlmEval(argv: string[]): Promise<number> {
  const cli = cac('eval');
  cli.option('--llm <provider>', '').option('--model <name|file.gguf>', '').option('--model-path <file>', '').option('--base-url <url>', '').option('--llm-host <url>', '')
    .option('--context-tokens <n>', '').option('--llm-threads <n>', '').option('--samples <n>', '', { default: 3 }).option('--budget <n>', '', { default: 40 })
    .option('--target <name>', '', { default: 'fpga' }).option('--kernels <list>', '').option('--out <file>', '');
  const { options } = cli.parse(['node', 'eval', ...argv], { run: false });
  const provider = String(options.llm) as ProviderName;
  if (!(PROVIDER_NAMES as readonly string[]).includes(provider)) {
    throw new HlschedError('USAGE', `--llm ${options.llm} is not a provider`, { hint: `use --llm ${PROVIDER_NAMES.join('|')}` });
  }
  const model = options.model === undefined ? undefined : String(options.model);
  const config: LlmConfig = {
    provider,
    ...(provider === 'llama-cpp' ? { modelPath: String(options.modelPath ?? model ?? '') } : model ? { model } : {}),
    ...(options.baseUrl ? { baseUrl: String(options.baseUrl) } : {}), ...(options.llmHost ? { host: String(options.llmHost) } : {}),
    ...(options.contextTokens ? { contextTokens: Number(options.contextTokens) } : {}), ...(options.llmThreads ? { threads: Number(options.llmThreads) } : {}),
  };
  const selection = await selectProvider(config, (message) => console.error(`warning: ${message}`));
  const target = await loadTarget(String(options.target));
  const kernels = options.kernels ? String(options.kernels).split(',').map((k) => k.trim()).filter(Boolean) : SUITE_KERNELS;
  const budget = Number(options.budget);
  const samples = Number(options.samples);
  console.log(`LLM eval: ${selection.note}; ${kernels.length} kernels on ${target.name}, budget ${budget} evaluations, ${samples} samples (seeds fixed)`);
  const rows: LlmEvalRow[] = [];
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'hlsched-llm-eval-'));
  try {
    for (const name of kernels) {
      const file = path.isAbsolute(name) ? name : path.join(repoRoot, 'eval', 'kernels', name);
      const common = { target, budget, accept: false, indexDir: path.join(repoRoot, 'index') };
      const alone = await optimize(file, { ...common, corpusDir: path.join(scratch, `${rows.length}-a`) });
      const paired = await optimize(file, {
        ...common, corpusDir: path.join(scratch, `${rows.length}-b`), llm: selection.provider!, llmNote: selection.note, llmSamples: samples,
        ...(config.contextTokens ? { contextTokens: config.contextTokens } : {}),
      });
      const report = paired.llm && 'attempts' in paired.llm ? paired.llm : undefined;
      const row = summarizeAttempts(path.basename(name), alone.speedup, paired.speedup, report);
      rows.push(row);
      console.log(`${row.kernel}: ${row.without.toFixed(2)}x without, ${row.with.toFixed(2)}x with; ${row.answers} answers, ${row.schemaValid} schema-valid, ${row.applied} applied, ${row.improved} better than the tuner`);
    }
  } finally {
    await selection.provider?.dispose?.();
    await rm(scratch, { recursive: true, force: true });
  }
  const table = formatLlmTable(rows);
  console.log(`\n${table}`);
  const out = options.out ? String(options.out) : path.join(repoRoot, 'eval', 'results-llm.md');
  await writeFile(out, [
    `# What the model adds (npm run eval -- ${argv.join(' ')})`, '',
    `${selection.note}; target ${target.name}; budget ${budget} evaluations per run; ${samples} samples per prompt; ${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}); ${new Date().toISOString().slice(0, 10)}.`, '',
    table, '',
  ].join('\n'));
  console.log(`table written to ${out}`);
  return 0;
}

/** Runs the eval; errors are one line (exit 2 for bad input), as in the CLI. */
export async function main(argv: string[]): Promise<number> {
  try {
    return await runLlmEval(argv);
  } catch (error) {
    if (!HlschedError.isInstance(error)) throw error;
    console.error(`eval: error: ${error.message}${error.hint ? `\nhint: ${error.hint}` : ''}`);
    return error.exitCode;
  }
}

// Run directly: node dist/eval/llm-eval.js --llm ... (eval.ts hands `--llm` runs over to it).
if (process.argv[1] && path.resolve(process.argv[1]).endsWith(path.join('eval', 'llm-eval.js'))) process.exit(await main(process.argv.slice(2)));
