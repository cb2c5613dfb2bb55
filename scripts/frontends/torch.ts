/**
 * torch-mlir-style models (the linalg-on-tensors backend): NCHW convolutions behind `tensor.pad`,
 * bias broadcast into the convolution's init, batch norm decomposed with `math.rsqrt` and an f64 eps
 * truncated to f32, ReLU as compare + select, max pooling on a -inf padded input, global average
 * pooling as `pooling_nchw_sum` then a division, `collapse_shape` flatten, linear layers as a
 * transposed-weight generic + `matmul`; MLPs with erf/tanh GELU, concat by `insert_slice` and several
 * results; transformer encoder blocks with `batch_matmul` attention, softmax (`math.exp`), layer norm,
 * `expand_shape`/`collapse_shape` head splits and a `linalg.index` causal mask. The files are ours,
 * written in the style of what torch-mlir prints.
 */
import { Body, identity, iterators, map, parallel, t, values } from './emit.js';

export type WeightMode = 'arguments' | 'constants';

class Model {
  readonly body = new Body();
  readonly args: string[] = [];
  private weightCount = 0;

  constructor(readonly weights: WeightMode) {}

  /** A weight: a function argument, or a constant (dense values when small, a splat otherwise). */
  weight(shape: number[], scale = 0.1): string {
    const id = this.weightCount++;
    const type = t(shape);
    if (this.weights === 'arguments') {
      const name = `%w${id}`;
      this.args.push(`${name}: ${type}`);
      return name;
    }
    const count = shape.reduce((a, b) => a * b, 1);
    const name = this.body.fresh('weight');
    const literal = count <= 512
      ? `dense<[${values(count, id + 7).map((v) => (Number(v) * scale * 10).toFixed(4)).join(', ')}]>`
      : `dense<${(0.01 * ((id % 7) - 3) + 0.005).toFixed(4)}>`;
    // dense<[...]> of a multi-dimensional tensor needs nesting: reshape a flat constant instead.
    if (count <= 512 && shape.length > 1) {
      const flat = this.body.fresh('flat');
      this.body.push(`${flat} = arith.constant ${literal} : ${t([count])}`);
      this.body.push(`${name} = tensor.expand_shape ${flat} [[${shape.map((_, i) => i).join(', ')}]] output_shape [${shape.join(', ')}] : ${t([count])} into ${type}`);
    } else {
      this.body.push(`${name} = arith.constant ${literal} : ${type}`);
    }
    return name;
  }
}

export interface CnnSpec {
  name: string;
  input: [number, number, number, number];
  /** Stem convolution: output channels, kernel, stride, padding. */
  stem: { channels: number; kernel: number; stride: number; pad: number };
  /** A max pool after the stem (kernel 3, stride 2, pad 1), as ResNets have. */
  stemPool: boolean;
  /** Residual stages: channels and number of basic blocks each; stride 2 from the second stage on. */
  stages: Array<{ channels: number; blocks: number }>;
  /** MobileNet-style depthwise 3x3 + pointwise 1x1 instead of the basic block's second convolution. */
  depthwise?: boolean;
  classes: number;
  weights: WeightMode;
}

type Shape4 = [number, number, number, number];

function conv(model: Model, x: string, shape: Shape4, cout: number, k: number, stride: number, pad: number): { value: string; shape: Shape4 } {
  const b = model.body;
  const [n, c, h, w] = shape;
  let input = x;
  let inShape: Shape4 = shape;
  if (pad > 0) {
    inShape = [n, c, h + 2 * pad, w + 2 * pad];
    input = b.fresh('padded');
    b.push(`${input} = tensor.pad ${x} low[0, 0, ${pad}, ${pad}] high[0, 0, ${pad}, ${pad}] {`);
    b.lines.push('    ^bb0(%p0: index, %p1: index, %p2: index, %p3: index):');
    b.lines.push(`      tensor.yield ${b.scalar('0.000000e+00', 'f32')} : f32`);
    b.push(`} : ${t(shape)} to ${t(inShape)}`);
  }
  const out: Shape4 = [n, cout, Math.floor((inShape[2] - k) / stride) + 1, Math.floor((inShape[3] - k) / stride) + 1];
  const weight = model.weight([cout, c, k, k]);
  const bias = model.weight([cout]);
  const init = b.generic({
    inputs: [{ value: bias, type: t([cout]), map: map(4, [1]) }],
    output: { type: t(out), map: identity(4) }, iterators: parallel(4),
    body: ([bv]) => [`linalg.yield ${bv} : f32`],
  });
  const value = b.fresh('conv');
  b.push(`${value} = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<${stride}> : vector<2xi64>} ins(${input}, ${weight} : ${t(inShape)}, ${t([cout, c, k, k])}) outs(${init} : ${t(out)}) -> ${t(out)}`);
  return { value, shape: out };
}

