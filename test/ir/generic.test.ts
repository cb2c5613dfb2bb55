import { describe, expect, it } from 'vitest';
import { evaluateAffine, linearizeAffine, parseAffineMap, variableForm } from '../../src/ir/affine.js';
import { parseGenericModule, walk } from '../../src/ir/generic.js';

const MODULE = `"builtin.module"() ({
  "func.func"() <{function_type = (memref<4xf32>) -> (), sym_name = "k"}> ({
  ^bb0(%arg0: memref<4xf32> loc("k.mlir":1:13)):
    %0:2 = "test.pair"() : () -> (f32, i32) loc("k.mlir":2:3)
    "affine.for"() <{lowerBoundMap = affine_map<() -> (0)>, operandSegmentSizes = array<i32: 0, 0, 0>, step = 1 : index, upperBoundMap = affine_map<() -> (4)>}> ({
    ^bb0(%arg1: index loc("k.mlir":3:14)):
      "affine.store"(%0#0, %arg0, %arg1) <{map = affine_map<(d0) -> (d0 + 1)>}> : (f32, memref<4xf32>, index) -> () loc(fused["k.mlir":4:5, "other.mlir":9:9])
      "affine.yield"() : () -> () loc("k.mlir":3:3)
    }) {hls.pipeline, note = "a } b"} : () -> () loc("k.mlir":3:3)
    "func.return"() : () -> () loc("k.mlir":6:3)
  }) : () -> () loc("k.mlir":1:1)
}) : () -> () loc(unknown)`;

describe('generic-form reader', () => {
  it('reads results, regions, block arguments, properties, attributes and locations', () => {
    const module = parseGenericModule(MODULE);
    const fn = module.regions[0]![0]!.ops[0]!;
    expect(fn.properties.get('sym_name')).toBe('"k"');
    const body = fn.regions[0]![0]!;
    expect(body.arguments[0]).toEqual({ name: '%arg0', type: 'memref<4xf32>', loc: { file: 'k.mlir', line: 1, column: 13 } });
    const [pair, loop] = body.ops;
    expect(pair!.results).toEqual(['%0#0', '%0#1']);
    expect(pair!.resultTypes).toEqual(['f32', 'i32']);
    expect(loop!.attributes.get('hls.pipeline')).toBe('');
    expect(loop!.attributes.get('note')).toBe('"a } b"');
    const store = loop!.regions[0]![0]!.ops[0]!;
    expect(store.operands).toEqual(['%0#0', '%arg0', '%arg1']);
    expect(store.loc).toEqual({ file: 'k.mlir', line: 4, column: 5 });
    let count = 0;
    walk(module, () => { count++; });
    expect(count).toBe(7);
  });

  it('fails with a message on text that is not generic form', () => {
    expect(() => parseGenericModule('module {\n  func.func @k() {\n  }\n}')).toThrow(/generic form/);
  });
});

describe('affine maps', () => {
  it('parses, evaluates and linearizes', () => {
    const map = parseAffineMap('affine_map<(d0, d1)[s0] -> (d0 * 2 + s0 - 1, d1 floordiv 4, -d1 + 3, (d0 + d1) mod 5)>');
    expect(map.dims).toBe(2);
    expect(map.symbols).toBe(1);
    expect(map.results.map((e) => evaluateAffine(e, [3, 9], [10]))).toEqual([15, 2, -6, 2]);
    const forms = map.results.map((e) => linearizeAffine(e, [variableForm('i'), variableForm('j')], [variableForm('n')]));
    expect(forms[0]).toEqual({ coefficients: new Map([['i', 2], ['n', 1]]), constant: -1 });
    expect(forms[1]).toBeUndefined();
    expect(forms[2]).toEqual({ coefficients: new Map([['j', -1]]), constant: 3 });
  });
});
