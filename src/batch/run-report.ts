import path from 'node:path';
import { cycleBars } from '../report/charts.js';
import { escapeHtml, formatCount } from '../report/escape.js';
import { renderPage, renderUnit } from '../report/page.js';
import type { ReportUnit } from '../report/types.js';
import { readReportUnit } from '../report/write.js';
import { writeAtomically } from '../safe-files.js';
import type { RunSummary } from './batch.js';

/**
 * A batch run's reports, in the run folder: report.md (one table of every unit, whatever its state, and
 * every stitched model) and report.html (the same run overview with cycles before and after per unit,
 * then each finished unit's own optimize section: charts, Pareto front, candidates, schedule).
 * Rewritten by every `batch`, `runs collect` and `runs resume`, so they show the run as it stands.
 */
export interface RunReports { markdown: string; html: string }

function speedupText(baseline: number | undefined, best: number | undefined): string {
  return baseline === undefined || best === undefined ? '-' : `${(baseline / Math.max(1, best)).toFixed(2)}x`;
}

export function runMarkdown(summary: RunSummary): string {
  const c = summary.counts;
  const lines = [
    `# hlsched batch: run ${summary.run}`,
    '',
    `Executor: ${summary.executor}. **${c.done} done, ${c.failed} failed, ${c.lost} lost, ${c.pending + c.running} still queued**, of ${summary.units.length} units.`,
    '',
    '| unit | what | target | state | baseline | best | speedup | verified | reason |',
    '|---|---|---|---|---:|---:|---:|---|---|',
    ...summary.units.map((u) => `| ${u.id} | ${u.label} | ${u.target} | ${u.state} | ${u.baselineCycles ?? '-'} | ${u.bestCycles ?? '-'} | ${speedupText(u.baselineCycles, u.bestCycles)} | ${u.verified === undefined ? '-' : u.verified ? 'yes' : 'no'} | ${(u.reason ?? '').replace(/\|/g, '\\|')} |`),
  ];
  if (summary.models.length > 0) {
    lines.push('', '## Whole models (layer recipes stitched)', '', '| model | target | baseline | best | speedup | verified | schedule |', '|---|---|---:|---:|---:|---|---|');
    for (const m of summary.models) {
      lines.push(`| ${path.basename(m.model)} | ${m.target} | ${m.baselineCycles} | ${m.bestCycles} | ${m.speedup.toFixed(2)}x | ${modelVerdict(m).replace(/\|/g, '\\|')} | ${m.schedule ?? '-'} |`);
    }
  }
  lines.push('', `Index: ${summary.ingest}`, '');
  return lines.join('\n');
}

function overview(summary: RunSummary, sectionOf: Map<string, number>): string {
  const c = summary.counts;
  const rows = summary.units.map((u) => {
    const section = sectionOf.get(u.id);
    const name = section === undefined ? escapeHtml(u.id) : `<a href="#unit-${section}">${escapeHtml(u.id)}</a>`;
    return `<tr><td>${name}</td><td>${escapeHtml(u.label)}</td><td>${escapeHtml(u.target)}</td><td class="status-${u.state === 'done' ? 'verified' : 'failed'}">${escapeHtml(u.state)}</td>`
      + `<td class="num">${u.baselineCycles === undefined ? '-' : formatCount(u.baselineCycles)}</td><td class="num">${u.bestCycles === undefined ? '-' : formatCount(u.bestCycles)}</td>`
      + `<td class="num">${speedupText(u.baselineCycles, u.bestCycles)}</td><td>${u.verified === undefined ? '-' : u.verified ? 'yes' : 'no'}</td><td>${escapeHtml(u.reason ?? '')}</td></tr>`;
  }).join('');
  const bars = summary.units.filter((u) => u.baselineCycles !== undefined && u.bestCycles !== undefined)
    .map((u) => ({ label: `${u.id} ${u.label}`, before: u.baselineCycles!, after: u.bestCycles! }));
  const models = summary.models.length === 0 ? '' : `<h3>Whole models</h3><table class="models"><thead><tr><th>model</th><th>target</th><th>baseline</th><th>best</th><th>speedup</th><th>verified</th></tr></thead><tbody>${
    summary.models.map((m) => `<tr><td>${escapeHtml(path.basename(m.model))}</td><td>${escapeHtml(m.target)}</td><td class="num">${formatCount(m.baselineCycles)}</td><td class="num">${formatCount(m.bestCycles)}</td><td class="num">${m.speedup.toFixed(2)}x</td><td>${escapeHtml(modelVerdict(m))}</td></tr>`).join('')
  }</tbody></table>`;
  return `<section class="unit" id="run"><h2>Run ${escapeHtml(summary.run)} <small>${escapeHtml(summary.executor)}</small></h2>
<div class="kpis"><div class="kpi">done<b>${c.done}</b></div><div class="kpi">failed<b>${c.failed}</b></div><div class="kpi">lost<b>${c.lost}</b></div><div class="kpi">queued<b>${c.pending + c.running}</b></div><div class="kpi">units<b>${summary.units.length}</b></div></div>
<h3>Cycles per unit, before and after</h3>
${bars.length ? cycleBars(bars) : '<p class="note">no unit has finished yet</p>'}
<h3>Units</h3>
<table class="units"><thead><tr><th>unit</th><th>what</th><th>target</th><th>state</th><th>baseline</th><th>best</th><th>speedup</th><th>verified</th><th>reason</th></tr></thead><tbody>${rows}</tbody></table>
${models}
<p>index: ${escapeHtml(summary.ingest)}</p></section>`;
}

/** Writes report.md and report.html into the run folder; a unit whose optimize left no report data gets its row only. */
export async function writeRunReports(summary: RunSummary, outDirs: Map<string, string>): Promise<RunReports> {
  const sections: ReportUnit[] = [];
  const sectionOf = new Map<string, number>();
  for (const u of summary.units) {
    const outDir = outDirs.get(u.id);
    if (!outDir) continue;
    const unit = await readReportUnit(outDir).catch(() => undefined);
    if (!unit) continue;
    sectionOf.set(u.id, sections.length);
    sections.push({ ...unit, kernel: `${u.id}: ${u.label}` });
  }
  const markdown = path.join(summary.dir, 'report.md');
  const html = path.join(summary.dir, 'report.html');
  await writeAtomically(markdown, runMarkdown(summary));
  await writeAtomically(html, renderPage(`hlsched batch: run ${summary.run}, ${summary.units.length} units`, overview(summary, sectionOf) + sections.map(renderUnit).join('\n')));
  return { markdown, html };
}

/** The verification column of a stitched model: verified or not, and why it is not an improvement. */
function modelVerdict(m: { verified: boolean; status: string; reason?: string }): string {
  const why = `${m.status}${m.reason ? `: ${m.reason}` : ''}`;
  if (!m.verified) return `no (${why})`;
  return m.status === 'verified' ? 'yes, whole model' : `yes, whole model (${why})`;
}
