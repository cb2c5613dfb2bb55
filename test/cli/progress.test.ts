import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hlschedBin, kernel } from '../helpers/paths.js';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(path.join(os.tmpdir(), 'hlsched-progress-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

const args = (name: string) => ['optimize', kernel('gemm.mlir'), '--llm', 'none', '--no-accept', '--budget', '8',
  '--corpus', path.join(dir, 'corpus'), '--index', path.join(dir, 'no-index'), '--out', path.join(dir, name)];

describe('optimize progress', () => {
  it('prints plain progress lines when stderr is not a terminal', async () => {
    const run = await execa(hlschedBin, args('plain'), { reject: false });
    expect(run.exitCode).toBe(0);
    const lines = run.stderr.split('\n').filter((line) => line.startsWith('progress: '));
    expect(lines.length).toBeGreaterThan(1);
    expect(lines[0]).toMatch(/^progress: 1\/8 evaluated, best \d+ cycles$/);
    // Best so far never gets worse.
    const best = lines.map((line) => Number(/best (\d+)/.exec(line)![1]));
    expect(best).toEqual([...best].sort((a, b) => b - a));
    expect(run.stderr).not.toMatch(/\u001b\[/);
  });

  it('prints nothing extra with --json', async () => {
    const run = await execa(hlschedBin, [...args('json'), '--json'], { reject: false });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout)).toHaveProperty('bestCycles');
    expect(run.stderr).toBe('');
  });

  it('draws a progress bar on a terminal', async () => {
    // `script` gives the CLI a real pseudo-terminal.
    const command = [hlschedBin, ...args('tty')].map((a) => `'${a}'`).join(' ');
    const run = await execa('script', ['-qec', command, '/dev/null'], { reject: false, env: { COLUMNS: '120' } });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/candidates [\u2588\u2591]{30} \d+\/8 \| best \d+ cycles/);
    expect(run.stdout).not.toMatch(/^progress: /m);
    expect(run.stdout).toMatch(/@gemm on fpga: \d+ -> \d+ cycles/);
  });
});
