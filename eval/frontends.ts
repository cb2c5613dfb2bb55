/**
 * The `frontends` suite of `npm run eval`: `hlsched optimize` on the fpga target over our fixtures in
 * the style of torch-mlir (tensors), TF/TOSA (memrefs) and Polygeist (dynamic shapes). Goal: at least
 * 90% reach a verified 2x or more, and no result is a silent 1.00x (every one carries an outcome and a
 * reason). Tensor fixtures are verified again from the written schedule against the original file.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadTarget } from '../src/hls/target.js';
import { optimize } from '../src/optimize/optimize.js';
import { verify, verifyTransformed } from '../src/verify/verify.js';
import { FRONTEND_FIXTURES } from '../scripts/frontends/fixtures.js';
import { repoRoot } from './calibration.js';

export interface FrontendRow {
  file: string;
  style: string;
  outcome: string;
  reason: string;
  speedup: number;
  verified: boolean;
  /** `hlsched verify ORIGINAL schedule.mlir` on the written schedule (null when nothing was written). */
  reverified: boolean | null;
  seconds: number;
}

export async function runFrontendsSuite(log: (line: string) => void = console.log): Promise<FrontendRow[]> {
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'hlsched-frontends-'));
  const target = await loadTarget('fpga');
  const rows: FrontendRow[] = [];
  try {
    for (const fixture of FRONTEND_FIXTURES) {
      const kernel = path.join(repoRoot, 'eval', 'frontends', fixture.file);
      const outDir = path.join(scratch, fixture.file.replace(/\.mlir$/, ''));
      let row: FrontendRow;
      try {
        const result = await optimize(kernel, {
          target, outDir, corpusDir: path.join(scratch, 'corpus'), indexDir: path.join(scratch, 'no-index'), accept: false,
          ...(fixture.flags?.scalars ? { scalars: fixture.flags.scalars } : {}),
        });
        let reverified: boolean | null = null;
        // Bank steps are our rewrite after the schedule: the transformed kernel written beside it is what is checked.
        const banked = result.recipe?.steps.some((step) => step.kind === 'bank') === true;
        if (result.schedule) {
          reverified = (banked
            ? await verifyTransformed(result.scheduledKernel, await readFile(path.join(outDir, 'transformed.mlir'), 'utf8'), { func: result.function, shapes: result.shapes })
            : await verify(result.scheduledKernel, result.schedule, { func: result.function, shapes: result.shapes })).status === 'ok';
        }
        row = { file: fixture.file, style: fixture.style, outcome: result.outcome, reason: result.reason, speedup: result.speedup, verified: result.verified, reverified, seconds: result.seconds };
      } catch (error) {
        row = { file: fixture.file, style: fixture.style, outcome: 'error', reason: (error as Error).message.split('\n')[0]!, speedup: 1, verified: false, reverified: null, seconds: 0 };
      }
      rows.push(row);
      log(formatRow(row));
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return rows;
}

export function formatRow(r: FrontendRow): string {
  return `${r.file.padEnd(28)} ${r.style.padEnd(10)} ${`${r.speedup.toFixed(2)}x`.padStart(8)} ${String(r.verified).padStart(8)} ${String(r.reverified ?? '-').padStart(10)} ${r.seconds.toFixed(1).padStart(6)}  ${r.outcome}: ${r.reason.slice(0, 110)}`;
}

export const FRONTEND_HEADER = `${'fixture'.padEnd(28)} ${'style'.padEnd(10)} ${'speedup'.padStart(8)} ${'verified'.padStart(8)} ${'reverified'.padStart(10)} ${'s'.padStart(6)}  outcome: reason`;

export function summarizeFrontends(rows: FrontendRow[]): string[] {
  const good = rows.filter((r) => r.verified && r.speedup >= 2);
  const silent = rows.filter((r) => !r.reason || (r.speedup <= 1.0001 && r.outcome === 'improved'));
  const share = good.length / rows.length;
  return [
    `frontends: ${good.length} of ${rows.length} fixtures (${(share * 100).toFixed(0)}%) reach a verified 2x or more on fpga (goal >= 90%: ${share >= 0.9 ? 'met' : 'missed'})`,
    `silent 1.00x results: ${silent.length === 0 ? 'none' : silent.map((r) => r.file).join(', ')}; not improved: ${rows.filter((r) => r.outcome !== 'improved').map((r) => `${r.file} (${r.outcome})`).join(', ') || 'none'}`,
    `written schedules re-verified against the original file: ${rows.filter((r) => r.reverified).length} of ${rows.filter((r) => r.reverified !== null).length}`,
  ];
}

/** Runs the suite and writes eval/results-frontends.md. */
export async function frontendsEval(): Promise<void> {
  console.log(`\nfrontends suite: hlsched optimize on ${FRONTEND_FIXTURES.length} torch-mlir / TOSA / Polygeist style fixtures (eval/frontends/), fpga, no LLM`);
  console.log(FRONTEND_HEADER);
  const rows = await runFrontendsSuite();
  const summary = summarizeFrontends(rows);
  for (const line of summary) console.log(line);
  await writeFile(path.join(repoRoot, 'eval', 'results-frontends.md'),
    `# hlsched optimize: frontends suite (npm run eval)\n\n\`\`\`\n${[FRONTEND_HEADER, ...rows.map(formatRow)].join('\n')}\n\`\`\`\n\n${summary.map((l) => `- ${l}`).join('\n')}\n`);
}
