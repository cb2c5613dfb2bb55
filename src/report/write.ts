import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { reportUnitFromRun, type OptimizeRun } from './from-optimize.js';
import { renderReportHtml } from './page.js';
import type { ReportUnit } from './types.js';

/** The data behind report.html, kept beside it so `hlsched export` can add measured cycles and render again. */
export const REPORT_DATA_FILE = 'report-data.json';

/** Writes report.html and its data for one optimize run into `outDir`. */
export async function writeHtmlReport(outDir: string, run: OptimizeRun): Promise<ReportUnit> {
  const unit = reportUnitFromRun(run);
  await writeFile(path.join(outDir, REPORT_DATA_FILE), `${JSON.stringify(unit, null, 2)}\n`);
  await writeFile(path.join(outDir, 'report.html'), renderReportHtml([unit]));
  return unit;
}

/** Reads the report data an optimize run left in `outDir`. */
export async function readReportUnit(outDir: string): Promise<ReportUnit> {
  return JSON.parse(await readFile(path.join(outDir, REPORT_DATA_FILE), 'utf8')) as ReportUnit;
}
