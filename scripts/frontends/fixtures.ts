/** The fixture set of the `frontends` eval suite, and the bench's whole models. */
import { polygeistAtax, polygeistDynamicBound, polygeistGemm, polygeistJacobi, polygeistSyrk, polygeistSyrkGuarded } from './polygeist.js';
import { tosaAvgPool, tosaConvNet, tosaDense, tosaDepthwise } from './tosa.js';
import { torchCnn, torchMlp, torchQuantizedLinear, torchTransformer, type CnnSpec } from './torch.js';

export interface FrontendFixture {
  file: string;
  style: 'torch-mlir' | 'tosa' | 'polygeist';
  /** What the fixture exercises, for the eval table. */
  about: string;
  text: () => string;
  /** Flags the fixture needs (sizes hlsched cannot infer). */
  flags?: { scalars?: Record<string, string> };
}

export const RESNET18_32: CnnSpec = {
  name: 'ResNet18', input: [1, 3, 32, 32], stem: { channels: 64, kernel: 7, stride: 2, pad: 3 }, stemPool: true,
  stages: [{ channels: 64, blocks: 2 }, { channels: 128, blocks: 2 }, { channels: 256, blocks: 2 }, { channels: 512, blocks: 2 }],
  classes: 10, weights: 'arguments',
};

export const FRONTEND_FIXTURES: FrontendFixture[] = [
  { file: 'torch_cnn_tiny.mlir', style: 'torch-mlir', about: 'conv+bn+relu, maxpool, residual, avgpool, linear; dense constants',
    text: () => torchCnn({ name: 'TinyCNN', input: [1, 3, 8, 8], stem: { channels: 4, kernel: 3, stride: 1, pad: 1 }, stemPool: true,
      stages: [{ channels: 4, blocks: 1 }], classes: 5, weights: 'constants' }) },
  { file: 'torch_resnet_mini.mlir', style: 'torch-mlir', about: 'two residual stages with a strided 1x1 downsample; weights as arguments',
    text: () => torchCnn({ name: 'MiniResNet', input: [1, 3, 16, 16], stem: { channels: 8, kernel: 3, stride: 1, pad: 1 }, stemPool: false,
      stages: [{ channels: 8, blocks: 1 }, { channels: 16, blocks: 1 }], classes: 10, weights: 'arguments' }) },
  { file: 'torch_mobilenet_mini.mlir', style: 'torch-mlir', about: 'depthwise_conv_2d_nchw_chw + pointwise blocks',
    text: () => torchCnn({ name: 'MiniMobileNet', input: [1, 3, 12, 12], stem: { channels: 8, kernel: 3, stride: 1, pad: 1 }, stemPool: false,
      stages: [{ channels: 8, blocks: 1 }], depthwise: true, classes: 4, weights: 'arguments' }) },
  { file: 'torch_mlp.mlir', style: 'torch-mlir', about: 'erf and tanh GELU, insert_slice concat, extract_slice, two results',
    text: () => torchMlp({ name: 'MLP', batch: 4, input: 32, hidden: 32, classes: 8, weights: 'arguments' }) },
  { file: 'torch_mlp_const.mlir', style: 'torch-mlir', about: 'the MLP with splat and dense weight constants',
    text: () => torchMlp({ name: 'MLPConst', batch: 2, input: 16, hidden: 16, classes: 4, weights: 'constants' }) },
  { file: 'torch_bert_block.mlir', style: 'torch-mlir', about: 'BERT encoder block: batch_matmul attention, softmax, layer norm, expand/collapse_shape',
    text: () => torchTransformer({ name: 'BertBlock', sequence: 8, hidden: 16, heads: 2, ffn: 32, layers: 1, weights: 'arguments' }) },
  { file: 'torch_gpt_block.mlir', style: 'torch-mlir', about: 'causal mask with linalg.index, two layers',
    text: () => torchTransformer({ name: 'GptBlock', sequence: 8, hidden: 16, heads: 4, ffn: 32, layers: 2, causal: true, weights: 'arguments' }) },
  { file: 'torch_int8_linear.mlir', style: 'torch-mlir', about: 'quantized i8 x i8 -> i32 matmul and requantization',
    text: () => torchQuantizedLinear('Int8Linear', 8, 32, 16) },
  { file: 'tosa_convnet.mlir', style: 'tosa', about: 'NHWC conv (fhwc) behind subview padding + memref.copy, ReLU6, max pool, collapse_shape, dense',
    text: () => tosaConvNet(8, 4, 8, 10) },
  { file: 'tosa_depthwise.mlir', style: 'tosa', about: 'depthwise_conv_2d_nhwc_hwc + pointwise conv_2d_nhwc_hwcf',
    text: () => tosaDepthwise(8, 8, 16) },
  { file: 'tosa_avgpool.mlir', style: 'tosa', about: 'pooling_nhwc_sum on a padded copy, then a division',
    text: () => tosaAvgPool(12, 8) },
  { file: 'tosa_dense.mlir', style: 'tosa', about: 'collapse_shape + two dense layers with tanh',
    text: () => tosaDense(4, 8, 32, 10) },
  { file: 'polygeist_gemm.mlir', style: 'polygeist', about: 'memref<?xNxf64> arguments, unused i32 sizes, f64 scalars',
    text: () => polygeistGemm(20, 24, 28) },
  { file: 'polygeist_syrk.mlir', style: 'polygeist', about: 'triangular loops through an affine map',
    text: () => polygeistSyrk(24, 20) },
  { file: 'polygeist_syrk_if.mlir', style: 'polygeist', about: 'ScaleHLS-style affine.if guard in rectangular loops',
    text: () => polygeistSyrkGuarded(24, 20) },
  { file: 'polygeist_atax.mlir', style: 'polygeist', about: 'rank-0 memref.alloca scalar, llvm.mlir.undef',
    text: () => polygeistAtax(20, 24) },
  { file: 'polygeist_jacobi.mlir', style: 'polygeist', about: '2-D stencil with i +- 1 offsets (sizes inferred through them)',
    text: () => polygeistJacobi(4, 20) },
  { file: 'polygeist_scale_dyn.mlir', style: 'polygeist', about: 'loop bound from an i32 size argument: needs --scalar, kernel specialized',
    text: () => polygeistDynamicBound(16), flags: { scalars: { arg0: '40' } } },
];

export const BIG_MODELS: Record<string, () => string> = {
  resnet18: () => torchCnn(RESNET18_32),
  'bert-base': () => torchTransformer({ name: 'BertBase', sequence: 128, hidden: 768, heads: 12, ffn: 3072, layers: 12, weights: 'arguments' }),
};
