import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { execa } from 'execa';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTarget } from '../../src/hls/target.js';
import { optimize } from '../../src/optimize/optimize.js';
import { renderReportHtml, type ReportUnit } from '../../src/report/index.js';
import { ARTIFACTS_DIR, openChromium } from '../helpers/chromium.js';
import { hlschedBin, kernel } from '../helpers/paths.js';

let dir: string;
let browser: Awaited<ReturnType<typeof openChromium>>;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'hlsched-report-'));
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  browser = await openChromium();
});
afterAll(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Opens a file in the browser; returns the page and every console error and uncaught exception. */
async function open(file: string) {
  const page = await browser.context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, errors, requests };
}

const marks = (page: import('playwright-core').Page, chart: string) => page.locator(`svg[data-chart="${chart}"] .mark`).count();

describe('report.html', () => {
  it('a real optimize run writes a self-contained report that renders in headless Chromium', async () => {
    const out = path.join(dir, 'out');
    const result = await optimize(kernel('gemm.mlir'), {
      target: await loadTarget('fpga'), budget: 12, outDir: out, accept: false,
      corpusDir: path.join(dir, 'corpus'), indexDir: path.join(dir, 'no-index'),
    });
    const unit = JSON.parse(await readFile(path.join(out, 'report-data.json'), 'utf8')) as ReportUnit;
    const html = await readFile(path.join(out, 'report.html'), 'utf8');
    expect(html).not.toMatch(/(?:src|href)="https?:/);
    const { page, errors, requests } = await open(path.join(out, 'report.html'));
    expect(errors).toEqual([]);
    // Nothing but the file itself is fetched: no CDN, no fonts, no network.
    expect(requests.filter((url) => !url.startsWith('file:') && !url.startsWith('data:'))).toEqual([]);
    expect(await page.locator('h2').first().textContent()).toContain('@gemm');
    expect(unit.bars.items.length).toBeGreaterThan(0);
    expect(await marks(page, 'cycles')).toBe(2 * unit.bars.items.length);
    expect(unit.history).toHaveLength(result.candidates.total);
    expect(await marks(page, 'history')).toBe(result.candidates.total);
    expect(await marks(page, 'shares')).toBe(result.bottlenecks.length);
    // Every bar has a size: a chart of zero-width rectangles would be a blank chart.
    const widths = await page.locator('svg[data-chart="cycles"] rect.before').evaluateAll((rects) => rects.map((r) => r.getBoundingClientRect().width));
    expect(Math.max(...widths)).toBeGreaterThan(100);
    // The fpga target carries resource estimates: the verified front is drawn, one dot per point, one chosen.
    expect(result.pareto.length).toBeGreaterThan(0);
    expect(await marks(page, 'pareto')).toBe(result.pareto.length);
    expect(await page.locator('svg[data-chart="pareto"] .chosen').count()).toBe(1);
    expect(await page.getByText('no resource estimates').count()).toBe(0);
    expect(await page.locator('table.candidates tbody tr').count()).toBe(result.candidates.total);
    expect(await page.locator('pre.mlir .tok-op').count()).toBeGreaterThan(3);
    expect(await page.locator('.kpi').filter({ hasText: 'best' }).textContent()).toContain(result.bestCycles.toLocaleString('en-US'));
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'report-gemm.png'), fullPage: true });
    await page.close();
  });

  it('renders a list of results (batch) and the Pareto scatter with the chosen point when resource estimates exist', async () => {
    const base: ReportUnit = {
      kernel: 'k.mlir', function: 'k', target: { name: 'fpga', device: 'xc7vx690t-3ffg1930-VVD', clockNs: 10 },
      budget: { evaluations: 30, resources: { dsp: 200 } }, baselineCycles: 1000, bestCycles: 250, lowerBound: 200, verified: true,
      source: 'tuner', seconds: 1.5, bars: { by: 'loop', items: [{ label: 'L1 affine.for %i', before: 1000, after: 250 }] },
      bottlenecks: [{ share: 0.8, message: 'II 2 <memory> & "ports"' }], history: [1000, 600, 250], schedule: null, recipe: [],
      candidates: [{ source: 'tuner', status: 'rejected', cycles: null, recipe: 'unroll L1 x4', reason: 'mlir-opt: <error>' }],
    };
    const pareto = [
      { cycles: 250, lut: 9000, dsp: 120, bram: 4, power: 0.9 }, { cycles: 400, lut: 5000, dsp: 60, bram: 4, power: 0.6 },
      { cycles: 700, lut: 3000, dsp: 20, bram: 2, power: 0.4 }, { cycles: 1000, lut: 1500, dsp: 5, bram: 2, power: 0.3 },
      { cycles: 320, lut: 7000, dsp: 90, bram: 4, power: 0.8 },
    ];
    const file = path.join(dir, 'batch.html');
    await import('node:fs/promises').then((fs) => fs.writeFile(file, renderReportHtml([{ ...base, pareto }, { ...base, function: 'second', bestCycles: 500 }])));
    const { page, errors } = await open(file);
    expect(errors).toEqual([]);
    expect(await page.locator('section.unit').count()).toBe(3); // the kernel table and two units
    expect(await marks(page, 'pareto')).toBe(5);
    const chosen = page.locator('svg[data-chart="pareto"] circle.chosen');
    expect(await chosen.count()).toBe(1);
    expect(await chosen.locator('title').textContent()).toMatch(/^250 cycles, 9,000 LUT, 120 DSP/);
    expect(await page.getByText('no resource estimates').count()).toBe(1); // only the second unit
    expect(await page.getByText('dsp ≤ 200').count()).toBe(2);
    // Text that looks like markup stays text.
    expect(await page.locator('section.unit ol li').first().textContent()).toBe('80%: II 2 <memory> & "ports"');
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'report-batch-pareto.png'), fullPage: true });
    await page.close();
  });

  it('a real local batch writes the run\'s report.md and report.html: every unit\'s row, failed ones with their reason, a section per finished unit', async () => {
    const work = path.join(dir, 'batch');
    await mkdir(work, { recursive: true });
    for (const name of ['gemm_2', 'atax_2']) await cp(kernel(`calibration/${name}.mlir`), path.join(work, `${name}.mlir`));
    await writeFile(path.join(work, 'dynamic.mlir'), `func.func @dyn(%a: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %n = memref.dim %a, %c0 : memref<?xf32>
  affine.for %i = 0 to %n {
    %v = affine.load %a[%i] : memref<?xf32>
    affine.store %v, %a[%i] : memref<?xf32>
  }
  return
}
`);
    const run = await execa(hlschedBin, ['batch', 'gemm_2.mlir', 'atax_2.mlir', 'dynamic.mlir', '--llm', 'none', '--budget', '4', '--run-dir', 'run', '--corpus', 'corpus', '--no-accept', '--json'], { cwd: work, reject: false });
    expect(run.exitCode, run.stderr).toBe(1); // one unit failed
    const summary = JSON.parse(run.stdout) as { report: { markdown: string; html: string }; units: Array<{ state: string; bestCycles?: number }> };
    expect(summary.report.html).toBe(path.join(work, 'run', 'report.html'));
    const markdown = await readFile(summary.report.markdown, 'utf8');
    expect(markdown).toMatch(/\| u002 \| dynamic\.mlir on fpga \| fpga \| failed \|.*dynamic shape/);
    expect(markdown).toMatch(/\*\*2 done, 1 failed, 0 lost/);
    const { page, errors, requests } = await open(summary.report.html);
    expect(errors).toEqual([]);
    expect(requests.filter((url) => !url.startsWith('file:') && !url.startsWith('data:'))).toEqual([]);
    expect(await page.locator('table.units tbody tr').count()).toBe(3);
    expect(await page.locator('table.units tbody tr').nth(2).textContent()).toMatch(/failed.*dynamic shape/);
    // The run's bars: before and after for each finished unit; then each finished unit's own section.
    expect(await page.locator('#run svg[data-chart="cycles"] .mark').count()).toBe(4);
    expect(await page.locator('section.unit').count()).toBe(3);
    expect(await page.locator('#unit-0 h2').textContent()).toContain('u000: gemm_2.mlir on fpga');
    expect(await page.locator('table.units a[href="#unit-1"]').count()).toBe(1);
    expect(await page.locator('#unit-0 .kpi').filter({ hasText: 'best' }).textContent()).toContain(summary.units[0]!.bestCycles!.toLocaleString('en-US'));
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'report-batch-run.png'), fullPage: true });
    await page.close();
  });
});
