/**
 * TF/TOSA-lowered style on memrefs (tosa-to-linalg, then bufferization), written by us: NHWC layers,
 * padding as an allocated buffer filled with the pad value and a `memref.subview` interior receiving
 * a `memref.copy`, bias + clamp generics, `collapse_shape` before the fully connected layer, and the
 * result copied into the out-parameter with `memref.copy`.
 */
import { identity, m, map, parallel } from './emit.js';

function strided(shape: number[], offsetAt: number[]): string {
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const offset = offsetAt.reduce((sum, index, i) => sum + index * strides[i]!, 0);
  return `strided<[${strides.join(', ')}], offset: ${offset}>`;
}

/** Pads an NHWC buffer by `pad` on H and W: alloc, fill, subview, copy. Returns lines and the padded name. */
function padNhwc(name: string, input: string, shape: number[], pad: number, value: string): [string[], string] {
  const [n, h, w, c] = shape as [number, number, number, number];
  const padded = [n, h + 2 * pad, w + 2 * pad, c];
  return [[
    `    %${name} = memref.alloc() {alignment = 64 : i64} : ${m(padded)}`,
    `    linalg.fill ins(${value} : f32) outs(%${name} : ${m(padded)})`,
    `    %${name}_in = memref.subview %${name}[0, ${pad}, ${pad}, 0] [${n}, ${h}, ${w}, ${c}] [1, 1, 1, 1] : ${m(padded)} to memref<${n}x${h}x${w}x${c}xf32, ${strided(padded, [0, pad, pad, 0])}>`,
    `    memref.copy ${input}, %${name}_in : ${m(shape)} to memref<${n}x${h}x${w}x${c}xf32, ${strided(padded, [0, pad, pad, 0])}>`,
  ], `%${name}`];
}

function biasClamp(output: string, bias: string, shape: number[], lo: string, hi: string): string[] {
  const rank = shape.length;
  return [
    `    linalg.generic {indexing_maps = [${map(rank, [rank - 1])}, ${identity(rank)}], iterator_types = ${parallel(rank)}} ins(${bias} : ${m([shape[rank - 1]!])}) outs(${output} : ${m(shape)}) {`,
    '    ^bb0(%b: f32, %acc: f32):',
    '      %s = arith.addf %acc, %b : f32',
    `      %l = arith.maximumf %s, ${lo} : f32`,
    `      %r = arith.minimumf %l, ${hi} : f32`,
    '      linalg.yield %r : f32',
    '    }',
  ];
}

/** conv 3x3 'same' (conv_2d_nhwc_fhwc, as TOSA lowers it) + bias + ReLU6, 2x2 max pool, flatten, dense. */
export function tosaConvNet(h: number, c: number, f: number, classes: number): string {
  const [pad, padded] = padNhwc('pad', '%input', [1, h, h, c], 1, '%zero');
  const pooled = [1, h / 2, h / 2, f];
  const flat = (h / 2) * (h / 2) * f;
  return `module {
  func.func @main_graph(%input: ${m([1, h, h, c])}, %filter: ${m([f, 3, 3, c])}, %bias: ${m([f])}, %fc: ${m([flat, classes])}, %fc_bias: ${m([classes])}, %out: ${m([1, classes])}) {
    %zero = arith.constant 0.000000e+00 : f32
    %six = arith.constant 6.000000e+00 : f32
    %ninf = arith.constant -3.40282347E+38 : f32
${pad.join('\n')}
    %conv = memref.alloc() {alignment = 64 : i64} : ${m([1, h, h, f])}
    linalg.fill ins(%zero : f32) outs(%conv : ${m([1, h, h, f])})
    linalg.conv_2d_nhwc_fhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(${padded}, %filter : ${m([1, h + 2, h + 2, c])}, ${m([f, 3, 3, c])}) outs(%conv : ${m([1, h, h, f])})
${biasClamp('%conv', '%bias', [1, h, h, f], '%zero', '%six').join('\n')}
    %pool = memref.alloc() {alignment = 64 : i64} : ${m(pooled)}
    linalg.fill ins(%ninf : f32) outs(%pool : ${m(pooled)})
    %window = memref.alloc() : memref<2x2xf32>
    linalg.pooling_nhwc_max {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>} ins(%conv, %window : ${m([1, h, h, f])}, memref<2x2xf32>) outs(%pool : ${m(pooled)})
    %flat = memref.collapse_shape %pool [[0], [1, 2, 3]] : ${m(pooled)} into ${m([1, flat])}
    %logits = memref.alloc() {alignment = 64 : i64} : ${m([1, classes])}
    linalg.fill ins(%zero : f32) outs(%logits : ${m([1, classes])})
    linalg.matmul ins(%flat, %fc : ${m([1, flat])}, ${m([flat, classes])}) outs(%logits : ${m([1, classes])})
    linalg.generic {indexing_maps = [${map(2, [1])}, ${identity(2)}], iterator_types = ${parallel(2)}} ins(%fc_bias : ${m([classes])}) outs(%logits : ${m([1, classes])}) {
    ^bb0(%b: f32, %acc: f32):
      %s = arith.addf %acc, %b : f32
      linalg.yield %s : f32
    }
    memref.copy %logits, %out : ${m([1, classes])} to ${m([1, classes])}
    return
  }
}
`;
}

