import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HlschedError } from '../../src/errors.js';
import { discoverToolchain, parseToolVersion } from '../../src/toolchain/discover.js';
import { runTool } from '../../src/toolchain/run-tool.js';

async function fakeBinDir(versionLine: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hlsched-fake-'));
  const script = path.join(dir, 'mlir-opt');
  await writeFile(script, `#!/bin/sh\necho "${versionLine}"\n`);
  await chmod(script, 0o755);
  return dir;
}

describe('discoverToolchain', () => {
  it('finds the installed MLIR 22 and its runner libraries', async () => {
    const toolchain = await discoverToolchain();
    expect(toolchain.version).toMatch(/^22\./);
    expect(toolchain.path('mlir-runner')).toMatch(/mlir-runner$/);
    const run = await runTool(toolchain, 'mlir-opt', ['--version']);
    expect(run.exitCode).toBe(0);
  });

  it('says how to install when MLIR_BIN holds no mlir-opt', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'hlsched-empty-'));
    const error = await discoverToolchain({ env: { MLIR_BIN: empty, PATH: '' } }).catch((e: unknown) => e);
    expect(HlschedError.isInstance(error)).toBe(true);
    expect((error as HlschedError).code).toBe('TOOLCHAIN_MISSING');
    expect((error as HlschedError).message).toBe(`mlir-opt not found in MLIR_BIN=${empty}`);
    expect((error as HlschedError).hint).toMatch(/apt-get install mlir-22-tools libmlir-22-dev/);
    expect((error as HlschedError).exitCode).toBe(2);
  });

  it('rejects another major version and names it', async () => {
    const dir = await fakeBinDir('Debian LLVM version 17.0.6');
    const error = await discoverToolchain({ env: { MLIR_BIN: dir } }).catch((e: unknown) => e);
    expect((error as HlschedError).code).toBe('TOOLCHAIN_WRONG_VERSION');
    expect((error as HlschedError).message).toMatch(/is version 17\.0\.6, hlsched needs 22\.x/);
  });

  it('parses the version lines of Debian and upstream builds', () => {
    expect(parseToolVersion('LLVM (http://llvm.org/):\n  Debian LLVM version 22.1.8\n  Optimized build.')).toBe('22.1.8');
    expect(parseToolVersion('MLIR version 22.0.0git')).toBe('22.0.0');
    expect(parseToolVersion('no version here')).toBeUndefined();
  });
});

describe('runTool', () => {
  it('reports a time-out as a result with the tool killed', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'hlsched-slow-'));
    await writeFile(path.join(dir, 'mlir-opt'), '#!/bin/sh\nif [ "$1" = --version ]; then echo "LLVM version 22.1.8"; exit 0; fi\nsleep 30\n');
    await chmod(path.join(dir, 'mlir-opt'), 0o755);
    const toolchain = await discoverToolchain({ env: { MLIR_BIN: dir } });
    const started = Date.now();
    const run = await runTool(toolchain, 'mlir-opt', ['x.mlir'], { timeoutMs: 500 });
    expect(run.timedOut).toBe(true);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
