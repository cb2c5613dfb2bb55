import { describe, expect, it } from 'vitest';
import type { Estimate, LoopEstimate } from '../../src/hls/types.js';
import { bestSoFar, highlightMlir, loopBars, renderReportHtml, type ReportUnit } from '../../src/report/index.js';

const loop = (id: string, line: number, totalCycles: number, depth = 0): LoopEstimate => ({
  id, label: `affine.for %${id}`, location: { file: 'k.mlir', line, column: 3 }, depth, tripCount: 4, tripCountExact: true,
  executions: 1, pipelined: false, ii: null, iterationLatency: 1, cycles: totalCycles, totalCycles, bottleneck: '',
});
const estimate = (cycles: number, loops: LoopEstimate[]) => ({ cycles, loops } as unknown as Estimate);

describe('report data', () => {
  it('matches loop nests by source line; a nest unrolled away is said so, and straight-line code gets its own bar', () => {
    const before = estimate(1010, [loop('L1', 3, 600), loop('L1.1', 4, 500, 1), loop('L2', 9, 400)]);
    const after = estimate(260, [loop('L1', 3, 100)]);
    expect(loopBars(before, after)).toEqual([
      { label: 'L1 affine.for %L1', before: 600, after: 100 },
      { label: 'L2 affine.for %L2', before: 400, after: 0, afterNote: 'unrolled (straight-line code)' },
      { label: 'straight-line code', before: 10, after: 160 },
    ]);
  });

  it('best so far starts from the baseline, never rises and ignores rejected candidates', () => {
    expect(bestSoFar(100, [{ status: 'estimated', cycles: 120 }, { status: 'rejected' }, { status: 'estimated', cycles: 60 },
      { status: 'wrong-result', cycles: 10 }, { status: 'verified', cycles: 70 }])).toEqual([100, 100, 60, 60, 60]);
  });

  it('highlights MLIR and escapes everything', () => {
    const html = highlightMlir('%0 = transform.structured.match ops{["linalg.matmul"]} in %root : (!transform.any_op) -> memref<4x4xf32> // a<b>');
    expect(html).toContain('<span class="tok-value">%0</span>');
    expect(html).toContain('<span class="tok-op">transform.structured.match</span>');
    expect(html).toContain('<span class="tok-string">&quot;linalg.matmul&quot;</span>');
    expect(html).toContain('<span class="tok-type">memref&lt;4x4xf32&gt;</span>');
    expect(html).toContain('<span class="tok-comment">// a&lt;b&gt;</span>');
    expect(html.replace(/<[^>]+>/g, '')).toBe('%0 = transform.structured.match ops{[&quot;linalg.matmul&quot;]} in %root : (!transform.any_op) -&gt; memref&lt;4x4xf32&gt; // a&lt;b&gt;');
  });

  it('whole-model results are drawn per layer', () => {
    const unit: ReportUnit = {
      kernel: 'm.mlir', function: 'model', target: { name: 'asic', device: 'nangate45', clockNs: 5 }, budget: {}, baselineCycles: 10, bestCycles: 5,
      lowerBound: 1, verified: true, source: 'tuner', seconds: 1, bars: { by: 'layer', items: [{ label: 'linalg.matmul x30', before: 8, after: 4 }] },
      bottlenecks: [], history: [], candidates: [], schedule: null, recipe: [],
    };
    const html = renderReportHtml([unit]);
    expect(html).toContain('<h3>Cycles per layer, before and after</h3>');
    expect(html.match(/class="mark (before|after)"/g)).toHaveLength(2);
    expect(html).not.toMatch(/<script|(?:src|href)="https?:/);
  });
});
