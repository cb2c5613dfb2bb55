/**
 * Synthetic whole models for the chunker and the whole-model optimizer: `conv` Conv1D blocks (pad,
 * convolution k3 s1 'same', bias + ReLU) then `dense` Dense blocks (matmul, bias + ReLU), all of one
 * width, so the blocks repeat and share signatures as the layers of a real model do.
 */
export interface SyntheticModel {
  name: string;
  length: number;
  channels: number;
  width: number;
  conv: number;
  dense: number;
  /** Weights as function arguments (a runnable, verifiable model) or as local buffers (a big one to chunk). */
  weightsAsArguments: boolean;
}

const f32 = (shape: number[]) => `memref<${shape.join('x')}xf32>`;

function biasRelu(output: string, bias: string, outType: string, biasType: string, rank: number): string {
  const dims = Array.from({ length: rank }, (_, i) => `d${i}`).join(', ');
  return `  linalg.generic {indexing_maps = [affine_map<(${dims}) -> (d${rank - 1})>, affine_map<(${dims}) -> (${dims})>], iterator_types = [${Array(rank).fill('"parallel"').join(', ')}]} ins(${bias} : ${biasType}) outs(${output} : ${outType}) {
  ^bb0(%b: f32, %acc: f32):
    %v = arith.addf %acc, %b : f32
    %r = arith.maximumf %v, %zero : f32
    linalg.yield %r : f32
  }`;
}

/** Linalg ops per block: conv 5 (fill, copy, fill, conv, generic), dense 3 (fill, matmul, generic). */
export function syntheticOpCount(model: Pick<SyntheticModel, 'conv' | 'dense'>): number {
  return model.conv * 5 + model.dense * 3 + 1;
}

export function syntheticModel(model: SyntheticModel): string {
  const { length: L, channels: C, width: W } = model;
  const args: string[] = [`%x: ${f32([1, L, C])}`];
  const body: string[] = ['  %zero = arith.constant 0.0 : f32'];
  const param = (name: string, type: string) => {
    if (model.weightsAsArguments) args.push(`%${name}: ${type}`);
    else body.push(`  %${name} = memref.alloc() : ${type}`);
    return `%${name}`;
  };
  let input = '%x';
  const padType = f32([1, L + 2, C]);
  const actType = f32([1, L, C]);
  const window = `memref<1x${L}x${C}xf32, strided<[${(L + 2) * C}, ${C}, 1], offset: ${C}>>`;
  for (let i = 1; i <= model.conv; i++) {
    const w = param(`cw${i}`, f32([3, C, C]));
    const b = param(`cb${i}`, f32([C]));
    body.push(
      `  %pad${i} = memref.alloc() : ${padType}`,
      `  linalg.fill ins(%zero : f32) outs(%pad${i} : ${padType})`,
      `  %win${i} = memref.subview %pad${i}[0, 1, 0] [1, ${L}, ${C}] [1, 1, 1] : ${padType} to ${window}`,
      `  linalg.copy ins(${input} : ${actType}) outs(%win${i} : ${window})`,
      `  %conv${i} = memref.alloc() : ${actType}`,
      `  linalg.fill ins(%zero : f32) outs(%conv${i} : ${actType})`,
      `  linalg.conv_1d_nwc_wcf {dilations = dense<1> : tensor<1xi64>, strides = dense<1> : tensor<1xi64>} ins(%pad${i}, ${w} : ${padType}, ${f32([3, C, C])}) outs(%conv${i} : ${actType})`,
      biasRelu(`%conv${i}`, b, actType, f32([C]), 3),
    );
    input = `%conv${i}`;
  }
  body.push(`  %flat = memref.collapse_shape ${input} [[0], [1, 2]] : ${actType} into ${f32([1, L * C])}`);
  let features = '%flat';
  let inWidth = L * C;
  for (let i = 1; i <= model.dense; i++) {
    const w = param(`dw${i}`, f32([inWidth, W]));
    const b = param(`db${i}`, f32([W]));
    body.push(
      `  %h${i} = memref.alloc() : ${f32([1, W])}`,
      `  linalg.fill ins(%zero : f32) outs(%h${i} : ${f32([1, W])})`,
      `  linalg.matmul ins(${features}, ${w} : ${f32([1, inWidth])}, ${f32([inWidth, W])}) outs(%h${i} : ${f32([1, W])})`,
      biasRelu(`%h${i}`, b, f32([1, W]), f32([W]), 2),
    );
    features = `%h${i}`;
    inWidth = W;
  }
  args.push(`%y: ${f32([1, inWidth])}`);
  body.push(`  linalg.copy ins(${features} : ${f32([1, inWidth])}) outs(%y : ${f32([1, inWidth])})`);
  return `// ${model.name}: synthetic model, ${model.conv} Conv1D blocks (${L}x${C}, k3) and ${model.dense} Dense blocks (width ${W}): ${syntheticOpCount(model)} linalg ops.
func.func @${model.name}(${args.join(', ')}) {
${body.join('\n')}
  return
}
`;
}
