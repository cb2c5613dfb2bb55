import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunkModule, chunkOps } from '../../src/chunking/chunk.js';
import { loadTarget } from '../../src/hls/target.js';
import { optimize } from '../../src/optimize/optimize.js';
import { discoverToolchain } from '../../src/toolchain/discover.js';
import { verify } from '../../src/verify/verify.js';
import { syntheticModel, syntheticOpCount } from '../../scripts/kernels/synthetic.js';
import { hlschedBin, kernel } from '../helpers/paths.js';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(path.join(os.tmpdir(), 'hlsched-chunk-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

async function model(name: string, conv: number, dense: number, weightsAsArguments = true): Promise<string> {
  const file = path.join(dir, `${name}.mlir`);
  await writeFile(file, syntheticModel({ name, conv, dense, length: 16, channels: 8, width: 32, weightsAsArguments }));
  return file;
}

describe('chunking', () => {
  it('extracts every schedulable op with its context; identical layers share a signature', async () => {
    const file = await model('m1', 3, 4);
    const result = await chunkModule(await discoverToolchain(), file, 2048);
    expect(result.totalOps).toBe(syntheticOpCount({ conv: 3, dense: 4 }));
    // conv blocks: pad fill, copy, out fill, conv, bias; dense: first matmul differs (wider input), the rest repeat.
    expect(result.uniqueSignatures).toBeLessThan(result.totalOps / 2);
    const conv = result.ops.filter((op) => op.name === 'linalg.conv_1d_nwc_wcf');
    expect(new Set(conv.map((op) => op.signature)).size).toBe(1);
    expect(conv[0]!.iterators).toEqual(['parallel', 'parallel', 'parallel', 'reduction', 'reduction']);
    expect(conv[0]!.indexingMaps[0]).toBe('(d0, d1, d2, d3, d4) -> (d0, d1 + d3, d4)');
    // The conv reads the padded buffer the copy wrote through a subview, and feeds the bias op.
    const copy = result.ops.find((op) => op.name === 'linalg.copy')!;
    expect(conv[0]!.producers).toContain(copy.id);
    expect(conv[0]!.consumers.map((id) => result.ops.find((op) => op.id === id)!.name)).toContain('linalg.generic');
    for (const chunk of result.chunks) expect(chunk.tokens).toBeLessThanOrEqual(2048);
  });

  it('summarises op bodies that do not fit the budget instead of cutting them', async () => {
    const result = await chunkModule(await discoverToolchain(), kernel('eels_encoder.mlir'), 2048);
    const op = result.ops.find((o) => o.name === 'linalg.generic')!;
    const big = { ...op, id: 'big', signature: 'x', body: Array.from({ length: 3000 }, (_, i) => (i % 2 ? 'arith.addf' : 'arith.mulf')) };
    const [chunk] = chunkOps([big], 200);
    expect(chunk!.tokens).toBeLessThanOrEqual(200);
    expect(chunk!.text).toMatch(/body: arith\.mulf x1500, arith\.addf x1500/);
  });

  it('hlsched chunk --json prints the documented fields; a budget that is not a positive number is exit 2', async () => {
    const file = await model('m2', 2, 3);
    const run = await execa(hlschedBin, ['chunk', file, '--json', '--budget', '512']);
    const out = JSON.parse(run.stdout);
    expect(out.totalOps).toBe(syntheticOpCount({ conv: 2, dense: 3 }));
    expect(out.uniqueSignatures).toBe(out.chunks.length);
    expect(Object.keys(out.chunks[0]).sort()).toEqual(['id', 'ops', 'signature', 'text', 'tokens']);
    for (const bad of ['0', 'abc', '-5']) {
      const refused = await execa(hlschedBin, ['chunk', file, `--budget=${bad}`], { reject: false });
      expect(refused.exitCode, bad).toBe(2);
      expect(refused.stderr.split('\n')[0]).toMatch(/--budget .* is not a positive number/);
    }
  });
});

describe('whole-model optimization', () => {
  it('searches each unique layer once, stitches one schedule for the model, and it verifies', async () => {
    const file = await model('m3', 4, 6);
    const result = await optimize(file, { target: await loadTarget('fpga'), corpusDir: path.join(dir, 'corpus'), indexDir: path.join(dir, 'no-index'), outDir: path.join(dir, 'out'), accept: false });
    expect(result.layers).not.toBeNull();
    const layers = result.layers!;
    expect(layers.length).toBeLessThan(layers.reduce((sum, l) => sum + l.count, 0));
    expect(result.verified).toBe(true);
    expect(result.speedup).toBeGreaterThan(3);
    // Every copy of the repeated conv got the representative's steps.
    const convLayer = layers.find((l) => l.op === 'linalg.conv_1d_nwc_wcf')!;
    expect(convLayer.count).toBe(4);
    expect(convLayer.cyclesAfter).toBeLessThan(convLayer.cyclesBefore / 3);
    expect(result.steps.filter((step) => step.startsWith('interchange linalg.conv_1d_nwc_wcf'))).toHaveLength(4);
    // The stitched schedule, as written, verifies on the whole model.
    expect((await verify(file, path.join(dir, 'out', 'schedule.mlir'))).status).toBe('ok');
  });
});
