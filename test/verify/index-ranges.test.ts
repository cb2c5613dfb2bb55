import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { discoverToolchain } from '../../src/toolchain/discover.js';
import { runTool } from '../../src/toolchain/run-tool.js';
import { inferIndexRanges } from '../../src/verify/index-ranges.js';
import { fixture, hlschedBin } from '../helpers/paths.js';

describe('token ids in range for a gather', () => {
  it('infers [0, rows) for an integer argument cast to index and used to gather a 50-row table', async () => {
    const toolchain = await discoverToolchain();
    const printed = await runTool(toolchain, 'mlir-opt', [fixture('embedding_gather.mlir'),
      '--one-shot-bufferize=bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map', '--mlir-print-op-generic', '--mlir-print-local-scope']);
    expect(printed.exitCode, printed.stderr).toBe(0);
    expect([...inferIndexRanges(printed.stdout, 'forward')]).toEqual([[0, [0, 50]]]);
  });

  it('verify runs the gather with in-range ids; --input-range overrides, and a wrong one is exit 2', async () => {
    const ok = await execa(hlschedBin, ['verify', fixture('embedding_gather.mlir'), fixture('embedding_gather.tile.mlir'), '--json'], { reject: false });
    expect(ok.exitCode, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).status).toBe('ok');
    const narrowed = await execa(hlschedBin, ['verify', fixture('embedding_gather.mlir'), fixture('embedding_gather.tile.mlir'), '--input-range', 'ids=0:10'], { reject: false });
    expect(narrowed.exitCode, narrowed.stderr).toBe(0);
    for (const bad of [['--input-range', 'nope=0:5'], ['--input-range', 'ids=5:1']]) {
      const refused = await execa(hlschedBin, ['verify', fixture('embedding_gather.mlir'), fixture('embedding_gather.tile.mlir'), ...bad], { reject: false });
      expect(refused.exitCode, bad.join(' ')).toBe(2);
      expect(refused.stderr.split('\n')[0]).toMatch(/--input-range (nope=\.\.\. names no memref argument|ids=5:1 is not LO:HI)/);
    }
  });
});
