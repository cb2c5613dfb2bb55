/**
 * The EELS encoder of Hollenbach et al. (Sci. Rep. 14:17881, 2024; `X_encoder` in hollejd1/logicalEELS):
 * Conv1D layers with stride 2, Keras 'same' padding and LeakyReLU(0.3), then Flatten and a linear Dense.
 * Written on linalg named ops over memrefs, as SODA's front end receives it.
 */

export interface ConvLayer { filters: number; kernel: number; stride: number }
export interface EncoderShape { name: string; inputLength: number; convs: ConvLayer[]; latent: number }

/** The encoder exactly as published: 240 bins, 4 conv layers, Dense 16 (about 428K MACs). */
export const EELS_FULL: EncoderShape = {
  name: 'eels_encoder',
  inputLength: 240,
  convs: [
    { filters: 16, kernel: 7, stride: 2 },
    { filters: 32, kernel: 7, stride: 2 },
    { filters: 32, kernel: 3, stride: 2 },
    { filters: 64, kernel: 3, stride: 2 },
  ],
  latent: 16,
};

/** A reduced preset near the size the PNNL paper's cycle counts imply (about 10K MACs). */
export const EELS_REDUCED: EncoderShape = {
  name: 'eels_encoder_reduced',
  inputLength: 64,
  convs: [
    { filters: 8, kernel: 7, stride: 2 },
    { filters: 16, kernel: 3, stride: 2 },
  ],
  latent: 8,
};

const f32 = (shape: number[]) => `memref<${shape.join('x')}xf32>`;

/** Keras 'same' with stride s: out = ceil(in / s), total padding max((out-1)*s + k - in, 0), left = floor(total / 2). */
export function samePadding(length: number, layer: ConvLayer): { out: number; left: number; padded: number } {
  const out = Math.ceil(length / layer.stride);
  const padded = (out - 1) * layer.stride + layer.kernel;
  const total = Math.max(padded - length, 0);
  return { out, left: Math.floor(total / 2), padded: Math.max(padded, length) };
}

function biasLeakyRelu(output: string, bias: string, outType: string, biasType: string, rank: number, leaky: boolean): string {
  const dims = Array.from({ length: rank }, (_, i) => `d${i}`).join(', ');
  const body = leaky
    ? `    %v = arith.addf %acc, %b : f32
    %negative = arith.mulf %v, %alpha : f32
    %is_positive = arith.cmpf ogt, %v, %zero : f32
    %r = arith.select %is_positive, %v, %negative : f32
    linalg.yield %r : f32`
    : `    %r = arith.addf %acc, %b : f32
    linalg.yield %r : f32`;
  return `  linalg.generic {indexing_maps = [affine_map<(${dims}) -> (d${rank - 1})>, affine_map<(${dims}) -> (${dims})>], iterator_types = [${Array(rank).fill('"parallel"').join(', ')}]} ins(${bias} : ${biasType}) outs(${output} : ${outType}) {
  ^bb0(%b: f32, %acc: f32):
${body}
  }`;
}

export function encoderMacs(shape: EncoderShape): number {
  let length = shape.inputLength;
  let channels = 1;
  let macs = 0;
  for (const layer of shape.convs) {
    const { out } = samePadding(length, layer);
    macs += out * layer.filters * layer.kernel * channels;
    [length, channels] = [out, layer.filters];
  }
  return macs + length * channels * shape.latent;
}

