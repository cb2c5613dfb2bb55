import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { renderReportHtml } from '../report/page.js';
import { readReportUnit, REPORT_DATA_FILE } from '../report/write.js';

/** Puts a measured cycle count next to the estimate in report.json, report.md and report.html. */
export async function recordMeasurement(outDir: string, measured: { tool: string; cycles: number; estimate: number }): Promise<void> {
  const jsonFile = path.join(outDir, 'report.json');
  const report = JSON.parse(await readFile(jsonFile, 'utf8')) as Record<string, unknown>;
  await writeFile(jsonFile, `${JSON.stringify({ ...report, measured }, null, 2)}\n`);
  const error = ((measured.estimate - measured.cycles) / measured.cycles) * 100;
  await appendFile(path.join(outDir, 'report.md'),
    `\n## Measured by ${measured.tool}\n\n| | cycles |\n|---|---|\n| estimate | ${measured.estimate} |\n| ${measured.tool} | ${measured.cycles} |\n\nEstimate error ${error.toFixed(1)}%.\n`);
  if (existsSync(path.join(outDir, REPORT_DATA_FILE))) {
    const unit = { ...(await readReportUnit(outDir)), measured: { tool: measured.tool, cycles: measured.cycles } };
    await writeFile(path.join(outDir, REPORT_DATA_FILE), `${JSON.stringify(unit, null, 2)}\n`);
    await writeFile(path.join(outDir, 'report.html'), renderReportHtml([unit]));
  }
}
