import { describe, expect, it } from 'vitest';
import { listFunctions } from '../../src/ir/functions.js';
import { parseType, splitTopLevel } from '../../src/ir/types.js';
import { renameSymbols, splitModule } from '../../src/ir/module-text.js';

describe('parseType', () => {
  it('reads static, dynamic, rank-0 and strided memrefs, tensors and scalars', () => {
    expect(parseType('memref<4x?x8xf32>')).toMatchObject({ kind: 'memref', shape: [4, null, 8], element: 'f32' });
    expect(parseType('memref<f64>')).toMatchObject({ kind: 'memref', shape: [], element: 'f64' });
    expect(parseType('memref<4x4xf32, strided<[8, 1]>>')).toMatchObject({ layout: 'strided<[8, 1]>' });
    expect(parseType('tensor<16xi32>')).toMatchObject({ kind: 'tensor', shape: [16], element: 'i32' });
    expect(parseType('index')).toMatchObject({ kind: 'scalar', element: 'index' });
    expect(parseType('!llvm.ptr').kind).toBe('other');
  });

  it('splits at top-level commas only, even around affine maps', () => {
    expect(splitTopLevel('%a: memref<4x4xf32, affine_map<(d0, d1) -> (d1, d0)>>, %b: f32'))
      .toEqual(['%a: memref<4x4xf32, affine_map<(d0, d1) -> (d1, d0)>>', '%b: f32']);
  });
});

describe('listFunctions', () => {
  const text = `module {
  func.func private @ext(f32) -> f32
  func.func @k(%A: memref<4xf32> {bufferization.writable = true}, %alpha: f32) attributes {llvm.emit_c_interface} {
    return
  }
  func.func @t(%x: tensor<4xf32>) -> tensor<4xf32> {
    return %x : tensor<4xf32>
  }
}`;

  it('reads names, visibility, arguments, results and declarations', () => {
    const [ext, k, t] = listFunctions(text);
    expect(ext).toMatchObject({ name: 'ext', visibility: 'private', isDeclaration: true, line: 2 });
    expect(k).toMatchObject({ name: 'k', visibility: 'public', isDeclaration: false, results: [] });
    expect(k!.arguments.map((a) => [a.name, a.type.text])).toEqual([['A', 'memref<4xf32>'], ['alpha', 'f32']]);
    expect(t!.results.map((r) => r.text)).toEqual(['tensor<4xf32>']);
  });
});

describe('module text', () => {
  it('splits a printed module into top-level ops and renames symbols without touching longer names', () => {
    const printed = 'module {\n  func.func @k() {\n    func.call @k_helper() : () -> ()\n    return\n  }\n  func.func private @k_helper()\n}\n';
    const ops = splitModule(printed);
    expect(ops.map((op) => [op.symbol, op.isDeclaration])).toEqual([['k', false], ['k_helper', true]]);
    expect(renameSymbols(ops[0]!.text, ['k'], '_x')).toContain('func.func @k_x()');
    expect(renameSymbols(ops[0]!.text, ['k'], '_x')).toContain('@k_helper()');
  });
});