export function eelsEncoder(shape: EncoderShape): string {
  const args: string[] = [`%x: ${f32([1, shape.inputLength, 1])}`];
  const body: string[] = ['  %zero = arith.constant 0.0 : f32', '  %alpha = arith.constant 0.3 : f32'];
  const buffers: Array<[name: string, type: string]> = [];
  let input = '%x';
  let length = shape.inputLength;
  let channels = 1;
  shape.convs.forEach((layer, index) => {
    const l = index + 1;
    const { out, left, padded } = samePadding(length, layer);
    const weights = f32([layer.kernel, channels, layer.filters]);
    const bias = f32([layer.filters]);
    args.push(`%w${l}: ${weights}`, `%b${l}: ${bias}`);
    const inType = f32([1, length, channels]);
    const padType = f32([1, padded, channels]);
    const outType = f32([1, out, layer.filters]);
    const window = `memref<1x${length}x${channels}xf32, strided<[${padded * channels}, ${channels}, 1], offset: ${left * channels}>>`;
    body.push(
      `  // layer ${l}: Conv1D ${layer.filters} filters, kernel ${layer.kernel}, stride ${layer.stride}, 'same' (left pad ${left}), LeakyReLU 0.3: ${length}x${channels} -> ${out}x${layer.filters}`,
      `  %pad${l} = memref.alloc() : ${padType}`,
      `  linalg.fill ins(%zero : f32) outs(%pad${l} : ${padType})`,
      `  %window${l} = memref.subview %pad${l}[0, ${left}, 0] [1, ${length}, ${channels}] [1, 1, 1] : ${padType} to ${window}`,
      `  linalg.copy ins(${input} : ${inType}) outs(%window${l} : ${window})`,
      `  %act${l} = memref.alloc() : ${outType}`,
      `  linalg.fill ins(%zero : f32) outs(%act${l} : ${outType})`,
      `  linalg.conv_1d_nwc_wcf {dilations = dense<1> : tensor<1xi64>, strides = dense<${layer.stride}> : tensor<1xi64>} ins(%pad${l}, %w${l} : ${padType}, ${weights}) outs(%act${l} : ${outType})`,
      biasLeakyRelu(`%act${l}`, `%b${l}`, outType, bias, 3, true),
    );
    buffers.push([`%pad${l}`, padType], [`%act${l}`, outType]);
    [input, length, channels] = [`%act${l}`, out, layer.filters];
  });
  const flat = length * channels;
  const dense = f32([flat, shape.latent]);
  const latentType = f32([1, shape.latent]);
  args.push(`%wd: ${dense}`, `%bd: ${f32([shape.latent])}`, `%z: ${latentType}`);
  body.push(
    `  // Flatten ${length}x${channels} -> ${flat}, then Dense ${shape.latent} (linear): the latent vector`,
    `  %flat = memref.collapse_shape ${input} [[0], [1, 2]] : ${f32([1, length, channels])} into ${f32([1, flat])}`,
    `  linalg.fill ins(%zero : f32) outs(%z : ${latentType})`,
    `  linalg.matmul ins(%flat, %wd : ${f32([1, flat])}, ${dense}) outs(%z : ${latentType})`,
    biasLeakyRelu('%z', '%bd', latentType, f32([shape.latent]), 2, false),
    ...buffers.map(([name, type]) => `  memref.dealloc ${name} : ${type}`),
  );
  return `// ${shape.name}: EELS encoder (Hollenbach et al. 2024), input ${shape.inputLength} bins, ${encoderMacs(shape)} MACs.
// Arguments: the spectrum %x, weights and biases of each layer, and the latent output %z.
func.func @${shape.name}(${args.join(', ')}) {
${body.join('\n')}
  return
}
`;
}

/**
 * One Conv1D layer of the encoder on its own, input already padded: `out = conv(in, w)`, for the
 * evaluation suite's conv-layer kernels.
 */
export function conv1dLayer(name: string, inputLength: number, channels: number, layer: ConvLayer): string {
  const { out, padded } = samePadding(inputLength, layer);
  const inType = f32([1, padded, channels]);
  const weights = f32([layer.kernel, channels, layer.filters]);
  const outType = f32([1, out, layer.filters]);
  return `// ${name}: Conv1D ${layer.filters} filters, kernel ${layer.kernel}, stride ${layer.stride} on ${inputLength}x${channels} (padded to ${padded}): ${out * layer.filters * layer.kernel * channels} MACs.
func.func @${name}(%in: ${inType}, %w: ${weights}, %out: ${outType}) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%out : ${outType})
  linalg.conv_1d_nwc_wcf {dilations = dense<1> : tensor<1xi64>, strides = dense<${layer.stride}> : tensor<1xi64>} ins(%in, %w : ${inType}, ${weights}) outs(%out : ${outType})
  return
}
`;
}
