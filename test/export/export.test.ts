import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportHandoff } from '../../src/export/index.js';
import { loadTarget, withClock, withMemoryPolicy } from '../../src/hls/target.js';
import { optimize } from '../../src/optimize/optimize.js';
import { hlschedBin, kernel } from '../helpers/paths.js';

let dir: string;
let out: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'hlsched-export-'));
  // Bambu results are cached by content hash: keep this test's out of the user's cache.
  process.env.XDG_CACHE_HOME = path.join(dir, 'cache');
  out = path.join(dir, 'out');
  await optimize(kernel('gemm.mlir'), { target: await loadTarget('asic'), budget: 6, outDir: out, accept: false, corpusDir: path.join(dir, 'corpus'), indexDir: path.join(dir, 'no-index') });
});
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

describe('hlsched export', () => {
  it('writes the kernel as C and MLIR, the testbench, the exact SODA and Bambu command lines and a script', async () => {
    const target = await loadTarget('asic');
    const result = await exportHandoff(out, { env: { PATH: '/usr/bin:/bin' } });
    expect(result.dir).toBe(path.join(out, 'handoff'));
    expect(result.measuredCycles).toBeNull();
    expect(result.note).toMatch(/^Bambu is not installed here/);
    const { commands } = JSON.parse(await readFile(path.join(result.dir, 'handoff.json'), 'utf8')) as { commands: typeof result.commands };
    expect(commands.bambuC).toEqual(['bambu', '-lm', '--soft-float', '-O2', `--device=${target.device}`, `--clock-period=${target.clockNs}`, '--no-iob',
      '--experimental-setup=BAMBU-BALANCED-MP', `--channels-number=${target.memory.arguments.ports}`, '--memory-allocation-policy=ALL_BRAM',
      '--disable-function-proxy', '--generate-tb=testbench.xml', '--simulate', '--simulator=VERILATOR', '--top-fname=gemm', 'kernel.c']);
    expect(commands.sodaOpt[2]).toBe('--soda-opt-pipeline-for-bambu=use-bare-ptr-memref-call-conv no-buffer-trick number-of-full-unrolls=0');
    expect(commands.bambuSoda.at(-1)).toBe('model.ll');
    const script = await readFile(path.join(result.dir, 'run-hls.sh'), 'utf8');
    expect(script).toContain(`--device=${target.device} --clock-period=${target.clockNs}`);
    await execa('bash', ['-n', path.join(result.dir, 'run-hls.sh')]);
    // The C is what Bambu reads: it compiles, and the testbench names its parameters with one value per element.
    const c = await readFile(path.join(result.dir, 'kernel.c'), 'utf8');
    await execa('gcc', ['-std=c11', '-c', '-o', path.join(dir, 'kernel.o'), path.join(result.dir, 'kernel.c')]);
    const testbench = await readFile(path.join(result.dir, 'testbench.xml'), 'utf8');
    const parameters = /void gemm\(([^)]*)\)/.exec(c)![1]!.split(',').map((p) => /(\w+)(?:\[\d+\])*$/.exec(p.trim())![1]);
    for (const name of parameters) expect(testbench).toMatch(new RegExp(`\\b${name}="`));
    const arrays = [...testbench.matchAll(/"\{([^}]*)\}"/g)].map((m) => m[1]!.split(',').length);
    expect(arrays).toEqual([32 * 32, 32 * 32, 32 * 32]);
    expect(await readFile(path.join(result.dir, 'transformed.mlir'), 'utf8')).toMatch(/hls\.pipeline/);
  });

  it('the script says what is missing where Bambu is not installed', async () => {
    const run = await execa(path.join(out, 'handoff', 'run-hls.sh'), [], { reject: false, env: { PATH: '/usr/bin:/bin' }, extendEnv: false });
    expect(run.exitCode).toBe(127);
    expect(run.stderr).toBe('run-hls.sh: bambu is not on PATH (nor set in BAMBU): install PandA Bambu (https://panda.deib.polimi.it) or set BAMBU=/path/to/bambu');
    const soda = await execa(path.join(out, 'handoff', 'run-hls.sh'), [], { reject: false, env: { PATH: '/usr/bin:/bin', ROUTE: 'soda' }, extendEnv: false });
    expect(soda.stderr).toMatch(/^run-hls.sh: soda-opt is not on PATH/);
  });

  it('with Bambu installed, runs it and puts its cycles beside the estimate in the reports', async () => {
    // Bambu cannot be installed on these machines: a stand-in that prints Bambu's summary line checks the plumbing
    // (finding it, running it with the hand-off's flags, reading the figure, updating the reports), not Bambu.
    const fake = path.join(dir, 'bambu');
    await writeFile(fake, `#!/usr/bin/env bash\necho "$@" > "${path.join(dir, 'bambu-args.txt')}"\ntest -f testbench.xml && test -f kernel.c\necho "Total cycles : 4321 cycles"\n`);
    await chmod(fake, 0o755);
    const result = await exportHandoff(out, { env: { ...process.env, BAMBU: fake } });
    expect(result.measuredCycles).toBe(4321);
    expect((await readFile(path.join(dir, 'bambu-args.txt'), 'utf8')).trim()).toBe(result.commands.bambuC.slice(1).join(' '));
    const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as { measured: unknown; bestCycles: number };
    expect(report.measured).toEqual({ tool: 'bambu', cycles: 4321, estimate: report.bestCycles });
    expect(await readFile(path.join(out, 'report.md'), 'utf8')).toMatch(/## Measured by bambu\n\n\| \| cycles \|\n\|---\|---\|\n\| estimate \| \d+ \|\n\| bambu \| 4321 \|/);
    expect(await readFile(path.join(out, 'report.html'), 'utf8')).toMatch(/bambu measured<b>4,321 cycles<\/b>/);
    const script = await execa(path.join(out, 'handoff', 'run-hls.sh'), [], { env: { BAMBU: fake } });
    expect(script.stdout).toMatch(/Total cycles : 4321 cycles/);
  });

  it('hands Bambu the clock and memory policy the result was optimized for', async () => {
    const tuned = path.join(dir, 'out-2ns-nobram');
    await optimize(kernel('calibration/gemm_2.mlir'), { target: withMemoryPolicy(withClock(await loadTarget('asic'), 2), 'no-bram'), budget: 4, outDir: tuned,
      accept: false, corpusDir: path.join(dir, 'corpus'), indexDir: path.join(dir, 'no-index') });
    const saved = JSON.parse(await readFile(path.join(tuned, 'report.json'), 'utf8')) as { clockNs: number; memoryPolicy: string };
    expect(saved).toMatchObject({ clockNs: 2, memoryPolicy: 'no-bram' });
    // The reports say what the estimates assumed.
    expect(await readFile(path.join(tuned, 'report.md'), 'utf8')).toMatch(/^Clock 2 ns; memory policy no-bram \(the kernel's buffers behind the memory interface/m);
    expect(await readFile(path.join(tuned, 'report.html'), 'utf8')).toContain('2 ns clock, buffers behind the memory interface (--memory-policy no-bram)');
    const result = await exportHandoff(tuned, { env: { PATH: '/usr/bin:/bin' } });
    expect(result.commands.bambuC).toContain('--clock-period=2');
    expect(result.commands.bambuC).toContain('--memory-allocation-policy=NO_BRAM');
  });

  it('an output folder without report.json is exit 2 with a hint', async () => {
    const run = await execa(hlschedBin, ['export', dir], { reject: false });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe(`hlsched: error: ${path.join(dir, 'report.json')} cannot be read\nhint: give the output folder of \`hlsched optimize\` (it holds report.json)`);
  });
});
