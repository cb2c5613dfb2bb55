module attributes {torch.debug_module_name = "MiniMobileNet"} {
  ml_program.global private mutable @global_seed(dense<0> : tensor<i64>) : tensor<i64>
  func.func @forward(%arg0: tensor<1x3x12x12xf32>, %w0: tensor<8x3x3x3xf32>, %w1: tensor<8xf32>, %w2: tensor<8xf32>, %w3: tensor<8xf32>, %w4: tensor<8xf32>, %w5: tensor<8xf32>, %w6: tensor<8x8x3x3xf32>, %w7: tensor<8xf32>, %w8: tensor<8xf32>, %w9: tensor<8xf32>, %w10: tensor<8xf32>, %w11: tensor<8xf32>, %w12: tensor<8x3x3xf32>, %w13: tensor<8x8x1x1xf32>, %w14: tensor<8xf32>, %w15: tensor<8xf32>, %w16: tensor<8xf32>, %w17: tensor<8xf32>, %w18: tensor<8xf32>, %w19: tensor<4x8xf32>, %w20: tensor<4xf32>) -> tensor<1x4xf32> {
    %cst_0 = arith.constant 0.000000e+00 : f32
    %cst_1 = arith.constant 1.000000e-05 : f64
    %cst_2 = arith.constant 144.0 : f32
    %padded0 = tensor.pad %arg0 low[0, 0, 1, 1] high[0, 0, 1, 1] {
    ^bb0(%p0: index, %p1: index, %p2: index, %p3: index):
      tensor.yield %cst_0 : f32
    } : tensor<1x3x12x12xf32> to tensor<1x3x14x14xf32>
    %empty1 = tensor.empty() : tensor<1x8x12x12xf32>
    %gen2 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d1)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%w1 : tensor<8xf32>) outs(%empty1 : tensor<1x8x12x12xf32>) {
    ^bb0(%in0: f32, %out: f32):
      linalg.yield %in0 : f32
    } -> tensor<1x8x12x12xf32>
    %conv3 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%padded0, %w0 : tensor<1x3x14x14xf32>, tensor<8x3x3x3xf32>) outs(%gen2 : tensor<1x8x12x12xf32>) -> tensor<1x8x12x12xf32>
    %empty4 = tensor.empty() : tensor<1x8x12x12xf32>
    %gen5 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d1)>, affine_map<(d0, d1, d2, d3) -> (d1)>, affine_map<(d0, d1, d2, d3) -> (d1)>, affine_map<(d0, d1, d2, d3) -> (d1)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%conv3, %w2, %w3, %w4, %w5 : tensor<1x8x12x12xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) outs(%empty4 : tensor<1x8x12x12xf32>) {
    ^bb0(%in0: f32, %in1: f32, %in2: f32, %in3: f32, %in4: f32, %out: f32):
      %e = arith.truncf %cst_1 : f64 to f32
      %s = arith.subf %in0, %in1 : f32
      %va = math.absf %in2 : f32
      %ve = arith.addf %va, %e : f32
      %r = math.rsqrt %ve : f32
      %n = arith.mulf %s, %r : f32
      %g = arith.mulf %n, %in3 : f32
      %y = arith.addf %g, %in4 : f32
      linalg.yield %y : f32
    } -> tensor<1x8x12x12xf32>
    %empty6 = tensor.empty() : tensor<1x8x12x12xf32>
    %gen7 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%gen5 : tensor<1x8x12x12xf32>) outs(%empty6 : tensor<1x8x12x12xf32>) {
    ^bb0(%in0: f32, %out: f32):
      %c = arith.cmpf ugt, %in0, %cst_0 : f32
      %r = arith.select %c, %in0, %cst_0 : f32
      linalg.yield %r : f32
    } -> tensor<1x8x12x12xf32>
    %padded8 = tensor.pad %gen7 low[0, 0, 1, 1] high[0, 0, 1, 1] {
    ^bb0(%p0: index, %p1: index, %p2: index, %p3: index):
      tensor.yield %cst_0 : f32
    } : tensor<1x8x12x12xf32> to tensor<1x8x14x14xf32>
    %empty9 = tensor.empty() : tensor<1x8x12x12xf32>
    %gen10 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d1)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%w7 : tensor<8xf32>) outs(%empty9 : tensor<1x8x12x12xf32>) {
    ^bb0(%in0: f32, %out: f32):
      linalg.yield %in0 : f32
    } -> tensor<1x8x12x12xf32>
    %conv11 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%padded8, %w6 : tensor<1x8x14x14xf32>, tensor<8x8x3x3xf32>) outs(%gen10 : tensor<1x8x12x12xf32>) -> tensor<1x8x12x12xf32>
    %empty12 = tensor.empty() : tensor<1x8x12x12xf32>
    %gen13 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d1)>, affine_map<(d0, d1, d2, d3) -> (d1)>, affine_map<(d0, d1, d2, d3) -> (d1)>, affine_map<(d0, d1, d2, d3) -> (d1)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%conv11, %w8, %w9, %w10, %w11 : tensor<1x8x12x12xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) outs(%empty12 : tensor<1x8x12x12xf32>) {
    ^bb0(%in0: f32, %in1: f32, %in2: f32, %in3: f32, %in4: f32, %out: f32):
      %e = arith.truncf %cst_1 : f64 to f32
      %s = arith.subf %in0, %in1 : f32
      %va = math.absf %in2 : f32
      %ve = arith.addf %va, %e : f32
      %r = math.rsqrt %ve : f32
      %n = arith.mulf %s, %r : f32
      %g = arith.mulf %n, %in3 : f32
      %y = arith.addf %g, %in4 : f32
      linalg.yield %y : f32
    } -> tensor<1x8x12x12xf32>
    %empty14 = tensor.empty() : tensor<1x8x12x12xf32>
    %gen15 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%gen13 : tensor<1x8x12x12xf32>) outs(%empty14 : tensor<1x8x12x12xf32>) {
    ^bb0(%in0: f32, %out: f32):
      %c = arith.cmpf ugt, %in0, %cst_0 : f32
      %r = arith.select %c, %in0, %cst_0 : f32
      linalg.yield %r : f32
    } -> tensor<1x8x12x12xf32>
    %padded16 = tensor.pad %gen15 low[0, 0, 1, 1] high[0, 0, 1, 1] {
    ^bb0(%p0: index, %p1: index, %p2: index, %p3: index):
      tensor.yield %cst_0 : f32
    } : tensor<1x8x12x12xf32> to tensor<1x8x14x14xf32>
    %empty17 = tensor.empty() : tensor<1x8x12x12xf32>
    %fill18 = linalg.fill ins(%cst_0 : f32) outs(%empty17 : tensor<1x8x12x12xf32>) -> tensor<1x8x12x12xf32>
    %dw19 = linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%padded16, %w12 : tensor<1x8x14x14xf32>, tensor<8x3x3xf32>) outs(%fill18 : tensor<1x8x12x12xf32>) -> tensor<1x8x12x12xf32>
    %empty20 = tensor.empty() : tensor<1x8x12x12xf32>
    %gen21 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%dw19 : tensor<1x8x12x12xf32>) outs(%empty20 : tensor<1x8x12x12xf32>) {
    ^bb0(%in0: f32, %out: f32):
      %c = arith.cmpf ugt, %in0, %cst_0 : f32
      %r = arith.select %c, %in0, %cst_0 : f32
      linalg.yield %r : f32
    } -> tensor<1x8x12x12xf32>
    %empty22 = tensor.empty() : tensor<1x8x12x12xf32>
    %gen23 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d1)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%w14 : tensor<8xf32>) outs(%empty22 : tensor<1x8x12x12xf32>) {
    ^bb0(%in0: f32, %out: f32):
      linalg.yield %in0 : f32
    } -> tensor<1x8x12x12xf32>
    %conv24 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%gen21, %w13 : tensor<1x8x12x12xf32>, tensor<8x8x1x1xf32>) outs(%gen23 : tensor<1x8x12x12xf32>) -> tensor<1x8x12x12xf32>
    %empty25 = tensor.empty() : tensor<1x8x12x12xf32>
    %gen26 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d1)>, affine_map<(d0, d1, d2, d3) -> (d1)>, affine_map<(d0, d1, d2, d3) -> (d1)>, affine_map<(d0, d1, d2, d3) -> (d1)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%conv24, %w15, %w16, %w17, %w18 : tensor<1x8x12x12xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) outs(%empty25 : tensor<1x8x12x12xf32>) {
    ^bb0(%in0: f32, %in1: f32, %in2: f32, %in3: f32, %in4: f32, %out: f32):
      %e = arith.truncf %cst_1 : f64 to f32
      %s = arith.subf %in0, %in1 : f32
      %va = math.absf %in2 : f32
      %ve = arith.addf %va, %e : f32
      %r = math.rsqrt %ve : f32
      %n = arith.mulf %s, %r : f32
      %g = arith.mulf %n, %in3 : f32
      %y = arith.addf %g, %in4 : f32
      linalg.yield %y : f32
    } -> tensor<1x8x12x12xf32>
    %empty27 = tensor.empty() : tensor<1x8x12x12xf32>
    %gen28 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%gen26, %gen7 : tensor<1x8x12x12xf32>, tensor<1x8x12x12xf32>) outs(%empty27 : tensor<1x8x12x12xf32>) {
    ^bb0(%in0: f32, %in1: f32, %out: f32):
      %s = arith.addf %in0, %in1 : f32
      linalg.yield %s : f32
    } -> tensor<1x8x12x12xf32>
    %empty29 = tensor.empty() : tensor<1x8x12x12xf32>
    %gen30 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%gen28 : tensor<1x8x12x12xf32>) outs(%empty29 : tensor<1x8x12x12xf32>) {
    ^bb0(%in0: f32, %out: f32):
      %c = arith.cmpf ugt, %in0, %cst_0 : f32
      %r = arith.select %c, %in0, %cst_0 : f32
      linalg.yield %r : f32
    } -> tensor<1x8x12x12xf32>
    %empty31 = tensor.empty() : tensor<1x8x1x1xf32>
    %fill32 = linalg.fill ins(%cst_0 : f32) outs(%empty31 : tensor<1x8x1x1xf32>) -> tensor<1x8x1x1xf32>
    %empty33 = tensor.empty() : tensor<12x12xf32>
    %sum34 = linalg.pooling_nchw_sum {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%gen30, %empty33 : tensor<1x8x12x12xf32>, tensor<12x12xf32>) outs(%fill32 : tensor<1x8x1x1xf32>) -> tensor<1x8x1x1xf32>
    %empty35 = tensor.empty() : tensor<1x8x1x1xf32>
    %gen36 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%sum34 : tensor<1x8x1x1xf32>) outs(%empty35 : tensor<1x8x1x1xf32>) {
    ^bb0(%in0: f32, %out: f32):
      %d = arith.divf %in0, %cst_2 : f32
      linalg.yield %d : f32
    } -> tensor<1x8x1x1xf32>
    %flat37 = tensor.collapse_shape %gen36 [[0], [1, 2, 3]] : tensor<1x8x1x1xf32> into tensor<1x8xf32>
    %empty38 = tensor.empty() : tensor<8x4xf32>
    %gen39 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1, d0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%w19 : tensor<4x8xf32>) outs(%empty38 : tensor<8x4xf32>) {
    ^bb0(%in0: f32, %out: f32):
      linalg.yield %in0 : f32
    } -> tensor<8x4xf32>
    %empty40 = tensor.empty() : tensor<1x4xf32>
    %gen41 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%w20 : tensor<4xf32>) outs(%empty40 : tensor<1x4xf32>) {
    ^bb0(%in0: f32, %out: f32):
      linalg.yield %in0 : f32
    } -> tensor<1x4xf32>
    %mm42 = linalg.matmul ins(%flat37, %gen39 : tensor<1x8xf32>, tensor<8x4xf32>) outs(%gen41 : tensor<1x4xf32>) -> tensor<1x4xf32>
    return %mm42 : tensor<1x4xf32>
  }
}
