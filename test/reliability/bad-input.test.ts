import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hlschedBin, kernel, schedule } from '../helpers/paths.js';

let dir: string;
const files: Record<string, string> = {};
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'hlsched-bad-'));
  const put = async (name: string, content: string | Buffer) => { files[name] = path.join(dir, name); await writeFile(files[name]!, content); };
  await put('empty.mlir', '');
  await put('binary.mlir', Buffer.from([0x4d, 0x4c, 0xef, 0x52, 0x00, 0x01, 0x02]));
  await put('latin1.mlir', Buffer.from('// caf\xe9\nfunc.func @k() {\n  return\n}\n', 'latin1'));
  await put('syntax.mlir', 'func.func @k(%a: memref<4xf32>) {\n  %x = arith.addf %a, %a : f32\n  return\n}\n');
  await put('two.mlir', 'func.func @a(%m: memref<4xf32>) {\n  return\n}\nfunc.func @b(%m: memref<4xf32>) {\n  return\n}\n');
  await put('dynamic.mlir', 'func.func @d(%m: memref<?xf32>) {\n  %c0 = arith.constant 0 : index\n  %n = memref.dim %m, %c0 : memref<?xf32>\n  affine.for %i = 0 to %n {\n    %v = affine.load %m[%i] : memref<?xf32>\n    affine.store %v, %m[%i] : memref<?xf32>\n  }\n  return\n}\n');
  files['huge.mlir'] = path.join(dir, 'huge.mlir');
  await writeFile(files['huge.mlir']!, '// big\n');
  await truncate(files['huge.mlir']!, 50 * 2 ** 20);
  files['missing.mlir'] = path.join(dir, 'missing.mlir');
  await put('bad-target.json', JSON.stringify({ name: 'x' }));
});
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

/** Each case: arguments, and what the one-line error must say. */
const cases: Array<[string, () => string[], RegExp]> = [
  ['verify: missing kernel', () => ['verify', files['missing.mlir']!, schedule('gemm.unroll.ok.mlir')], /missing\.mlir: no such file/],
  ['verify: empty kernel', () => ['verify', files['empty.mlir']!, schedule('gemm.unroll.ok.mlir')], /empty\.mlir: it is empty/],
  ['estimate: binary kernel', () => ['estimate', files['binary.mlir']!], /binary\.mlir: it is a binary file/],
  ['estimate: not UTF-8', () => ['estimate', files['latin1.mlir']!], /latin1\.mlir: it is not UTF-8 text/],
  ['estimate: syntax error with line and column', () => ['estimate', files['syntax.mlir']!], /syntax\.mlir:2:\d+: /],
  ['estimate: several functions without --func', () => ['estimate', files['two.mlir']!], /defines 2 public functions/],
  ['estimate: dynamic shapes', () => ['estimate', files['dynamic.mlir']!], /argument %m of @d has dynamic shape memref<\?xf32> and no constant loop bound makes its size certain/],
  ['estimate: unknown target', () => ['estimate', kernel('gemm.mlir'), '--target', 'fgpa'], /unknown target fgpa/],
  ['estimate: spec with a missing field', () => ['estimate', kernel('gemm.mlir'), '--target', files['bad-target.json']!], /bad-target\.json is invalid: /],
  ['estimate: 50 MB kernel', () => ['estimate', files['huge.mlir']!], /huge\.mlir: it is 50 MiB, more than the 32 MiB/],
  ['optimize: missing kernel', () => ['optimize', files['missing.mlir']!, '--llm', 'none'], /no such file/],
  ['optimize: several functions', () => ['optimize', files['two.mlir']!, '--llm', 'none'], /2 public functions/],
  ['optimize: negative budget', () => ['optimize', kernel('gemm.mlir'), '--budget=-4', '--llm', 'none'], /--budget/],
  ['optimize: non-numeric time', () => ['optimize', kernel('gemm.mlir'), '--time', 'soon', '--llm', 'none'], /--time/],
  ['chunk: binary model', () => ['chunk', files['binary.mlir']!], /binary file/],
  ['chunk: zero budget', () => ['chunk', kernel('gemm.mlir'), '--budget', '0'], /--budget 0 is not a positive number/],
  ['prompt: empty kernel', () => ['prompt', files['empty.mlir']!], /it is empty/],
  ['search: empty query', () => ['search', ' '], /the search query is empty/],
  ['search: unknown kind', () => ['search', 'tile', '--kind', 'recipe'], /--kind recipe is not a document kind/],
  ['ingest: source that is not a folder', () => ['ingest', '--source', files['missing.mlir']!, '--index', path.join(dir, 'idx')], /is not a folder/],
  ['unknown command', () => ['optimise', kernel('gemm.mlir')], /unknown command optimise/],
  ['unknown option', () => ['estimate', kernel('gemm.mlir'), '--targte', 'fpga'], /Unknown option `--targte`/],
];

describe('bad input: one clear line, exit 2, no stack trace, for every command', () => {
  it.each(cases)('%s', async (_name, args, message) => {
    const run = await execa(hlschedBin, args(), { reject: false });
    expect(run.exitCode, run.stderr).toBe(2);
    const [first] = run.stderr.split('\n');
    expect(first).toMatch(/^hlsched: error: /);
    expect(first).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at .*:\d+:\d+/);
  });
});