function depthwise(model: Model, x: string, shape: Shape4): string {
  const b = model.body;
  const [n, c, h, w] = shape;
  const padded = b.fresh('padded');
  b.push(`${padded} = tensor.pad ${x} low[0, 0, 1, 1] high[0, 0, 1, 1] {`);
  b.lines.push('    ^bb0(%p0: index, %p1: index, %p2: index, %p3: index):');
  b.lines.push(`      tensor.yield ${b.scalar('0.000000e+00', 'f32')} : f32`);
  b.push(`} : ${t(shape)} to ${t([n, c, h + 2, w + 2])}`);
  const weight = model.weight([c, 3, 3]);
  const init = b.fill('0.000000e+00', 'f32', t(shape));
  const value = b.fresh('dw');
  b.push(`${value} = linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(${padded}, ${weight} : ${t([n, c, h + 2, w + 2])}, ${t([c, 3, 3])}) outs(${init} : ${t(shape)}) -> ${t(shape)}`);
  return value;
}

/** Batch norm in eval mode, decomposed as torch-mlir prints it: (x - mean) * rsqrt(var + eps) * gamma + beta. */
function batchNorm(model: Model, x: string, shape: Shape4): string {
  const c = shape[1];
  const [mean, variance, gamma, beta] = [model.weight([c]), model.weight([c]), model.weight([c]), model.weight([c])];
  const b = model.body;
  const eps = b.scalar('1.000000e-05', 'f64');
  const perChannel = map(4, [1]);
  return b.generic({
    inputs: [{ value: x, type: t(shape), map: identity(4) }, ...[mean, variance, gamma, beta].map((value) => ({ value, type: t([c]), map: perChannel }))],
    output: { type: t(shape), map: identity(4) }, iterators: parallel(4),
    body: ([xv, mv, vv, gv, bv]) => [
      '%e = arith.truncf ' + eps + ' : f64 to f32',
      `%s = arith.subf ${xv}, ${mv} : f32`,
      // Variances must stay positive: |var| + eps.
      `%va = math.absf ${vv} : f32`,
      '%ve = arith.addf %va, %e : f32',
      '%r = math.rsqrt %ve : f32',
      '%n = arith.mulf %s, %r : f32',
      `%g = arith.mulf %n, ${gv} : f32`,
      `%y = arith.addf %g, ${bv} : f32`,
      'linalg.yield %y : f32',
    ],
  });
}

function relu(model: Model, x: string, shape: number[]): string {
  const b = model.body;
  const zero = b.scalar('0.000000e+00', 'f32');
  return b.generic({
    inputs: [{ value: x, type: t(shape), map: identity(shape.length) }],
    output: { type: t(shape), map: identity(shape.length) }, iterators: parallel(shape.length),
    body: ([xv]) => [`%c = arith.cmpf ugt, ${xv}, ${zero} : f32`, `%r = arith.select %c, ${xv}, ${zero} : f32`, 'linalg.yield %r : f32'],
  });
}

function add(model: Model, x: string, y: string, shape: number[]): string {
  return model.body.generic({
    inputs: [x, y].map((value) => ({ value, type: t(shape), map: identity(shape.length) })),
    output: { type: t(shape), map: identity(shape.length) }, iterators: parallel(shape.length),
    body: ([a, c]) => [`%s = arith.addf ${a}, ${c} : f32`, 'linalg.yield %s : f32'],
  });
}

