import { cycleBars, historyLine, paretoScatter, shareBars } from './charts.js';
import { escapeHtml, formatCount } from './escape.js';
import { highlightMlir } from './highlight.js';
import type { ReportUnit } from './types.js';

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1d2530}
header{background:#1d2b3a;color:#fff;padding:14px 24px}header h1{margin:0;font-size:20px}
main{padding:8px 24px 40px;max-width:1100px}
section.unit{background:#fff;border:1px solid #d8dde3;border-radius:6px;padding:12px 20px;margin:16px 0}
h2{font-size:18px;margin:6px 0 10px}h3{font-size:15px;margin:18px 0 6px;color:#334}
.kpis{display:flex;gap:12px;flex-wrap:wrap}.kpi{background:#eef3f8;border-radius:4px;padding:6px 12px}.kpi b{display:block;font-size:18px}
.grid{stroke:#99a;stroke-width:1}.axis{font-size:11px;fill:#445}.value{font-size:11px;fill:#223}
rect.before{fill:#a9b3bf}rect.after{fill:#2f6db5}rect.share{fill:#d9822b}
path.line{fill:none;stroke:#2f6db5;stroke-width:2}circle.mark{fill:#2f6db5}circle.point{fill:#7a9cc6;opacity:.85}
circle.chosen{fill:#d9822b;stroke:#1d2530;stroke-width:2;opacity:1}
table{border-collapse:collapse;width:100%;font-size:12px}th,td{border-bottom:1px solid #e3e6ea;padding:3px 6px;text-align:left;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.status-verified{color:#1b7f3b;font-weight:600}.status-rejected,.status-failed,.status-wrong-result{color:#b42318}
pre.mlir{background:#0f1720;color:#d6dde6;padding:10px;border-radius:4px;overflow:auto;font-size:12px}
.tok-comment{color:#7f8c98}.tok-string{color:#c3e88d}.tok-value{color:#82aaff}.tok-symbol{color:#ffcb6b}
.tok-type{color:#89ddff}.tok-attr{color:#f78c6c}.tok-op{color:#c792ea}.tok-number{color:#f78c6c}
.note{color:#6b4f00;background:#fff6d6;border-radius:4px;padding:6px 10px}
`;

function kpi(label: string, value: string): string {
  return `<div class="kpi">${escapeHtml(label)}<b>${escapeHtml(value)}</b></div>`;
}

function candidateTable(unit: ReportUnit): string {
  const rows = unit.candidates.map((c, i) => `<tr><td class="num">${i + 1}</td><td>${escapeHtml(c.source)}</td><td class="status-${escapeHtml(c.status)}">${escapeHtml(c.status)}</td>`
    + `<td class="num">${c.cycles === null ? '-' : formatCount(c.cycles)}</td><td>${escapeHtml(c.recipe)}</td><td>${escapeHtml(c.reason ?? '')}</td></tr>`).join('');
  return `<table class="candidates"><thead><tr><th>#</th><th>source</th><th>status</th><th>cycles</th><th>recipe</th><th>reason</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function budgetLine(unit: ReportUnit): string {
  const parts = [
    ...(unit.budget.evaluations === undefined ? [] : [`${unit.budget.evaluations} evaluations`]),
    ...(unit.budget.seconds === undefined ? [] : [`${unit.budget.seconds} s`]),
    ...Object.entries(unit.budget.resources ?? {}).map(([name, limit]) => `${name} ≤ ${formatCount(limit)}`),
  ];
  const policy = unit.target.memoryPolicy === 'no-bram' ? ', buffers behind the memory interface (--memory-policy no-bram)' : '';
  return `target <b>${escapeHtml(unit.target.name)}</b> (${escapeHtml(unit.target.device)}, ${unit.target.clockNs} ns clock${policy}); budget ${escapeHtml(parts.join(', ') || 'defaults')}`;
}

/** One kernel's section of a report: KPIs, charts, candidates, recipe and schedule. */
export function renderUnit(unit: ReportUnit, index: number): string {
  const speedup = unit.bestCycles > 0 ? unit.baselineCycles / unit.bestCycles : 1;
  return `<section class="unit" id="unit-${index}">
<h2>@${escapeHtml(unit.function)} <small>${escapeHtml(unit.kernel)}</small></h2>
<p>${budgetLine(unit)}</p>
<div class="kpis">${kpi('baseline', `${formatCount(unit.baselineCycles)} cycles`)}${kpi('best', `${formatCount(unit.bestCycles)} cycles`)}${kpi('speedup', `${speedup.toFixed(2)}x`)}${kpi('lower bound', formatCount(unit.lowerBound))}${kpi('status', unit.verified ? `verified (${unit.source})` : 'no faster schedule verified')}${unit.measured ? kpi(`${unit.measured.tool} measured`, `${formatCount(unit.measured.cycles)} cycles`) : ''}${kpi('time', `${unit.seconds.toFixed(1)} s`)}</div>
<h3>Cycles per ${unit.bars.by === 'layer' ? 'layer' : 'loop nest'}, before and after</h3>
${unit.bars.items.length ? cycleBars(unit.bars.items) : '<p class="note">no loops to compare</p>'}
<h3>Cycles and area: Pareto front</h3>
${unit.pareto?.length ? paretoScatter(unit.pareto, unit.bestCycles) : '<p class="note">no resource estimates: this result has no LUT/DSP/BRAM figures, so there is no Pareto front to draw</p>'}
<h3>Bottlenecks left</h3>
${unit.bottlenecks.length ? shareBars(unit.bottlenecks) + `<ol>${unit.bottlenecks.map((b) => `<li>${Math.round(b.share * 100)}%: ${escapeHtml(b.message)}</li>`).join('')}</ol>` : '<p class="note">none reported</p>'}
<h3>Search: best cycles so far</h3>
${unit.history.length ? historyLine(unit.history) : '<p class="note">no evaluations (reused from the corpus)</p>'}
<h3>Candidates</h3>
${candidateTable(unit)}
<h3>Recipe</h3>
${unit.recipe.length ? `<ol>${unit.recipe.map((s) => `<li><code>${escapeHtml(s)}</code></li>`).join('')}</ol>` : '<p>none: the kernel as given is the best found</p>'}
<h3>Schedule</h3>
${unit.schedule ? `<pre class="mlir">${highlightMlir(unit.schedule)}</pre>` : '<p>none</p>'}
</section>`;
}

/**
 * A self-contained report.html for one or more optimize results (batch passes several): inline CSS
 * and SVG, no script, nothing fetched, so it opens offline in any browser.
 */
export function renderReportHtml(units: ReportUnit[], title = units.length === 1 ? `hlsched optimize: @${units[0]!.function} on ${units[0]!.target.name}` : `hlsched: ${units.length} kernels`): string {
  const toc = units.length > 1
    ? `<section class="unit"><h2>Kernels</h2><table><thead><tr><th>kernel</th><th>target</th><th>baseline</th><th>best</th><th>speedup</th><th>verified</th></tr></thead><tbody>${units.map((u, i) => `<tr><td><a href="#unit-${i}">@${escapeHtml(u.function)}</a></td><td>${escapeHtml(u.target.name)}</td><td class="num">${formatCount(u.baselineCycles)}</td><td class="num">${formatCount(u.bestCycles)}</td><td class="num">${(u.baselineCycles / Math.max(1, u.bestCycles)).toFixed(2)}x</td><td>${u.verified ? 'yes' : 'no'}</td></tr>`).join('')}</tbody></table></section>`
    : '';
  return renderPage(title, `${toc}${units.map(renderUnit).join('\n')}`);
}

/** The page around some sections: the shared style, no script, nothing fetched. */
export function renderPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<link rel="icon" href="data:,"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><header><h1>${escapeHtml(title)}</h1></header><main>${body}</main></body></html>
`;
}
