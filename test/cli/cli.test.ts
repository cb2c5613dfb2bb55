import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { hlschedBin, kernel, schedule } from '../helpers/paths.js';

/** Runs the real CLI the way a user does, through bin/hlsched. */
function hlsched(...args: string[]) {
  return execa(hlschedBin, args, { reject: false, timeout: 120_000 });
}

const MATMUL = kernel('matmul.mlir');
const TILE = schedule('matmul.tile.ok.mlir');

describe('hlsched CLI', () => {
  it('--help lists the commands and verify --help its options', async () => {
    const top = await hlsched('--help');
    expect(top.exitCode).toBe(0);
    expect(top.stdout).toMatch(/verify <kernel> <schedule>/);
    const sub = await hlsched('verify', '--help');
    expect(sub.exitCode).toBe(0);
    for (const option of ['--func', '--emit', '--json', '--shape', '--timeout']) expect(sub.stdout).toContain(option);
  });

  it('verify prints a verdict per argument and exits 0 for a correct schedule', async () => {
    const run = await hlsched('verify', MATMUL, TILE);
    expect(run.exitCode).toBe(0);
    expect(run.stdout.split('\n')[0]).toMatch(/^ok: the schedule preserves the results of @matmul \(3 memref arguments compared/);
    expect(run.stdout).toMatch(/%C +memref<64x64xf32> +max \|diff\| 0 /);
  });

  it('--json has the documented shape and a wrong schedule exits 1', async () => {
    const run = await hlsched('verify', MATMUL, schedule('matmul.fuse-fill.wrong.mlir'), '--json');
    expect(run.exitCode).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['status', 'equivalent', 'maxAbsDiff', 'arguments', 'diagnostics']));
    expect(report.status).toBe('wrong-result');
    expect(report.equivalent).toBe(false);
    expect(report.arguments.map((a: { name: string }) => a.name)).toEqual(['A', 'B', 'C']);
    expect(report.maxAbsDiff).toBeGreaterThan(0.1);
  });

  it('--emit writes the transformed kernel', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'hlsched-cli-'));
    const out = path.join(dir, 'tiled.mlir');
    const run = await hlsched('verify', MATMUL, TILE, '--emit', out);
    expect(run.exitCode).toBe(0);
    expect(await readFile(out, 'utf8')).toMatch(/scf\.for[\s\S]*linalg\.matmul/);
  });

  it('a malformed schedule shows the diagnostic with a code frame and exits 1', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'hlsched-cli-'));
    const bad = path.join(dir, 'bad.mlir');
    await writeFile(bad, (await readFile(TILE, 'utf8')).replace('tile_using_for', 'tile_usin'));
    const run = await hlsched('verify', MATMUL, bad);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`${bad}:5:26: error: custom op 'transform.structured.tile_usin' is unknown`);
    expect(run.stderr).toMatch(/> 5 \|/);
  });

  describe('bad input: one line, a hint, exit 2, no stack trace', () => {
    const cases: Array<[string, string[], RegExp]> = [
      ['unknown option', ['verify', MATMUL, TILE, '--frobnicate'], /^hlsched: error: Unknown option `--frobnicate`$/m],
      ['missing argument', ['verify', MATMUL], /^hlsched: error: missing required args for command `verify <kernel> <schedule>`$/m],
      ['unknown command', ['optimise', MATMUL], /^hlsched: error: unknown command optimise$/m],
      ['missing file', ['verify', '/nonexistent.mlir', TILE], /^hlsched: error: cannot read kernel file \/nonexistent.mlir: no such file$/m],
      ['bad --shape', ['verify', MATMUL, TILE, '--shape', 'A=64xbig'], /^hlsched: error: --shape A=64xbig is not a list of positive sizes$/m],
      ['bad --timeout', ['verify', MATMUL, TILE, '--timeout', 'soon'], /^hlsched: error: --timeout soon is not a positive number$/m],
    ];
    it.each(cases)('%s', async (_name, args, message) => {
      const run = await hlsched(...args);
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).toMatch(/^hint: /m);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    });

    it('a kernel syntax error points at line and column', async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'hlsched-cli-'));
      const broken = path.join(dir, 'broken.mlir');
      await writeFile(broken, 'module {\n  func.func @f( {\n');
      const run = await hlsched('verify', broken, TILE, '--json');
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain(`does not parse: ${broken}:2:16: expected non-function type`);
      expect(run.stderr).toMatch(/> 2 \|   func\.func @f\( \{\n\s+\|\s+\^/);
      expect(JSON.parse(run.stdout).error.code).toBe('KERNEL_INVALID');
    });
  });
});
