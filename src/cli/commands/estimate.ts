import { HlschedError } from '../../errors.js';
import { BambuBackend } from '../../hls/bambu/backend.js';
import { AnalyticBackend } from '../../hls/estimate.js';
import { loadTarget, parseUnitLimits, withRunSettings, withUnitInstances } from '../../hls/target.js';
import type { Estimate, LatencyBackend } from '../../hls/types.js';
import { parseAssignments, parsePositiveNumber, parseShapes } from '../options.js';
import { prepareSizes, type PreparedSizes, type SizeOptions } from '../../frontend/prepare.js';
import { analyzeKernel } from '../../optimize/kernel-info.js';
import { discoverToolchain } from '../../toolchain/discover.js';
import { withTempDir } from '../../toolchain/temp-dir.js';
import { readInput } from '../../verify/inputs.js';
import type { CliIo } from '../output.js';

export interface EstimateCliOptions {
  schedule?: string;
  target?: string;
  backend?: string;
  func?: string;
  json?: boolean;
  timeout?: unknown;
  clockNs?: unknown;
  memoryPolicy?: unknown;
  shape?: unknown;
  scalar?: unknown;
  units?: unknown;
}

export const BACKENDS: Record<string, () => LatencyBackend> = {
  analytic: () => new AnalyticBackend(),
  bambu: () => new BambuBackend(),
};

function location(loc: Estimate['loops'][number]['location']): string {
  return loc ? `${loc.file}:${loc.line}:${loc.column}` : '';
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => `  ${row.map((cell, column) => (column >= 2 && column <= 7 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ')}`.trimEnd());
}

export function formatEstimate(estimate: Estimate, device: string): string {
  const lines: string[] = [];
  const micro = (estimate.timeNs / 1000).toLocaleString('en-US', { maximumFractionDigits: 2 });
  lines.push(`@${estimate.function} on ${estimate.target} (${device}, ${estimate.clockNs} ns clock), ${estimate.backend} backend`);
  lines.push(`  cycles       ${estimate.cycles}  (${micro} us)`);
  const detail = estimate.lowerBoundDetail;
  if (detail) {
    const binding = { criticalPath: 'dependence chains', memory: 'memory ports', compute: 'functional units' }[detail.binding];
    const gap = estimate.lowerBound > 0 ? (estimate.cycles / estimate.lowerBound).toFixed(2) : '-';
    lines.push(`  lower bound  ${estimate.lowerBound}  (${binding}; memory ports ${detail.memory}, units ${detail.compute}, dependences ${detail.criticalPath}); cycles / bound ${gap}`);
  }
  if (estimate.loops.length > 0) {
    lines.push('', 'loops');
    lines.push(...table([
      ['id', 'loop', 'trip', 'entries', 'II', 'iter', 'cycles', 'total', 'location'],
      ...estimate.loops.map((loop) => [
        `${'  '.repeat(loop.depth)}${loop.id}`, loop.label, `${loop.tripCount}${loop.tripCountExact ? '' : '~'}`, String(loop.executions),
        ...(loop.unrolledByFrontEnd ? ['unrolled', '-', '-', '-']
          : [loop.ii === null ? '-' : String(loop.ii), String(loop.iterationLatency), String(loop.cycles), String(loop.totalCycles)]),
        location(loop.location),
      ]),
    ]));
    if (estimate.loops.some((loop) => loop.unrolledByFrontEnd)) {
      lines.push('  unrolled: the HLS front end unrolls the loop fully; its time is in the enclosing loop or code (frontend.fullUnrollThreshold)');
    }
  }
  if (estimate.bottlenecks.length > 0) {
    lines.push('', 'bottlenecks (share of cycles)');
    for (const b of estimate.bottlenecks) lines.push(`  ${`${Math.round(b.share * 100)}%`.padStart(4)}  ${b.message}`);
  }
  const r = estimate.resources;
  const operators = Object.entries(r.operators).filter(([, n]) => n > 0).map(([name, n]) => `${name} ${n}`).join(', ');
  if (operators || r.memories.length > 0) {
    lines.push('', 'resources');
    if (operators) lines.push(`  operators  ${operators}; DSP ${r.dsp}${r.area !== undefined ? `; area ${Math.round(r.area)} um^2` : ''}`);
    if (r.lut !== undefined || r.power !== undefined) {
      const util = Object.entries(r.utilization ?? {}).map(([k, v]) => `${k} ${(v * 100).toFixed(1)}%`).join(', ');
      lines.push(`  ${r.lut !== undefined ? `LUT ${r.lut}, FF ${r.ff}, DSP ${r.dsp}, BRAM18 ${r.bram18}` : `area ${r.area} um^2`}${r.power !== undefined ? `, power ${r.power} W` : ''}${util ? `; utilization ${util}` : ''}`);
    }
    for (const m of r.memories) {
      lines.push(`  ${m.name.padEnd(10)} ${m.kind.padEnd(8)} ${m.type.padEnd(26)} ${m.register ? 'register' : `${m.ports} port${m.ports > 1 ? 's' : ' '}`}  ${m.loads} loads, ${m.stores} stores${m.ramBlocks ? `, ${m.ramBlocks} RAM blocks` : ''}`);
    }
  }
  if (estimate.notes.length > 0) {
    lines.push('', 'notes');
    for (const note of estimate.notes) lines.push(`  ${note}`);
  }
  return `${lines.join('\n')}\n`;
}

