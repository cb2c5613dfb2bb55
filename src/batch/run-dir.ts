import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { mkdir, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { HlschedError } from '../errors.js';
import { writeAtomically, writeAtomicallySync } from '../safe-files.js';
import type { RunSpec, UnitInterruption, UnitResult } from './types.js';

/**
 * The run folder, on a filesystem every node sees:
 *   run.json                     the run (units, options, submissions); written only where batch runs
 *   units/<id>/result.json       a unit's outcome, written atomically by the task that ran it
 *   units/<id>/interrupted.json  a task stopped by a signal: not evaluated, to run again
 *   units/<id>/out/              the optimizer's output folder for the unit
 *   layers/                      kernels extracted from whole models, one per unique layer
 *   models/<n>/                  stitched schedules of whole models
 *   logs/                        Slurm's stdout/stderr per array task
 */
export class RunFolder {
  constructor(readonly dir: string) {}

  get specFile(): string { return path.join(this.dir, 'run.json'); }
  unitDir(unit: string): string { return path.join(this.dir, 'units', unit); }
  resultFile(unit: string): string { return path.join(this.unitDir(unit), 'result.json'); }
  interruptionFile(unit: string): string { return path.join(this.unitDir(unit), 'interrupted.json'); }
  get logsDir(): string { return path.join(this.dir, 'logs'); }
  get layersDir(): string { return path.join(this.dir, 'layers'); }
  modelDir(index: number): string { return path.join(this.dir, 'models', String(index)); }

  static newId(): string {
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
    return `${stamp}-${randomBytes(3).toString('hex')}`;
  }

  async create(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    if ((await readdir(this.dir)).some((name) => name === 'run.json')) {
      throw new HlschedError('USAGE', `${this.dir} already holds a run`, { hint: `use \`hlsched runs resume ${this.dir}\`, or another --run-dir` });
    }
    await Promise.all([mkdir(path.join(this.dir, 'units')), mkdir(this.logsDir), mkdir(this.layersDir)]);
  }

  async readSpec(): Promise<RunSpec> {
    let text: string;
    try {
      text = await readFile(this.specFile, 'utf8');
    } catch {
      throw new HlschedError('INPUT_UNREADABLE', `${this.dir} is not a batch run (no run.json)`, { hint: 'pass the folder `hlsched batch` printed (runs/<id>)' });
    }
    try {
      const spec = JSON.parse(text) as RunSpec;
      if (spec.version !== 1 || !Array.isArray(spec.units)) throw new Error('unknown format');
      return spec;
    } catch {
      throw new HlschedError('INPUT_UNREADABLE', `${this.specFile} is damaged`, { hint: 'start the batch again with a new --run-dir' });
    }
  }

  writeSpec(spec: RunSpec): Promise<void> {
    return writeAtomically(this.specFile, `${JSON.stringify(spec, null, 2)}\n`);
  }

  private async readJson<T>(file: string): Promise<T | undefined> {
    try {
      return JSON.parse(await readFile(file, 'utf8')) as T;
    } catch {
      return undefined;
    }
  }

  readResult(unit: string): Promise<UnitResult | undefined> {
    return this.readJson<UnitResult>(this.resultFile(unit));
  }

  readInterruption(unit: string): Promise<UnitInterruption | undefined> {
    return this.readJson<UnitInterruption>(this.interruptionFile(unit));
  }

  async writeResult(result: UnitResult): Promise<void> {
    await mkdir(this.unitDir(result.unit), { recursive: true });
    await writeAtomically(this.resultFile(result.unit), `${JSON.stringify(result, null, 2)}\n`);
    await rm(this.interruptionFile(result.unit), { force: true });
  }

  /**
   * A unit's interruption note, written before this returns: a signal handler calls it and exits, and
   * nothing that happens next (a tool killed by the same signal failing a promise, a crash, the kill
   * that follows the term) can lose it.
   */
  writeInterruption(record: UnitInterruption): void {
    mkdirSync(this.unitDir(record.unit), { recursive: true });
    writeAtomicallySync(this.interruptionFile(record.unit), `${JSON.stringify(record, null, 2)}\n`);
  }

  /** The last line a unit's Slurm task printed (logs/<job>_<index>.out), to say why a task died. */
  async lastLogLine(jobId: string, index: number): Promise<string | undefined> {
    const text = await readFile(path.join(this.logsDir, `${jobId}_${index}.out`), 'utf8').catch(() => undefined);
    return text?.split('\n').map((line) => line.trim()).filter(Boolean).at(-1);
  }

  startedFile(unit: string): string { return path.join(this.unitDir(unit), 'started.json'); }

  /** Which process runs a unit now (local runs use it to tell running from pending). */
  async writeStarted(unit: string): Promise<void> {
    await mkdir(this.unitDir(unit), { recursive: true });
    await writeAtomically(this.startedFile(unit), `${JSON.stringify({ host: os.hostname(), pid: process.pid, at: new Date().toISOString() })}\n`);
  }

  readStarted(unit: string): Promise<{ host: string; pid: number; at: string } | undefined> {
    return this.readJson(this.startedFile(unit));
  }

  /** Before a unit runs again: its interruption note and a half-written output go. */
  async clearUnit(unit: string): Promise<void> {
    await rm(this.interruptionFile(unit), { force: true });
  }
}

/** Where runs go by default: runs/<id> in the current folder. */
export function defaultRunDir(cwd: string): string {
  return path.join(cwd, 'runs', RunFolder.newId());
}