function maxPool(model: Model, x: string, shape: Shape4): { value: string; shape: Shape4 } {
  const b = model.body;
  const [n, c, h, w] = shape;
  const ninf = '-3.40282347E+38';
  const padded = b.fresh('padded');
  b.push(`${padded} = tensor.pad ${x} low[0, 0, 1, 1] high[0, 0, 1, 1] {`);
  b.lines.push('    ^bb0(%p0: index, %p1: index, %p2: index, %p3: index):');
  b.lines.push(`      tensor.yield ${b.scalar(ninf, 'f32')} : f32`);
  b.push(`} : ${t(shape)} to ${t([n, c, h + 2, w + 2])}`);
  const out: Shape4 = [n, c, Math.floor((h + 2 - 3) / 2) + 1, Math.floor((w + 2 - 3) / 2) + 1];
  const init = b.fill(ninf, 'f32', t(out));
  const window = b.empty(t([3, 3]));
  const value = b.fresh('pool');
  b.push(`${value} = linalg.pooling_nchw_max {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>} ins(${padded}, ${window} : ${t([n, c, h + 2, w + 2])}, ${t([3, 3])}) outs(${init} : ${t(out)}) -> ${t(out)}`);
  return { value, shape: out };
}

/** Global average pooling then flatten: pooling_nchw_sum, a division, collapse_shape. */
function globalAverage(model: Model, x: string, shape: Shape4): { value: string; shape: [number, number] } {
  const b = model.body;
  const [n, c, h, w] = shape;
  const init = b.fill('0.000000e+00', 'f32', t([n, c, 1, 1]));
  const window = b.empty(t([h, w]));
  const sum = b.fresh('sum');
  b.push(`${sum} = linalg.pooling_nchw_sum {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(${x}, ${window} : ${t(shape)}, ${t([h, w])}) outs(${init} : ${t([n, c, 1, 1])}) -> ${t([n, c, 1, 1])}`);
  const count = b.scalar(`${(h * w).toFixed(1)}`, 'f32');
  const mean = b.generic({
    inputs: [{ value: sum, type: t([n, c, 1, 1]), map: identity(4) }],
    output: { type: t([n, c, 1, 1]), map: identity(4) }, iterators: parallel(4),
    body: ([s]) => [`%d = arith.divf ${s}, ${count} : f32`, 'linalg.yield %d : f32'],
  });
  const flat = b.fresh('flat');
  b.push(`${flat} = tensor.collapse_shape ${mean} [[0], [1, 2, 3]] : ${t([n, c, 1, 1])} into ${t([n, c])}`);
  return { value: flat, shape: [n, c] };
}

/** torch's Linear: the weight [out, in] transposed by a generic, the bias broadcast into the matmul's init. */
function linear(model: Model, x: string, shape: [number, number], out: number): string {
  const b = model.body;
  const [rows, inner] = shape;
  const weight = model.weight([out, inner]);
  const bias = model.weight([out]);
  const transposed = b.generic({
    inputs: [{ value: weight, type: t([out, inner]), map: map(2, [1, 0]) }],
    output: { type: t([inner, out]), map: identity(2) }, iterators: parallel(2),
    body: ([wv]) => [`linalg.yield ${wv} : f32`],
  });
  const init = b.generic({
    inputs: [{ value: bias, type: t([out]), map: map(2, [1]) }],
    output: { type: t([rows, out]), map: identity(2) }, iterators: parallel(2),
    body: ([bv]) => [`linalg.yield ${bv} : f32`],
  });
  const value = b.fresh('mm');
  b.push(`${value} = linalg.matmul ins(${x}, ${transposed} : ${t(shape)}, ${t([inner, out])}) outs(${init} : ${t([rows, out])}) -> ${t([rows, out])}`);
  return value;
}

function render(name: string, model: Model, params: string[], results: Array<{ value: string; type: string }>, debugName: string): string {
  const b = model.body;
  return [
    `module attributes {torch.debug_module_name = "${debugName}"} {`,
    '  ml_program.global private mutable @global_seed(dense<0> : tensor<i64>) : tensor<i64>',
    `  func.func @${name}(${[...params, ...model.args].join(', ')}) -> ${results.length === 1 ? results[0]!.type : `(${results.map((r) => r.type).join(', ')})`} {`,
    ...b.constantLines(),
    ...b.lines,
    `    return ${results.map((r) => r.value).join(', ')} : ${results.map((r) => r.type).join(', ')}`,
    '  }',
    '}',
    '',
  ].join('\n');
}

