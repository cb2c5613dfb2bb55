import type { Candidate } from './evaluate.js';
import type { OptimizeResult } from './optimize.js';
import { describeStep, unitLimits, type Recipe } from './recipe.js';

/** report.md of an optimize run: the numbers, the outcome, the budget and front, the recipe, the candidates. */

export function count<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

export function markdownReport(result: OptimizeResult, candidates: Candidate[]): string {
  const lines = [
    `# hlsched optimize: @${result.function} on ${result.target}`,
    '',
    `Clock ${result.clockNs} ns; memory policy ${result.memoryPolicy}${result.memoryPolicy === 'no-bram' ? ' (the kernel\'s buffers behind the memory interface, Bambu\'s NO_BRAM)' : ' (the kernel\'s buffers in block RAM, Bambu\'s ALL_BRAM)'}.`,
    '',
    `| | cycles |`, `|---|---|`,
    `| baseline | ${result.baselineCycles} |`,
    `| best (${result.verified ? 'verified' : 'not verified'}, from ${result.source}) | ${result.bestCycles} |`,
    `| lower bound | ${result.lowerBound} |`,
    ...(result.hardwareBound ? [`| hardware bound (any memory layout, this budget) | ${result.hardwareBound.cycles} (${result.hardwareBound.binding}: ${result.hardwareBound.detail}) |`] : []),
    '',
    `**Outcome: ${result.outcome}**: ${result.reason}.`,
    '',
    `Verification: ${result.verification.mode} (${result.verification.why})${result.verification.layers ? `; ${result.verification.layers.verified} of ${result.verification.layers.unique} unique layer recipes verified in isolation, ${result.verification.layers.layers} layers touched${result.verification.layers.failure ? `; first failure: ${result.verification.layers.failure}` : ''}${result.verification.layers.wholeOnly ? `; ${result.verification.layers.wholeOnly.replace(/ \(--verify whole\)$/, '')}: the whole-model run did` : ''}` : ''}.`,
    '',
    ...result.notes.map((note) => `- ${note}`), ...(result.notes.length ? [''] : []),
    `Speedup ${result.speedup.toFixed(2)}x; ${(result.ratioToLowerBound).toFixed(2)}x the lower bound; ${result.seconds.toFixed(1)} s; ${result.candidates.evaluations} evaluations.`,
    '',
    ...budgetReport(result),
    ...(result.layers ? [
      '## Layers (whole-model mode: one search per unique signature)',
      '| op | count | cycles before | cycles after |', '|---|---|---|---|',
      ...result.layers.map((l) => `| ${l.op} (${l.signature}) | ${l.count} | ${l.cyclesBefore} | ${l.cyclesAfter} |`), '',
    ] : []),
    '## Best recipe',
    ...(result.steps.length ? result.steps.map((step) => `- ${step}`) : ['- (none: the kernel as given is the best found)']),
    ...unitsNote(result.recipe),
    '',
    '## Bottlenecks left',
    ...result.bottlenecks.map((b) => `- ${Math.round(b.share * 100)}%: ${b.message}`),
    '',
    ...(result.llm && 'attempts' in result.llm ? [
      '## Language model',
      `${result.llm.note}. Prompt ${result.llm.promptTokens} of ${result.llm.promptBudget} tokens; ${result.llm.attempts.length} answers: ${Object.entries(count(result.llm.attempts, (a) => a.outcome)).map(([k, n]) => `${n} ${k}`).join(', ')} (details in llm-transcript.md).`,
      '',
    ] : result.llm ? ['## Language model', result.llm.note, ''] : []),
    '## Candidates',
    '| source | status | cycles | recipe |', '|---|---|---|---|',
    ...candidates.map((c) => `| ${c.source} | ${c.status} | ${c.cycles ?? '-'} | ${c.recipe ? c.recipe.steps.map(describeStep).join('; ').slice(0, 200) || '(lowering only)' : 'free-form IR'}${c.error ? ` (${c.error.slice(0, 120).replace(/\|/g, '/')})` : ''} |`),
    '',
  ];
  return lines.join('\n');
}

function budgetReport(result: OptimizeResult): string[] {
  const r = result.resources;
  const util = Object.entries(r.utilization).map(([k, v]) => `${k} ${(v * 100).toFixed(1)}%`).join(', ');
  return [
    '## Resources and budget',
    `Reported schedule: ${r.lut !== null ? `${r.lut} LUT, ` : ''}${r.dsp} DSP${r.bram !== null ? `, ${r.bram} BRAM18` : ''}${r.area !== undefined ? `, ${r.area} um^2` : ''}${r.power !== null ? `, ${r.power} W` : ''}${util ? ` (utilization ${util})` : ''}.`,
    `Budget: ${result.budget.text}; objective: ${result.objective}.`,
    '',
    '## Pareto front (verified schedules: cycles against LUTs and DSPs)',
    '| cycles | LUT | DSP | BRAM18 | power (W) | schedule |', '|---|---|---|---|---|---|',
    ...result.pareto.map((p) => `| ${p.cycles} | ${p.lut ?? (p.area !== undefined ? `${p.area} um^2` : '-')} | ${p.dsp} | ${p.bram ?? '-'} | ${p.power ?? '-'} | ${p.schedule ?? 'kernel as given'} |`),
    '',
  ];
}

/** The report's line on a recipe's unit limits: where they are, since schedule.mlir cannot carry them. */
function unitsNote(recipe: Recipe | null): string[] {
  const units = unitLimits(recipe ?? undefined);
  if (!units) return [];
  const flag = Object.entries(units).map(([operator, n]) => `${operator}=${n}`).join(',');
  return ['', `The limit-units step is an HLS resource constraint, not a transform: schedule.mlir leaves the kernel's operations as they are and `
    + `constraints.xml hands the limit to Bambu (\`--constraints=constraints.xml\`). Estimate the schedule as optimize did with \`hlsched estimate KERNEL --schedule schedule.mlir --units ${flag}\`.`];
}
