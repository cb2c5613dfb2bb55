import { escapeHtml, formatCount } from './escape.js';
import type { CycleBar, ParetoPoint } from './types.js';

/** Every chart is inline SVG; each data mark carries class `mark` so a test (or a reader's script) can count them. */
const WIDTH = 640;

function svg(height: number, label: string, body: string, name: string): string {
  return `<svg class="chart" data-chart="${name}" role="img" aria-label="${escapeHtml(label)}" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" xmlns="http://www.w3.org/2000/svg">${body}</svg>`;
}

function title(text: string): string {
  return `<title>${escapeHtml(text)}</title>`;
}

/** Horizontal grouped bars: before (grey) and after (blue) per loop nest or layer. */
export function cycleBars(items: CycleBar[]): string {
  const row = 34;
  const left = 260;
  const height = 24 + items.length * row;
  const max = Math.max(1, ...items.flatMap((i) => [i.before, i.after]));
  const scale = (v: number) => ((WIDTH - left - 150) * v) / max;
  const body = items.map((item, i) => {
    const y = 20 + i * row;
    return `<text x="${left - 8}" y="${y + 14}" text-anchor="end" class="axis">${escapeHtml(item.label.length > 42 ? `${item.label.slice(0, 41)}…` : item.label)}</text>`
      + `<rect class="mark before" x="${left}" y="${y}" width="${scale(item.before).toFixed(1)}" height="12">${title(`${item.label} before: ${formatCount(item.before)} cycles`)}</rect>`
      + `<rect class="mark after" x="${left}" y="${y + 13}" width="${Math.max(0.5, scale(item.after)).toFixed(1)}" height="12">${title(`${item.label} after: ${formatCount(item.after)} cycles`)}</rect>`
      + `<text x="${left + scale(Math.max(item.before, item.after)) + 6}" y="${y + 16}" class="value">${formatCount(item.before)} → ${item.afterNote ?? formatCount(item.after)}</text>`;
  }).join('');
  const legend = `<rect x="${left}" y="2" width="10" height="10" class="before"/><text x="${left + 14}" y="11" class="axis">before</text>`
    + `<rect x="${left + 70}" y="2" width="10" height="10" class="after"/><text x="${left + 84}" y="11" class="axis">after</text>`;
  return svg(height, 'cycles before and after', legend + body, 'cycles');
}

/** Bottleneck shares of the best schedule's cycles, one bar each. */
export function shareBars(bottlenecks: Array<{ share: number; message: string }>): string {
  const row = 22;
  const height = 8 + bottlenecks.length * row;
  const body = bottlenecks.map((b, i) => {
    const y = 4 + i * row;
    const width = Math.max(1, b.share * (WIDTH - 60));
    return `<rect class="mark share" x="0" y="${y}" width="${width.toFixed(1)}" height="16">${title(b.message)}</rect>`
      + `<text x="${width + 6}" y="${y + 12}" class="value">${Math.round(b.share * 100)}%</text>`;
  }).join('');
  return svg(height, 'bottleneck shares', body, 'shares');
}

interface Axes { x0: number; x1: number; y0: number; y1: number }

function axes(box: Axes, xLabel: string, yLabel: string, yMax: number, yMin = 0): string {
  return `<line x1="${box.x0}" y1="${box.y1}" x2="${box.x1}" y2="${box.y1}" class="grid"/>`
    + `<line x1="${box.x0}" y1="${box.y0}" x2="${box.x0}" y2="${box.y1}" class="grid"/>`
    + `<text x="${(box.x0 + box.x1) / 2}" y="${box.y1 + 30}" text-anchor="middle" class="axis">${escapeHtml(xLabel)}</text>`
    + `<text x="${box.x0 - 6}" y="${box.y0 + 4}" text-anchor="end" class="axis">${formatCount(yMax)}</text>`
    + `<text x="${box.x0 - 6}" y="${box.y1}" text-anchor="end" class="axis">${formatCount(yMin)}</text>`
    + `<text x="12" y="${(box.y0 + box.y1) / 2}" class="axis" transform="rotate(-90 12 ${(box.y0 + box.y1) / 2})" text-anchor="middle">${escapeHtml(yLabel)}</text>`;
}

/** Best cycles so far after each evaluation: a step line with one dot per evaluation. */
export function historyLine(history: number[]): string {
  const height = 220;
  const box = { x0: 80, x1: WIDTH - 20, y0: 12, y1: height - 40 };
  const max = Math.max(1, ...history);
  const min = Math.min(max, ...history);
  const span = Math.max(1, max - min);
  const x = (i: number) => box.x0 + (history.length <= 1 ? 0 : (i * (box.x1 - box.x0)) / (history.length - 1));
  const y = (v: number) => box.y1 - ((v - min) / span) * (box.y1 - box.y0);
  const path = history.map((v, i) => (i === 0 ? `M${x(0).toFixed(1)} ${y(v).toFixed(1)}` : `H${x(i).toFixed(1)} V${y(v).toFixed(1)}`)).join(' ');
  const dots = history.map((v, i) => `<circle class="mark" cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="2.5">${title(`candidate ${i + 1}: best ${formatCount(v)} cycles`)}</circle>`).join('');
  return svg(height, 'best cycles so far over evaluations', axes(box, 'candidates, in evaluation order', 'best cycles', max, min) + `<path d="${path}" class="line"/>` + dots, 'history');
}

/** Cycles against LUTs (area on ASIC targets), dot size by DSPs; the chosen point is ringed. */
export function paretoScatter(points: ParetoPoint[], chosenCycles: number): string {
  const height = 260;
  const box = { x0: 80, x1: WIDTH - 20, y0: 12, y1: height - 40 };
  const byArea = points.every((p) => p.lut === null);
  const size = (p: ParetoPoint) => (byArea ? p.area : p.lut) ?? 0;
  const unit = byArea ? 'um^2' : 'LUT';
  const maxLut = Math.max(1, ...points.map(size));
  const maxCycles = Math.max(1, ...points.map((p) => p.cycles));
  const maxDsp = Math.max(1, ...points.map((p) => p.dsp));
  const chosen = points.reduce<ParetoPoint | undefined>((best, p) => (!best || Math.abs(p.cycles - chosenCycles) < Math.abs(best.cycles - chosenCycles) ? p : best), undefined);
  const dots = points.map((p) => {
    const cx = box.x0 + (size(p) / maxLut) * (box.x1 - box.x0);
    const cy = box.y1 - (p.cycles / maxCycles) * (box.y1 - box.y0);
    const r = 3 + 6 * (p.dsp / maxDsp);
    return `<circle class="mark point${p === chosen ? ' chosen' : ''}" cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" r="${r.toFixed(1)}">${title(`${formatCount(p.cycles)} cycles, ${formatCount(size(p))} ${unit}, ${p.dsp} DSP, ${p.bram ?? '-'} BRAM, ${p.power ?? '-'} W${p === chosen ? ' (chosen)' : ''}`)}</circle>`;
  }).join('');
  return svg(height, `Pareto front: cycles against ${unit}, dot size by DSPs`, axes(box, `${unit} (dot size: DSPs)`, 'cycles', maxCycles) + dots, 'pareto');
}
