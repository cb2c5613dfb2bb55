import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BambuBackend, cParameterNames } from '../../src/hls/bambu/backend.js';
import { checkEmittedC } from '../../src/hls/bambu/c-check.js';
import { firstBambuError, parseBambuCycles } from '../../src/hls/bambu/log.js';
import { loadTarget } from '../../src/hls/target.js';
import { kernel, repoRoot, schedule } from '../helpers/paths.js';

const calibration = (name: string) => path.join(repoRoot, 'eval', 'kernels', 'calibration', name);
const fullSchedule = path.join(repoRoot, 'eval', 'schedules', 'calibration', 'full.mlir');

describe('EmitC route: the C given to Bambu computes what mlir-runner computes', () => {
  it.each([
    ['gemm N=4', calibration('gemm_4.mlir'), undefined],
    ['gemm N=4, fully optimized', calibration('gemm_4.mlir'), fullSchedule],
    ['atax N=8, fully optimized', calibration('atax_8.mlir'), fullSchedule],
    ['64x64 matmul (linalg), tiled', kernel('matmul.mlir'), schedule('matmul.tile.ok.mlir')],
    ['2mm (two accumulations, scalars)', kernel('2mm.mlir'), undefined],
    ['EELS encoder, reduced (linalg convolutions, local buffers, LeakyReLU)', kernel('eels_encoder_reduced.mlir'), undefined],
    ['EELS encoder, reduced, tiled', kernel('eels_encoder_reduced.mlir'), schedule('eels_encoder_reduced.tile.ok.mlir')],
  ])('%s: compiles with gcc and gives the same results on the same inputs', async (_name, kernelFile, scheduleFile) => {
    const result = await checkEmittedC(kernelFile, scheduleFile ? { schedule: scheduleFile } : {});
    expect(result.c).toMatch(/#include <stddef.h>/);
    expect(result.elements).toBeGreaterThan(0);
    expect(result.equivalent, `max |diff| ${result.maxAbsDiff}`).toBe(true);
  });

  it('reads the parameter names Bambu\'s testbench must use from the C signature', () => {
    expect(cParameterNames('void gemm(float v1, float v2, float v3[4][4], int32_t v4[8]) {\n', 'gemm')).toEqual(['v1', 'v2', 'v3', 'v4']);
  });
});

describe('Bambu output parser', () => {
  it('reads Total cycles from a log in the format Bambu prints', async () => {
    const log = await readFile(path.join(repoRoot, 'test', 'fixtures', 'bambu', 'gemm_4.bambu-output.txt'), 'utf8');
    expect(parseBambuCycles(log)).toBe(794);
  });

  it('reads the simulation\'s results.txt line, and says when there is no count', () => {
    expect(parseBambuCycles('Run 1 execution time 6538 cycles\n')).toBe(6538);
    expect(parseBambuCycles('error -> Verilator failed\n')).toBeUndefined();
    expect(firstBambuError('  Parameters parsed\nerror -> Verilator failed\n')).toBe('error -> Verilator failed');
  });
});

describe('Bambu backend, driven end to end with a stand-in bambu executable', () => {
  let dir: string;
  let fake: string;
  const previousCache = process.env.XDG_CACHE_HOME;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'hlsched-bambu-'));
    process.env.XDG_CACHE_HOME = path.join(dir, 'cache');
    fake = path.join(dir, 'bambu');
    // Records its arguments and inputs, then prints what Bambu prints at the end of a simulation.
    await writeFile(fake, `#!/bin/sh
echo "$@" >> "${dir}/calls"
cp kernel.c "${dir}/seen.c"; cp testbench.xml "${dir}/seen.xml"
echo "  Total cycles             : 4242 cycles"
`);
    await chmod(fake, 0o755);
  });
  afterAll(async () => {
    if (previousCache === undefined) delete process.env.XDG_CACHE_HOME; else process.env.XDG_CACHE_HOME = previousCache;
    await rm(dir, { recursive: true, force: true });
  });

  it('emits C and a testbench, passes the SODA flags with the target\'s device and clock, parses cycles, and caches', async () => {
    const backend = new BambuBackend({ ...process.env, BAMBU: fake });
    const target = await loadTarget('asic');
    const first = await backend.estimate(calibration('gemm_2.mlir'), target);
    expect(first).toMatchObject({ backend: 'bambu', cycles: 4242, clockNs: 5, timeNs: 4242 * 5 });
    const calls = (await readFile(path.join(dir, 'calls'), 'utf8')).trim().split('\n');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toContain('--device=nangate45');
    expect(calls[0]).toContain('--clock-period=5');
    expect(calls[0]).toContain('--top-fname=gemm');
    expect(calls[0]).toContain('--generate-tb=testbench.xml');
    expect(await readFile(path.join(dir, 'seen.c'), 'utf8')).toMatch(/void gemm\(float v1, float v2, float v3\[2\]\[2\]/);
    const testbench = await readFile(path.join(dir, 'seen.xml'), 'utf8');
    expect(testbench).toMatch(/<testbench v1="1.5" v2="1.5" v3="\{[-0-9.e,]+\}" v4="\{/);
    expect(testbench.match(/v3="\{([^}]*)\}"/)![1]!.split(',')).toHaveLength(4);

    const second = await backend.estimate(calibration('gemm_2.mlir'), target);
    expect(second.cycles).toBe(4242);
    expect((await readFile(path.join(dir, 'calls'), 'utf8')).trim().split('\n')).toHaveLength(1);
  });

  it('without bambu on PATH or BAMBU, says it is not installed (exit 2)', async () => {
    const backend = new BambuBackend({ PATH: dir.replace(/bambu-.*/, 'nowhere') });
    const error = await backend.estimate(calibration('gemm_2.mlir'), await loadTarget('fpga')).catch((e: unknown) => e) as { code: string; exitCode: number; message: string };
    expect(error.code).toBe('BACKEND_UNAVAILABLE');
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(/Bambu is not installed/);
  });
});