/** A ResNet-style CNN (ResNet-18 with stages of 2 blocks at 64/128/256/512 channels). */
export function torchCnn(spec: CnnSpec): string {
  const model = new Model(spec.weights);
  let shape: Shape4 = spec.input;
  let x = '%arg0';
  const stem = conv(model, x, shape, spec.stem.channels, spec.stem.kernel, spec.stem.stride, spec.stem.pad);
  ({ value: x, shape } = stem);
  x = relu(model, batchNorm(model, x, shape), shape);
  if (spec.stemPool) ({ value: x, shape } = maxPool(model, x, shape));
  spec.stages.forEach((stage, s) => {
    for (let block = 0; block < stage.blocks; block++) {
      const stride = s > 0 && block === 0 ? 2 : 1;
      const first = conv(model, x, shape, stage.channels, 3, stride, 1);
      let y = relu(model, batchNorm(model, first.value, first.shape), first.shape);
      let yShape = first.shape;
      if (spec.depthwise) {
        y = relu(model, depthwise(model, y, yShape), yShape);
        const pointwise = conv(model, y, yShape, stage.channels, 1, 1, 0);
        y = batchNorm(model, pointwise.value, pointwise.shape);
      } else {
        const second = conv(model, y, yShape, stage.channels, 3, 1, 1);
        y = batchNorm(model, second.value, second.shape);
        yShape = second.shape;
      }
      let shortcut = x;
      if (stride !== 1 || shape[1] !== stage.channels) {
        const down = conv(model, x, shape, stage.channels, 1, stride, 0);
        shortcut = batchNorm(model, down.value, down.shape);
      }
      x = relu(model, add(model, y, shortcut, yShape), yShape);
      shape = yShape;
    }
  });
  const pooled = globalAverage(model, x, shape);
  const logits = linear(model, pooled.value, pooled.shape, spec.classes);
  return render('forward', model, [`%arg0: ${t(spec.input)}`], [{ value: logits, type: t([spec.input[0], spec.classes]) }], spec.name);
}

/** Convolutions in a CNN spec (for the bench's "20 convolutions" check). */
export function cnnConvolutions(spec: CnnSpec): number {
  let count = 1;
  let channels = spec.stem.channels;
  spec.stages.forEach((stage, s) => {
    for (let block = 0; block < stage.blocks; block++) {
      count += spec.depthwise ? 2 : 2;
      if ((s > 0 && block === 0) || channels !== stage.channels) count++;
      channels = stage.channels;
    }
  });
  return count;
}

export interface MlpSpec {
  name: string;
  batch: number;
  input: number;
  hidden: number;
  classes: number;
  weights: WeightMode;
}

/** GELU the way torch-mlir decomposes it: erf form or tanh approximation. */
function gelu(model: Model, x: string, shape: number[], form: 'erf' | 'tanh'): string {
  const b = model.body;
  const [half, one, rsqrt2, c0, c1] = [b.scalar('5.000000e-01', 'f32'), b.scalar('1.000000e+00', 'f32'), b.scalar('0.707106769', 'f32'), b.scalar('0.797884583', 'f32'), b.scalar('4.471500e-02', 'f32')];
  return b.generic({
    inputs: [{ value: x, type: t(shape), map: identity(shape.length) }],
    output: { type: t(shape), map: identity(shape.length) }, iterators: parallel(shape.length),
    body: ([xv]) => form === 'erf' ? [
      `%a = arith.mulf ${xv}, ${rsqrt2} : f32`, '%e = math.erf %a : f32', `%p = arith.addf %e, ${one} : f32`,
      `%h = arith.mulf ${xv}, ${half} : f32`, '%r = arith.mulf %h, %p : f32', 'linalg.yield %r : f32',
    ] : [
      `%x3 = arith.mulf ${xv}, ${xv} : f32`, `%x3b = arith.mulf %x3, ${xv} : f32`, `%k = arith.mulf %x3b, ${c1} : f32`,
      `%in = arith.addf ${xv}, %k : f32`, `%s = arith.mulf %in, ${c0} : f32`, '%th = math.tanh %s : f32',
      `%p = arith.addf %th, ${one} : f32`, `%h = arith.mulf ${xv}, ${half} : f32`, '%r = arith.mulf %h, %p : f32', 'linalg.yield %r : f32',
    ],
  });
}