/** Depthwise 3x3 (depthwise_conv_2d_nhwc_hwc) + pointwise 1x1 (conv_2d_nhwc_hwcf, TF's layout), ReLU6 each. */
export function tosaDepthwise(h: number, c: number, f: number): string {
  const [pad, padded] = padNhwc('pad', '%input', [1, h, h, c], 1, '%zero');
  return `module {
  func.func @main_graph(%input: ${m([1, h, h, c])}, %dw: ${m([3, 3, c])}, %dw_bias: ${m([c])}, %pw: ${m([1, 1, c, f])}, %pw_bias: ${m([f])}, %out: ${m([1, h, h, f])}) {
    %zero = arith.constant 0.000000e+00 : f32
    %six = arith.constant 6.000000e+00 : f32
${pad.join('\n')}
    %mid = memref.alloc() {alignment = 64 : i64} : ${m([1, h, h, c])}
    linalg.fill ins(%zero : f32) outs(%mid : ${m([1, h, h, c])})
    linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(${padded}, %dw : ${m([1, h + 2, h + 2, c])}, ${m([3, 3, c])}) outs(%mid : ${m([1, h, h, c])})
${biasClamp('%mid', '%dw_bias', [1, h, h, c], '%zero', '%six').join('\n')}
    linalg.fill ins(%zero : f32) outs(%out : ${m([1, h, h, f])})
    linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%mid, %pw : ${m([1, h, h, c])}, ${m([1, 1, c, f])}) outs(%out : ${m([1, h, h, f])})
${biasClamp('%out', '%pw_bias', [1, h, h, f], '%zero', '%six').join('\n')}
    return
  }
}
`;
}

/** Average pooling as TOSA lowers it: pooling_nhwc_sum over a padded input, then a division by the count. */
export function tosaAvgPool(h: number, c: number): string {
  const [pad, padded] = padNhwc('pad', '%input', [1, h, h, c], 1, '%zero');
  return `module {
  func.func @main_graph(%input: ${m([1, h, h, c])}, %out: ${m([1, h, h, c])}) {
    %zero = arith.constant 0.000000e+00 : f32
    %nine = arith.constant 9.000000e+00 : f32
${pad.join('\n')}
    linalg.fill ins(%zero : f32) outs(%out : ${m([1, h, h, c])})
    %window = memref.alloc() : memref<3x3xf32>
    linalg.pooling_nhwc_sum {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(${padded}, %window : ${m([1, h + 2, h + 2, c])}, memref<3x3xf32>) outs(%out : ${m([1, h, h, c])})
    linalg.generic {indexing_maps = [${identity(4)}], iterator_types = ${parallel(4)}} outs(%out : ${m([1, h, h, c])}) {
    ^bb0(%acc: f32):
      %d = arith.divf %acc, %nine : f32
      linalg.yield %d : f32
    }
    return
  }
}
`;
}

/** A TF dense stack: reshape (collapse_shape) of an NHWC feature map, two fully connected layers with tanh. */
export function tosaDense(h: number, c: number, hidden: number, classes: number): string {
  const flat = h * h * c;
  return `module {
  func.func @main_graph(%input: ${m([1, h, h, c])}, %w1: ${m([flat, hidden])}, %b1: ${m([hidden])}, %w2: ${m([hidden, classes])}, %out: ${m([1, classes])}) {
    %zero = arith.constant 0.000000e+00 : f32
    %flat = memref.collapse_shape %input [[0], [1, 2, 3]] : ${m([1, h, h, c])} into ${m([1, flat])}
    %hid = memref.alloc() {alignment = 64 : i64} : ${m([1, hidden])}
    linalg.fill ins(%zero : f32) outs(%hid : ${m([1, hidden])})
    linalg.matmul ins(%flat, %w1 : ${m([1, flat])}, ${m([flat, hidden])}) outs(%hid : ${m([1, hidden])})
    linalg.generic {indexing_maps = [${map(2, [1])}, ${identity(2)}], iterator_types = ${parallel(2)}} ins(%b1 : ${m([hidden])}) outs(%hid : ${m([1, hidden])}) {
    ^bb0(%b: f32, %acc: f32):
      %s = arith.addf %acc, %b : f32
      %t = math.tanh %s : f32
      linalg.yield %t : f32
    }
    linalg.fill ins(%zero : f32) outs(%out : ${m([1, classes])})
    linalg.matmul ins(%hid, %w2 : ${m([1, hidden])}, ${m([hidden, classes])}) outs(%out : ${m([1, classes])})
    return
  }
}
`;
}
