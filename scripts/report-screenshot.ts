// Screenshots a report.html in headless Chromium (docs/report.png): node dist/scripts/report-screenshot.js REPORT.html OUT.png
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const [html, png] = process.argv.slice(2);
if (!html || !png) {
  process.stderr.write('usage: node dist/scripts/report-screenshot.js REPORT.html OUT.png\n');
  process.exit(2);
}
const profile = await mkdtemp(path.join(os.tmpdir(), 'hlsched-shot-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, viewport: { width: 1000, height: 1250 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await context.newPage();
  await page.goto(pathToFileURL(path.resolve(html)).href);
  // The top of the page: figures, charts and the start of the candidate table.
  await page.screenshot({ path: png });
} finally {
  await context.close();
  await rm(profile, { recursive: true, force: true });
}