/** Two branches (erf GELU, tanh GELU) concatenated with insert_slice; returns the logits and the features. */
export function torchMlp(spec: MlpSpec): string {
  const model = new Model(spec.weights);
  const b = model.body;
  const { batch: n, hidden: h } = spec;
  const left = gelu(model, linear(model, '%arg0', [n, spec.input], h), [n, h], 'erf');
  const right = gelu(model, linear(model, '%arg0', [n, spec.input], h), [n, h], 'tanh');
  const both = b.empty(t([n, 2 * h]));
  const first = b.fresh('cat');
  b.push(`${first} = tensor.insert_slice ${left} into ${both}[0, 0] [${n}, ${h}] [1, 1] : ${t([n, h])} into ${t([n, 2 * h])}`);
  const features = b.fresh('cat');
  b.push(`${features} = tensor.insert_slice ${right} into ${first}[0, ${h}] [${n}, ${h}] [1, 1] : ${t([n, h])} into ${t([n, 2 * h])}`);
  const head = b.fresh('head');
  b.push(`${head} = tensor.extract_slice ${features}[0, 0] [${n}, ${h}] [1, 1] : ${t([n, 2 * h])} to ${t([n, h])}`);
  const logits = linear(model, relu(model, head, [n, h]), [n, h], spec.classes);
  return render('forward', model, [`%arg0: ${t([n, spec.input])}`], [{ value: logits, type: t([n, spec.classes]) }, { value: features, type: t([n, 2 * h]) }], spec.name);
}

export interface TransformerSpec {
  name: string;
  sequence: number;
  hidden: number;
  heads: number;
  ffn: number;
  layers: number;
  /** A causal mask built with linalg.index (GPT-style); BERT has none. */
  causal?: boolean;
  weights: WeightMode;
}

function layerNorm(model: Model, x: string, shape: [number, number]): string {
  const b = model.body;
  const [s, h] = shape;
  const gamma = model.weight([h]);
  const beta = model.weight([h]);
  const zero = b.scalar('0.000000e+00', 'f32');
  const count = b.scalar(`${h.toFixed(1)}`, 'f32');
  const eps = b.scalar('9.99999996E-13', 'f32');
  const rowMap = map(2, [0]);
  const sum = b.generic({
    inputs: [{ value: x, type: t(shape), map: identity(2) }],
    output: { type: t([s]), map: rowMap, init: b.fill('0.000000e+00', 'f32', t([s])) }, iterators: iterators(['parallel', 'reduction']),
    body: ([xv], out) => [`%a = arith.addf ${xv}, ${out} : f32`, 'linalg.yield %a : f32'],
  });
  const squares = b.generic({
    inputs: [{ value: x, type: t(shape), map: identity(2) }, { value: sum, type: t([s]), map: rowMap }],
    output: { type: t([s]), map: rowMap, init: b.fill('0.000000e+00', 'f32', t([s])) }, iterators: iterators(['parallel', 'reduction']),
    body: ([xv, sv], out) => [`%m = arith.divf ${sv}, ${count} : f32`, `%d = arith.subf ${xv}, %m : f32`, '%q = arith.mulf %d, %d : f32', `%a = arith.addf %q, ${out} : f32`, 'linalg.yield %a : f32'],
  });
  void zero;
  return b.generic({
    inputs: [{ value: x, type: t(shape), map: identity(2) }, { value: sum, type: t([s]), map: rowMap }, { value: squares, type: t([s]), map: rowMap },
      { value: gamma, type: t([h]), map: map(2, [1]) }, { value: beta, type: t([h]), map: map(2, [1]) }],
    output: { type: t(shape), map: identity(2) }, iterators: parallel(2),
    body: ([xv, sv, qv, gv, bv]) => [
      `%m = arith.divf ${sv}, ${count} : f32`, `%v = arith.divf ${qv}, ${count} : f32`, `%ve = arith.addf %v, ${eps} : f32`, '%r = math.rsqrt %ve : f32',
      `%d = arith.subf ${xv}, %m : f32`, '%n = arith.mulf %d, %r : f32', `%g = arith.mulf %n, ${gv} : f32`, `%y = arith.addf %g, ${bv} : f32`, 'linalg.yield %y : f32',
    ],
  });
}

