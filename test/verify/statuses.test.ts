import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { HlschedError } from '../../src/errors.js';
import { verify } from '../../src/verify/verify.js';
import { fixture, kernel, schedule } from '../helpers/paths.js';

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'hlsched-test-'));
});

async function scratchFile(name: string, content: string | Buffer): Promise<string> {
  const file = path.join(scratch, name);
  await writeFile(file, content);
  return file;
}

const MATMUL = kernel('matmul.mlir');
const TILE = schedule('matmul.tile.ok.mlir');

describe('verify: every status on real mlir-opt and mlir-runner runs', () => {
  it('ok: a tiling schedule preserves every argument, inputs included', async () => {
    const result = await verify(MATMUL, TILE);
    expect(result.status).toBe('ok');
    expect(result.equivalent).toBe(true);
    expect(result.arguments.map((a) => a.name)).toEqual(['A', 'B', 'C']);
    expect(result.arguments.every((a) => a.maxAbsDiff !== null && a.maxAbsDiff <= a.tolerance)).toBe(true);
    // The harness really ran the kernel: C holds sums of 64 products of values in [-0.5, 0.5).
    expect(result.arguments[2]!.maxAbsOriginal).toBeGreaterThan(0.5);
    expect(result.transformed).toContain('scf.for');
  });

  it('wrong-result: fusing the zero-fill into the k loop is caught, with the argument that differs', async () => {
    const result = await verify(MATMUL, schedule('matmul.fuse-fill.wrong.mlir'));
    expect(result.status).toBe('wrong-result');
    expect(result.equivalent).toBe(false);
    const c = result.arguments.find((a) => a.name === 'C')!;
    expect(c.equivalent).toBe(false);
    expect(c.maxAbsDiff!).toBeGreaterThan(0.1);
    expect(result.arguments.filter((a) => a.name !== 'C').every((a) => a.maxAbsDiff === 0)).toBe(true);
    expect(result.diagnostics[0]!.message).toMatch(/^%C: max \|diff\| .* exceeds the tolerance/);
  });

  it('malformed: an unknown transform op, pointed at by line and column', async () => {
    const text = (await import('node:fs')).readFileSync(TILE, 'utf8').replace('tile_using_for', 'tile_usin');
    const result = await verify(MATMUL, await scratchFile('unknown-op.mlir', text));
    expect(result.status).toBe('malformed');
    expect(result.diagnostics[0]).toMatchObject({ role: 'schedule', line: 5, column: 26 });
    expect(result.diagnostics[0]!.message).toBe("custom op 'transform.structured.tile_usin' is unknown");
  });

  it('malformed: a schedule without @__transform_main', async () => {
    const text = 'module attributes {transform.with_named_sequence} {\n  transform.named_sequence @other(%r: !transform.any_op {transform.readonly}) {\n    transform.yield\n  }\n}\n';
    const result = await verify(MATMUL, await scratchFile('no-main.mlir', text));
    expect(result.status).toBe('malformed');
    expect(result.diagnostics[0]!.message).toMatch(/no `transform.named_sequence @__transform_main/);
  });

  it('malformed: an empty schedule and a binary one', async () => {
    expect((await verify(MATMUL, await scratchFile('empty-schedule.mlir', ''))).status).toBe('malformed');
    const garbage = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37 + 11) % 256));
    expect((await verify(MATMUL, await scratchFile('garbage-schedule.mlir', garbage))).status).toBe('malformed');
  });

  it('not-applicable: three tile sizes for a 2-D op, with the kernel op named in a note', async () => {
    const text = (await import('node:fs')).readFileSync(TILE, 'utf8').replace('"linalg.matmul"', '"linalg.fill"');
    const result = await verify(MATMUL, await scratchFile('fill-3d.mlir', text));
    expect(result.status).toBe('not-applicable');
    expect(result.diagnostics[0]!.message).toBe('too many tiles provided, expected at most 2 found 3');
    expect(result.diagnostics[0]!.notes[0]).toMatchObject({ role: 'kernel', message: 'target op', line: 4 });
  });

  it('no-op: a match that finds nothing leaves the kernel unchanged', async () => {
    const text = (await import('node:fs')).readFileSync(TILE, 'utf8').replace('"linalg.matmul"', '"linalg.conv_2d"');
    const result = await verify(MATMUL, await scratchFile('no-match.mlir', text));
    expect(result.status).toBe('no-op');
    expect(result.diagnostics[0]!.message).toMatch(/changed nothing/);
  });

  it('runtime-error: a stack-promoted 16 MiB buffer crashes the transformed kernel only', async () => {
    const result = await verify(fixture('big_temp.mlir'), fixture('promote_to_stack.schedule.mlir'));
    expect(result.status).toBe('runtime-error');
    expect(result.diagnostics[0]!.message).toMatch(/SIGSEGV/);
  });

  it('runtime-error: a transformed kernel that needs a runtime the harness does not have', async () => {
    const result = await verify(MATMUL, fixture('async_parallel.schedule.mlir'));
    expect(result.status).toBe('runtime-error');
    expect(result.diagnostics[0]!.message).toMatch(/async/);
  });

  it('timeout: a run that exceeds its time limit is stopped and reported', async () => {
    const started = Date.now();
    const result = await verify(fixture('slow.mlir'), fixture('unroll_inner.mlir'), { timeoutMs: 1500 });
    expect(result.status).toBe('timeout');
    expect(result.diagnostics[0]!.message).toMatch(/timed out after 1.5 s/);
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});

describe('verify: kernels of every supported kind', () => {
  it('bufferizes tensor kernels on both sides and compares the result as an out-parameter', async () => {
    const result = await verify(fixture('tensor_matmul.mlir'), fixture('tensor_matmul.tile.mlir'));
    expect(result.status).toBe('ok');
    expect(result.arguments.map((a) => [a.name, a.type])).toEqual([
      ['A', 'memref<16x8xf32>'], ['B', 'memref<8x12xf32>'], ['result0', 'memref<16x12xf32>'],
    ]);
  });

  it('drives dynamic shapes from --shape, f64 and i32 buffers, and f64 and index scalars', async () => {
    const result = await verify(fixture('dynamic_scale.mlir'), fixture('unroll_inner.mlir'),
      { shapes: { x: [10, 16], y: [10, 16] }, scalars: { alpha: '0.25' } });
    expect(result.status).toBe('ok');
    expect(result.arguments.map((a) => a.name)).toEqual(['x', 'y', 'hist']);
    expect(result.arguments[2]!.tolerance).toBe(0);
  });

  it('different seeds give different inputs, the same seed the same', async () => {
    const [a, b, c] = await Promise.all([verify(MATMUL, TILE, { seed: 1 }), verify(MATMUL, TILE, { seed: 1 }), verify(MATMUL, TILE, { seed: 2 })]);
    expect(a.arguments[2]!.maxAbsOriginal).toBe(b.arguments[2]!.maxAbsOriginal);
    expect(a.arguments[2]!.maxAbsOriginal).not.toBe(c.arguments[2]!.maxAbsOriginal);
  });
});

describe('verify: bad input is an HlschedError with exit code 2', () => {
  async function rejection(promise: Promise<unknown>): Promise<HlschedError> {
    const error = await promise.then(() => undefined, (e: unknown) => e);
    expect(HlschedError.isInstance(error)).toBe(true);
    expect((error as HlschedError).exitCode).toBe(2);
    return error as HlschedError;
  }

  it('a missing kernel file', async () => {
    const error = await rejection(verify('/nonexistent/k.mlir', TILE));
    expect(error.message).toBe('cannot read kernel file /nonexistent/k.mlir: no such file');
  });

  it('an empty kernel is refused as empty', async () => {
    const error = await rejection(verify(await scratchFile('empty.mlir', ''), TILE));
    expect(error.code).toBe('INPUT_UNREADABLE');
    expect(error.message).toMatch(/empty\.mlir: it is empty/);
  });

  it('a binary kernel', async () => {
    const error = await rejection(verify(await scratchFile('binary.mlir', Buffer.from([0x4d, 0x4c, 0xef, 0x52, 0, 1, 2, 3])), TILE));
    expect(error.message).toMatch(/is a binary file, not MLIR text/);
  });

  it('a kernel syntax error, with line and column', async () => {
    const file = await scratchFile('syntax.mlir', 'module {\n  func.func @f( {\n');
    const error = await rejection(verify(file, TILE));
    expect(error.code).toBe('KERNEL_INVALID');
    expect(error.message).toBe(`kernel ${file} does not parse: ${file}:2:16: expected non-function type`);
    expect(error.diagnostics[0]).toMatchObject({ role: 'kernel', line: 2, column: 16 });
  });

  it('dynamic shapes without sizes, saying how to give them', async () => {
    const error = await rejection(verify(fixture('dynamic_scale.mlir'), fixture('unroll_inner.mlir')));
    expect(error.message).toBe('argument %x of @axpy2d has dynamic shape memref<?x16xf64>');
    expect(error.hint).toBe('give its sizes with --shape x=64x16 (one value per dimension)');
  });

  it('a function that does not exist, listing the ones that do', async () => {
    const error = await rejection(verify(MATMUL, TILE, { func: 'nope' }));
    expect(error.hint).toBe('choose one of: matmul');
  });
});
