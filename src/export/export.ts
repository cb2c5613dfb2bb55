import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { HlschedError } from '../errors.js';
import { BambuBackend, findBambu, prepareBambuInputs } from '../hls/bambu/backend.js';
import { bambuConstraints } from '../hls/bambu/constraints.js';
import { loadTarget, withRunSettings, withUnitInstances, type TargetSpec } from '../hls/target.js';
import { unitLimits, type Recipe } from '../optimize/recipe.js';
import { handoffCommands, runScript, shellLine, type HandoffCommands } from './commands.js';
import { recordMeasurement } from './measured.js';

export interface ExportOptions {
  /** Where the hand-off goes. @default `<outDir>/handoff` */
  to?: string;
  /** The kernel, when the path in report.json does not resolve from here. */
  kernel?: string;
  /** The target spec (name or file). @default the target named in report.json */
  target?: string;
  /** Run Bambu when it is installed (default true). */
  run?: boolean;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

export interface ExportResult {
  dir: string;
  files: string[];
  commands: HandoffCommands;
  estimateCycles: number;
  /** Bambu's figure when it ran, else null with why in `note`. */
  measuredCycles: number | null;
  note: string;
}

interface SavedReport { kernel: string; function: string; target: string; bestCycles: number; schedule: string | null; clockNs?: number; memoryPolicy?: string; recipe?: Recipe | null }

async function readSavedReport(outDir: string): Promise<SavedReport> {
  const file = path.join(outDir, 'report.json');
  try {
    return JSON.parse(await readFile(file, 'utf8')) as SavedReport;
  } catch (cause) {
    throw new HlschedError('INPUT_UNREADABLE', `${file} cannot be read`, { hint: 'give the output folder of `hlsched optimize` (it holds report.json)', cause });
  }
}

async function resolveTarget(name: string): Promise<TargetSpec> {
  try {
    return await loadTarget(name);
  } catch (error) {
    throw HlschedError.isInstance(error) && error.code === 'USAGE'
      ? new HlschedError('USAGE', `the result names target ${name}, which is not a shipped target`, { hint: 'pass the spec file with --target FILE.json', cause: error })
      : error;
  }
}

/**
 * Writes, for an optimize result, what SODA and Bambu need: the scheduled kernel (MLIR and C), the
 * testbench with the inputs hlsched verified with, the exact command lines and a script; runs Bambu when
 * it is installed and puts its cycles beside the estimate in the report.
 */
export async function exportHandoff(outDir: string, options: ExportOptions = {}): Promise<ExportResult> {
  const report = await readSavedReport(outDir);
  const kernel = options.kernel ?? report.kernel;
  if (!existsSync(kernel)) {
    throw new HlschedError('INPUT_UNREADABLE', `the kernel ${kernel} named in ${path.join(outDir, 'report.json')} is not found from ${process.cwd()}`,
      { hint: 'run export from the folder optimize ran in, or pass --kernel FILE' });
  }
  // The result's own clock and memory policy (optimize --clock-ns, --memory-policy) go to Bambu with its target.
  const named = await resolveTarget(options.target ?? report.target);
  const run = withRunSettings(named, { clockNs: report.clockNs !== named.clockNs ? report.clockNs : undefined, memoryPolicy: report.memoryPolicy });
  // The recipe's unit limits go to Bambu as resource constraints (constraints.xml, --constraints).
  const units = report.schedule !== null ? unitLimits(report.recipe ?? undefined) : undefined;
  const target = units ? withUnitInstances(run, units) : run;
  const dir = options.to ?? path.join(outDir, 'handoff');
  const schedule = path.join(outDir, 'schedule.mlir');
  const hasSchedule = report.schedule !== null && existsSync(schedule);
  const tool = { func: report.function, ...(hasSchedule ? { schedule } : {}), ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) };
  const inputs = await prepareBambuInputs(kernel, target, tool);
  const commands = handoffCommands(target, inputs.functionName);

  await mkdir(dir, { recursive: true });
  const transformed = path.join(outDir, 'transformed.mlir');
  await copyFile(hasSchedule && existsSync(transformed) ? transformed : kernel, path.join(dir, 'transformed.mlir'));
  await writeFile(path.join(dir, 'kernel.c'), inputs.c);
  await writeFile(path.join(dir, 'testbench.xml'), inputs.testbench);
  await writeFile(path.join(dir, 'commands.txt'), [
    '# C route (default)', shellLine(commands.bambuC), '', '# SODA route',
    shellLine(commands.sodaOpt), shellLine(commands.translate), shellLine(commands.bambuSoda), '',
  ].join('\n'));
  const script = path.join(dir, 'run-hls.sh');
  await writeFile(script, runScript(commands, { function: inputs.functionName, target, estimate: report.bestCycles }));
  await chmod(script, 0o755);
  await writeFile(path.join(dir, 'handoff.json'), `${JSON.stringify({
    kernel, function: inputs.functionName, target: target.name, device: target.device, clockNs: target.clockNs,
    estimateCycles: report.bestCycles, schedule: hasSchedule ? schedule : null, commands,
  }, null, 2)}\n`);
  const files = ['transformed.mlir', 'kernel.c', 'testbench.xml', 'commands.txt', 'run-hls.sh', 'handoff.json'];
  if (units) {
    await writeFile(path.join(dir, 'constraints.xml'), bambuConstraints(units));
    files.push('constraints.xml');
  }

  const env = options.env ?? process.env;
  const bambu = options.run === false ? undefined : await findBambu(env);
  if (!bambu) {
    const note = options.run === false ? 'Bambu not run (--no-run)' : 'Bambu is not installed here (no `bambu` on PATH, BAMBU unset): run run-hls.sh where it is';
    return { dir, files, commands, estimateCycles: report.bestCycles, measuredCycles: null, note };
  }
  const measured = await new BambuBackend(env).estimate(kernel, target, tool);
  await recordMeasurement(outDir, { tool: 'bambu', cycles: measured.cycles, estimate: report.bestCycles });
  return { dir, files, commands, estimateCycles: report.bestCycles, measuredCycles: measured.cycles, note: `Bambu (${bambu}) measured ${measured.cycles} cycles` };
}