/** [S, H] -> [heads, S, H/heads]: expand_shape, then a transposing generic. */
function splitHeads(model: Model, x: string, spec: TransformerSpec): string {
  const b = model.body;
  const { sequence: s, hidden: h, heads: nh } = spec;
  const dh = h / nh;
  const expanded = b.fresh('heads');
  b.push(`${expanded} = tensor.expand_shape ${x} [[0], [1, 2]] output_shape [${s}, ${nh}, ${dh}] : ${t([s, h])} into ${t([s, nh, dh])}`);
  return b.generic({
    inputs: [{ value: expanded, type: t([s, nh, dh]), map: map(3, [1, 0, 2]) }],
    output: { type: t([nh, s, dh]), map: identity(3) }, iterators: parallel(3),
    body: ([v]) => [`linalg.yield ${v} : f32`],
  });
}

function attention(model: Model, x: string, spec: TransformerSpec): string {
  const b = model.body;
  const { sequence: s, hidden: h, heads: nh } = spec;
  const dh = h / nh;
  const q = splitHeads(model, linear(model, x, [s, h], h), spec);
  const k = splitHeads(model, linear(model, x, [s, h], h), spec);
  const v = splitHeads(model, linear(model, x, [s, h], h), spec);
  const kt = b.generic({
    inputs: [{ value: k, type: t([nh, s, dh]), map: map(3, [0, 2, 1]) }],
    output: { type: t([nh, dh, s]), map: identity(3) }, iterators: parallel(3),
    body: ([kv]) => [`linalg.yield ${kv} : f32`],
  });
  const scores = b.fresh('scores');
  b.push(`${scores} = linalg.batch_matmul ins(${q}, ${kt} : ${t([nh, s, dh])}, ${t([nh, dh, s])}) outs(${b.fill('0.000000e+00', 'f32', t([nh, s, s]))} : ${t([nh, s, s])}) -> ${t([nh, s, s])}`);
  const scale = b.scalar(`${(1 / Math.sqrt(dh)).toPrecision(9)}`, 'f32');
  const masked = b.generic({
    inputs: [{ value: scores, type: t([nh, s, s]), map: identity(3) }],
    output: { type: t([nh, s, s]), map: identity(3) }, iterators: parallel(3),
    body: ([sv]) => spec.causal ? [
      `%sc = arith.mulf ${sv}, ${scale} : f32`, '%i = linalg.index 1 : index', '%j = linalg.index 2 : index',
      '%ok = arith.cmpi ule, %j, %i : index', `%r = arith.select %ok, %sc, ${b.scalar('-1.000000e+09', 'f32')} : f32`, 'linalg.yield %r : f32',
    ] : [`%sc = arith.mulf ${sv}, ${scale} : f32`, 'linalg.yield %sc : f32'],
  });
  // Softmax over the last dimension: max, exp(x - max) summed, divide.
  const rows = map(3, [0, 1]);
  const max = b.generic({
    inputs: [{ value: masked, type: t([nh, s, s]), map: identity(3) }],
    output: { type: t([nh, s]), map: rows, init: b.fill('-3.40282347E+38', 'f32', t([nh, s])) }, iterators: iterators(['parallel', 'parallel', 'reduction']),
    body: ([sv], out) => [`%m = arith.maximumf ${sv}, ${out} : f32`, 'linalg.yield %m : f32'],
  });
  const exps = b.generic({
    inputs: [{ value: masked, type: t([nh, s, s]), map: identity(3) }, { value: max, type: t([nh, s]), map: rows }],
    output: { type: t([nh, s, s]), map: identity(3) }, iterators: parallel(3),
    body: ([sv, mv]) => [`%d = arith.subf ${sv}, ${mv} : f32`, '%e = math.exp %d : f32', 'linalg.yield %e : f32'],
  });
  const sums = b.generic({
    inputs: [{ value: exps, type: t([nh, s, s]), map: identity(3) }],
    output: { type: t([nh, s]), map: rows, init: b.fill('0.000000e+00', 'f32', t([nh, s])) }, iterators: iterators(['parallel', 'parallel', 'reduction']),
    body: ([ev], out) => [`%a = arith.addf ${ev}, ${out} : f32`, 'linalg.yield %a : f32'],
  });
  const probs = b.generic({
    inputs: [{ value: exps, type: t([nh, s, s]), map: identity(3) }, { value: sums, type: t([nh, s]), map: rows }],
    output: { type: t([nh, s, s]), map: identity(3) }, iterators: parallel(3),
    body: ([ev, sv]) => [`%p = arith.divf ${ev}, ${sv} : f32`, 'linalg.yield %p : f32'],
  });
  const context = b.fresh('context');
  b.push(`${context} = linalg.batch_matmul ins(${probs}, ${v} : ${t([nh, s, s])}, ${t([nh, s, dh])}) outs(${b.fill('0.000000e+00', 'f32', t([nh, s, dh]))} : ${t([nh, s, dh])}) -> ${t([nh, s, dh])}`);
  const merged = b.generic({
    inputs: [{ value: context, type: t([nh, s, dh]), map: map(3, [1, 0, 2]) }],
    output: { type: t([s, nh, dh]), map: identity(3) }, iterators: parallel(3),
    body: ([cv]) => [`linalg.yield ${cv} : f32`],
  });
  const flat = b.fresh('merged');
  b.push(`${flat} = tensor.collapse_shape ${merged} [[0], [1, 2]] : ${t([s, nh, dh])} into ${t([s, h])}`);
  return linear(model, flat, [s, h], h);
}

