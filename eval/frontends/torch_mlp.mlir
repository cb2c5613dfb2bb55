module attributes {torch.debug_module_name = "MLP"} {
  ml_program.global private mutable @global_seed(dense<0> : tensor<i64>) : tensor<i64>
  func.func @forward(%arg0: tensor<4x32xf32>, %w0: tensor<32x32xf32>, %w1: tensor<32xf32>, %w2: tensor<32x32xf32>, %w3: tensor<32xf32>, %w4: tensor<8x32xf32>, %w5: tensor<8xf32>) -> (tensor<4x8xf32>, tensor<4x64xf32>) {
    %cst_0 = arith.constant 5.000000e-01 : f32
    %cst_1 = arith.constant 1.000000e+00 : f32
    %cst_2 = arith.constant 0.707106769 : f32
    %cst_3 = arith.constant 0.797884583 : f32
    %cst_4 = arith.constant 4.471500e-02 : f32
    %cst_5 = arith.constant 0.000000e+00 : f32
    %empty0 = tensor.empty() : tensor<32x32xf32>
    %gen1 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1, d0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%w0 : tensor<32x32xf32>) outs(%empty0 : tensor<32x32xf32>) {
    ^bb0(%in0: f32, %out: f32):
      linalg.yield %in0 : f32
    } -> tensor<32x32xf32>
    %empty2 = tensor.empty() : tensor<4x32xf32>
    %gen3 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%w1 : tensor<32xf32>) outs(%empty2 : tensor<4x32xf32>) {
    ^bb0(%in0: f32, %out: f32):
      linalg.yield %in0 : f32
    } -> tensor<4x32xf32>
    %mm4 = linalg.matmul ins(%arg0, %gen1 : tensor<4x32xf32>, tensor<32x32xf32>) outs(%gen3 : tensor<4x32xf32>) -> tensor<4x32xf32>
    %empty5 = tensor.empty() : tensor<4x32xf32>
    %gen6 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%mm4 : tensor<4x32xf32>) outs(%empty5 : tensor<4x32xf32>) {
    ^bb0(%in0: f32, %out: f32):
      %a = arith.mulf %in0, %cst_2 : f32
      %e = math.erf %a : f32
      %p = arith.addf %e, %cst_1 : f32
      %h = arith.mulf %in0, %cst_0 : f32
      %r = arith.mulf %h, %p : f32
      linalg.yield %r : f32
    } -> tensor<4x32xf32>
    %empty7 = tensor.empty() : tensor<32x32xf32>
    %gen8 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1, d0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%w2 : tensor<32x32xf32>) outs(%empty7 : tensor<32x32xf32>) {
    ^bb0(%in0: f32, %out: f32):
      linalg.yield %in0 : f32
    } -> tensor<32x32xf32>
    %empty9 = tensor.empty() : tensor<4x32xf32>
    %gen10 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%w3 : tensor<32xf32>) outs(%empty9 : tensor<4x32xf32>) {
    ^bb0(%in0: f32, %out: f32):
      linalg.yield %in0 : f32
    } -> tensor<4x32xf32>
    %mm11 = linalg.matmul ins(%arg0, %gen8 : tensor<4x32xf32>, tensor<32x32xf32>) outs(%gen10 : tensor<4x32xf32>) -> tensor<4x32xf32>
    %empty12 = tensor.empty() : tensor<4x32xf32>
    %gen13 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%mm11 : tensor<4x32xf32>) outs(%empty12 : tensor<4x32xf32>) {
    ^bb0(%in0: f32, %out: f32):
      %x3 = arith.mulf %in0, %in0 : f32
      %x3b = arith.mulf %x3, %in0 : f32
      %k = arith.mulf %x3b, %cst_4 : f32
      %in = arith.addf %in0, %k : f32
      %s = arith.mulf %in, %cst_3 : f32
      %th = math.tanh %s : f32
      %p = arith.addf %th, %cst_1 : f32
      %h = arith.mulf %in0, %cst_0 : f32
      %r = arith.mulf %h, %p : f32
      linalg.yield %r : f32
    } -> tensor<4x32xf32>
    %empty14 = tensor.empty() : tensor<4x64xf32>
    %cat15 = tensor.insert_slice %gen6 into %empty14[0, 0] [4, 32] [1, 1] : tensor<4x32xf32> into tensor<4x64xf32>
    %cat16 = tensor.insert_slice %gen13 into %cat15[0, 32] [4, 32] [1, 1] : tensor<4x32xf32> into tensor<4x64xf32>
    %head17 = tensor.extract_slice %cat16[0, 0] [4, 32] [1, 1] : tensor<4x64xf32> to tensor<4x32xf32>
    %empty18 = tensor.empty() : tensor<4x32xf32>
    %gen19 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%head17 : tensor<4x32xf32>) outs(%empty18 : tensor<4x32xf32>) {
    ^bb0(%in0: f32, %out: f32):
      %c = arith.cmpf ugt, %in0, %cst_5 : f32
      %r = arith.select %c, %in0, %cst_5 : f32
      linalg.yield %r : f32
    } -> tensor<4x32xf32>
    %empty20 = tensor.empty() : tensor<32x8xf32>
    %gen21 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1, d0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%w4 : tensor<8x32xf32>) outs(%empty20 : tensor<32x8xf32>) {
    ^bb0(%in0: f32, %out: f32):
      linalg.yield %in0 : f32
    } -> tensor<32x8xf32>
    %empty22 = tensor.empty() : tensor<4x8xf32>
    %gen23 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%w5 : tensor<8xf32>) outs(%empty22 : tensor<4x8xf32>) {
    ^bb0(%in0: f32, %out: f32):
      linalg.yield %in0 : f32
    } -> tensor<4x8xf32>
    %mm24 = linalg.matmul ins(%gen19, %gen21 : tensor<4x32xf32>, tensor<32x8xf32>) outs(%gen23 : tensor<4x8xf32>) -> tensor<4x8xf32>
    return %mm24, %cat16 : tensor<4x8xf32>, tensor<4x64xf32>
  }
}