export async function runEstimateCommand(kernel: string, options: EstimateCliOptions, io: CliIo): Promise<number> {
  const backendName = options.backend ?? 'analytic';
  const makeBackend = BACKENDS[backendName];
  if (!makeBackend) {
    throw new HlschedError('USAGE', `unknown backend ${backendName}`, { hint: `use --backend ${Object.keys(BACKENDS).join('|')}` });
  }
  const loaded = await loadTarget(options.target ?? 'fpga');
  const clocked = withRunSettings(loaded, {
    clockNs: options.clockNs === undefined ? undefined : parsePositiveNumber('--clock-ns', options.clockNs)!,
    memoryPolicy: options.memoryPolicy === undefined ? undefined : String(options.memoryPolicy),
  });
  const units = options.units === undefined ? undefined : parseUnitLimits((Array.isArray(options.units) ? options.units : [options.units]).map(String));
  const target = units ? withUnitInstances(clocked, units) : clocked;
  const shapes = parseShapes(options.shape);
  const scalars = parseAssignments('--scalar', options.scalar);
  // Dynamic shapes and size arguments: sizes inferred or given, folded into a specialized copy when trip counts need them.
  return withTempDir(async (dir) => {
    const sized = await sizedKernel(kernel, options.func === undefined ? undefined : String(options.func), { shapes, scalars }, dir);
    // The specialized copy lives only for this estimate: say what was folded, not where.
    if (sized.notes.length && !options.json) io.stderr(sized.notes.map((note) => `note: ${note.replace(/ in \S+\.specialized\.mlir$/, ' (a temporary copy; optimize writes it to its output folder)')}\n`).join(''));
    const estimate = await makeBackend().estimate(sized.path, target, {
    ...(options.schedule === undefined ? {} : { schedule: String(options.schedule) }),
    ...(options.func === undefined ? {} : { func: String(options.func) }),
      ...(options.timeout === undefined ? {} : { timeoutMs: parsePositiveNumber('--timeout', options.timeout)! * 1000 }),
    });
    io.stdout(options.json ? `${JSON.stringify(estimate, null, 2)}\n` : formatEstimate(estimate, target.device));
    return 0;
  });
}

/** The kernel as estimated: the file itself, or a copy specialized to --shape/--scalar (or inferred) sizes. */
async function sizedKernel(kernel: string, func: string | undefined, given: SizeOptions, dir: string): Promise<PreparedSizes> {
  const text = await readInput(kernel, 'kernel');
  if (!/\?x/.test(text) && !Object.keys(given.shapes ?? {}).length && !Object.keys(given.scalars ?? {}).length) {
    return { path: kernel, sizes: null, specialized: false, notes: [] };
  }
  const info = await analyzeKernel(await discoverToolchain(), kernel, func);
  return prepareSizes(await discoverToolchain(), kernel, text, info.functionName, info.printed.generic, given, dir);
}