/** A BERT-style encoder: `layers` post-norm blocks of self-attention and a GELU feed-forward. */
export function torchTransformer(spec: TransformerSpec): string {
  const model = new Model(spec.weights);
  const { sequence: s, hidden: h } = spec;
  let x = '%arg0';
  for (let layer = 0; layer < spec.layers; layer++) {
    const attended = layerNorm(model, add(model, x, attention(model, x, spec), [s, h]), [s, h]);
    const ff = linear(model, gelu(model, linear(model, attended, [s, h], spec.ffn), [s, spec.ffn], 'erf'), [s, spec.ffn], h);
    x = layerNorm(model, add(model, attended, ff, [s, h]), [s, h]);
  }
  return render('forward', model, [`%arg0: ${t([s, h])}`], [{ value: x, type: t([s, h]) }], spec.name);
}

/** An int8-quantized linear layer: i8 x i8 -> i32 matmul, then requantization back to i8. */
export function torchQuantizedLinear(name: string, rows: number, inner: number, out: number): string {
  const model = new Model('arguments');
  const b = model.body;
  const acc = b.fill('0', 'i32', t([rows, out], 'i32'));
  const mm = b.fresh('qmm');
  b.push(`${mm} = linalg.matmul ins(%arg0, %arg1 : ${t([rows, inner], 'i8')}, ${t([inner, out], 'i8')}) outs(${acc} : ${t([rows, out], 'i32')}) -> ${t([rows, out], 'i32')}`);
  const requant = b.generic({
    inputs: [{ value: mm, type: t([rows, out], 'i32'), map: identity(2), element: 'i32' }, { value: '%arg2', type: t([out], 'i32'), map: map(2, [1]), element: 'i32' }],
    output: { type: t([rows, out], 'i8'), map: identity(2), element: 'i8' }, iterators: parallel(2),
    body: ([av, bv]) => [
      `%s = arith.addi ${av}, ${bv} : i32`, `%sh = arith.shrsi %s, ${b.scalar('2', 'i32')} : i32`,
      `%lo = arith.maxsi %sh, ${b.scalar('-128', 'i32')} : i32`, `%hi = arith.minsi %lo, ${b.scalar('127', 'i32')} : i32`,
      '%q = arith.trunci %hi : i32 to i8', 'linalg.yield %q : i8',
    ],
  });
  return [
    `module attributes {torch.debug_module_name = "${name}"} {`,
    `  func.func @forward(%arg0: ${t([rows, inner], 'i8')}, %arg1: ${t([inner, out], 'i8')}, %arg2: ${t([out], 'i32')}) -> ${t([rows, out], 'i8')} {`,
    ...b.constantLines(), ...b.lines,
    `    return ${requant} : ${t([rows, out], 'i8')}`,
    '  }', '}', '',
  ].join('\n');
}
