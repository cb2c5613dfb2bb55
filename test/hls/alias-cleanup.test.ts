import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnalyticBackend } from '../../src/hls/estimate.js';
import { loadTarget, type TargetSpec } from '../../src/hls/target.js';

/**
 * The front end's clean-up of redundant accesses (LLVM's GVN and DSE in Bambu) with argument arrays
 * that may alias (SODA's bare pointers): a store to one array may change what another holds, and a
 * load of one array may read a store to another. Neither may be optimized away across them.
 */
let dir: string;
let aliased: TargetSpec;
let distinct: TargetSpec;
const backend = new AnalyticBackend();

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'hlsched-alias-'));
  aliased = await loadTarget('fpga');
  distinct = { ...aliased, frontend: { ...aliased.frontend, argumentsMayAlias: false } };
});
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

async function kernel(name: string, body: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, `func.func @k(%a: memref<4xf32>, %b: memref<4xf32>, %s: f32) {
${body}
  return
}
`);
  return file;
}

describe('redundant-access clean-up when arguments may alias', () => {
  it('a load again after a store to another argument array is not forwarded', async () => {
    const file = await kernel('reload.mlir', `  %x = affine.load %a[0] : memref<4xf32>
  %y = arith.mulf %x, %s : f32
  affine.store %y, %b[0] : memref<4xf32>
  %z = affine.load %a[0] : memref<4xf32>
  %w = arith.addf %z, %s : f32
  affine.store %w, %b[1] : memref<4xf32>`);
    const known = await backend.estimate(file, distinct, {});
    const mayAlias = await backend.estimate(file, aliased, {});
    // Distinct: %z is %x, and the add runs beside the multiply. May alias: %a[0] is read again after
    // the store to %b[0] lands, then added: a load and an add more on the critical path.
    const load = aliased.memory.arguments.readLatency;
    expect(mayAlias.cycles - known.cycles).toBeGreaterThanOrEqual(load + aliased.operators.fadd!.latency - 1);
    expect(mayAlias.bottlenecks[0]!.message).toMatch(/load %a \d+ -> mulf \d+ -> store %b \d+ -> load %a/);
  });

  it('a store read by a load of another argument array stays, though the address is stored again', async () => {
    const file = await kernel('keep.mlir', `  affine.store %s, %a[0] : memref<4xf32>
  %x = affine.load %b[0] : memref<4xf32>
  %y = arith.mulf %x, %s : f32
  affine.store %y, %a[0] : memref<4xf32>`);
    const known = await backend.estimate(file, distinct, {});
    const mayAlias = await backend.estimate(file, aliased, {});
    // Distinct: the first store is dead (overwritten, nothing reads it) and goes. May alias: the load
    // of %b[0] may read it, so it stays and the load waits for it.
    expect(mayAlias.bottlenecks[0]!.message).toMatch(/store %a \d+ -> load %b/);
    expect(mayAlias.cycles).toBeGreaterThan(known.cycles);
  });
});
