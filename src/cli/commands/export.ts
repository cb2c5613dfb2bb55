import { exportHandoff } from '../../export/index.js';
import { parsePositiveNumber } from '../options.js';
import type { CliIo } from '../output.js';

export interface ExportCliOptions {
  to?: string;
  kernel?: string;
  target?: string;
  run?: boolean;
  timeout?: unknown;
  json?: boolean;
}

export async function runExportCommand(outDir: string, options: ExportCliOptions, io: CliIo): Promise<number> {
  const timeoutMs = options.timeout === undefined ? undefined : parsePositiveNumber('--timeout', options.timeout)! * 1000;
  const result = await exportHandoff(outDir, {
    ...(options.to ? { to: String(options.to) } : {}), ...(options.kernel ? { kernel: String(options.kernel) } : {}),
    ...(options.target ? { target: String(options.target) } : {}), run: options.run !== false,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
  if (options.json) {
    io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  }
  io.stdout([
    `wrote ${result.dir}/ (${result.files.join(', ')})`,
    `run it where SODA and Bambu are installed: ${result.dir}/run-hls.sh (ROUTE=soda for soda-opt + mlir-translate + Bambu)`,
    result.measuredCycles === null ? result.note : `estimate ${result.estimateCycles} cycles, Bambu ${result.measuredCycles} cycles (written into report.json, report.md, report.html)`,
    '',
  ].join('\n'));
  return 0;
}
