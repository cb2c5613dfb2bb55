/**
 * `npm run eval`: retrieval quality of the knowledge index (recall@5 and MRR for lexical, dense and
 * hybrid ranking over the labelled queries in eval/retrieval/). Builds or updates the index first.
 */
import { ingest } from '../src/knowledge/ingest.js';
import { KnowledgeBase } from '../src/knowledge/knowledge-base.js';
import { evaluateRetrieval, loadQueries } from './retrieval.js';

if (process.argv.includes('--llm')) process.exit(await (await import('./llm-eval.js')).main(process.argv.slice(2))); // the LLM eval, eval/llm-eval.ts
const built = await ingest();
console.log(`index: ${built.documents} documents, ${built.embedder} (${built.embedded} embedded now, ${built.reused} unchanged)`);
const kb = await KnowledgeBase.open();
const queries = loadQueries();
console.log(`${queries.length} labelled queries (eval/retrieval/queries.json)\n`);
console.log(`${'ranking'.padEnd(9)} ${'recall@5'.padStart(8)} ${'MRR'.padStart(6)}`);
const results = [];
for (const mode of ['lexical', 'dense', 'hybrid'] as const) {
  const scores = await evaluateRetrieval(kb, queries, mode);
  results.push(scores);
  console.log(`${mode.padEnd(9)} ${scores.recallAtK.toFixed(3).padStart(8)} ${scores.mrr.toFixed(3).padStart(6)}`);
}
const hybrid = results.find((r) => r.mode === 'hybrid')!;
console.log(`\nhybrid recall@5 ${hybrid.recallAtK.toFixed(3)} ${hybrid.recallAtK >= 0.9 ? 'meets' : 'misses'} the 0.9 goal`);
if (hybrid.misses.length > 0) {
  console.log('\nhybrid misses:');
  for (const miss of hybrid.misses) console.log(`  ${JSON.stringify(miss.query.slice(0, 70))}: missing ${miss.missing.join(', ')}; got ${miss.got.join(', ')}`);
}

// ---- Optimization suite -------------------------------------------------------------------------
import { writeFile } from 'node:fs/promises';
import { formatSuite, geometricMean, runSuite } from './suite.js';
import { repoRoot } from './calibration.js';
import pathModule from 'node:path';

console.log('\noptimization suite, no LLM (tuner only, scratch corpus): `hlsched optimize` on both targets');
const rows = await runSuite();
const table = formatSuite(rows);
console.log(table);
const eels = rows.filter((r) => r.kernel === 'eels_encoder.mlir');
const ratioGeomean = geometricMean(rows.map((r) => r.ratioToLowerBound));
const unverified = rows.filter((r) => !r.verified);
console.log(`\nEELS encoder speedup: ${eels.map((r) => `${r.target} ${r.speedup.toFixed(2)}x`).join(', ')} (goal >= 3.0x on both: ${eels.every((r) => r.speedup >= 3) ? 'met' : 'missed'})`);
console.log(`every reported schedule verified: ${unverified.length === 0 ? 'yes' : `no (${unverified.map((r) => `${r.kernel} ${r.target}`).join(', ')})`}`);
console.log(`geometric mean ratio to the lower bound: ${ratioGeomean.toFixed(2)} (goal <= 2: ${ratioGeomean <= 2 ? 'met' : 'missed'}); geometric mean speedup ${geometricMean(rows.map((r) => r.speedup)).toFixed(2)}x`);
await writeFile(pathModule.join(repoRoot, 'eval', 'results-optimize.md'), `# hlsched optimize suite (npm run eval)\n\n\`\`\`\n${table}\n\`\`\`\n`);
console.log('table written to eval/results-optimize.md');

// ---- Prompt sizes against the budget ------------------------------------------------------------
import { AnalyticBackend } from '../src/hls/estimate.js';
import { loadTarget } from '../src/hls/target.js';
import { buildPrompt } from '../src/llm/prompt.js';
import { analyzeKernel } from '../src/optimize/kernel-info.js';
import { retrieveContext } from '../src/optimize/llm-proposer.js';
import { discoverToolchain } from '../src/toolchain/discover.js';
import { SUITE_KERNELS } from './suite.js';

console.log('\nprompt sizes (`hlsched prompt`, fpga target, estimated tokens) against an 8192-token context (1024 kept for the answer)');
console.log(`${'kernel'.padEnd(26)} ${'tokens'.padStart(7)} ${'budget'.padStart(7)}  kernel   estimate  retrieved (full/summary/left out)`);
const promptToolchain = await discoverToolchain();
const fpgaTarget = await loadTarget('fpga');
for (const name of SUITE_KERNELS) {
  const file = pathModule.join(repoRoot, 'eval', 'kernels', name);
  const info = await analyzeKernel(promptToolchain, file);
  const estimate = await new AnalyticBackend().estimate(file, fpgaTarget);
  const built = buildPrompt({ kernel: info, baseline: estimate, target: fpgaTarget, retrieved: await retrieveContext(kb, info, estimate) });
  const retrievedSections = built.sections.filter((s) => /^(doc|example|schedule) /.test(s.name));
  const tally = (what: string) => retrievedSections.filter((s) => s.included === what).length;
  const of = (section: string) => built.sections.find((s) => s.name === section)?.included ?? '-';
  console.log(`${name.padEnd(26)} ${String(built.tokens).padStart(7)} ${String(built.budget).padStart(7)}  ${of('kernel').padEnd(8)} ${of('estimate').padEnd(9)} ${tally('full')}/${tally('summary')}/${tally('left out')}`);
}

// ---- Frontends suite (torch-mlir / TOSA / Polygeist style) ---------------------------------------
await (await import('./frontends.js')).frontendsEval();

// Memory in the search space (issue 17): side-by-side table with ScaleHLS and SODA, eval/results-memory.md.
console.log('\nmemory steps: PolyBench N = 16 against ScaleHLS and SODA (eval/memory-table.ts)'); await import('./memory-table-main.js');
