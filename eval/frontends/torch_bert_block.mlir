module attributes {torch.debug_module_name = "BertBlock"} {
  ml_program.global private mutable @global_seed(dense<0> : tensor<i64>) : tensor<i64>
  func.func @forward(%arg0: tensor<8x16xf32>, %w0: tensor<16x16xf32>, %w1: tensor<16xf32>, %w2: tensor<16x16xf32>, %w3: tensor<16xf32>, %w4: tensor<16x16xf32>, %w5: tensor<16xf32>, %w6: tensor<16x16xf32>, %w7: tensor<16xf32>, %w8: tensor<16xf32>, %w9: tensor<16xf32>, %w10: tensor<32x16xf32>, %w11: tensor<32xf32>, %w12: tensor<16x32xf32>, %w13: tensor<16xf32>, %w14: tensor<16xf32>, %w15: tensor<16xf32>) -> tensor<8x16xf32> {
    %cst_0 = arith.constant 0.000000e+00 : f32
    %cst_1 = arith.constant 0.353553391 : f32
    %cst_2 = arith.constant -3.40282347E+38 : f32
    %cst_3 = arith.constant 16.0 : f32
    %cst_4 = arith.constant 9.99999996E-13 : f32
    %cst_5 = arith.constant 5.000000e-01 : f32
    %cst_6 = arith.constant 1.000000e+00 : f32
    %cst_7 = arith.constant 0.707106769 : f32
    %cst_8 = arith.constant 0.797884583 : f32
    %cst_9 = arith.constant 4.471500e-02 : f32
    %empty0 = tensor.empty() : tensor<16x16xf32>
    %gen1 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1, d0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%w0 : tensor<16x16xf32>) outs(%empty0 : tensor<16x16xf32>) {
    ^bb0(%in0: f32, %out: f32):
      linalg.yield %in0 : f32
    } -> tensor<16x16xf32>
    %empty2 = tensor.empty() : tensor<8x16xf32>
    %gen3 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%w1 : tensor<16xf32>) outs(%empty2 : tensor<8x16xf32>) {
    ^bb0(%in0: f32, %out: f32):
      linalg.yield %in0 : f32
    } -> tensor<8x16xf32>
    %mm4 = linalg.matmul ins(%arg0, %gen1 : tensor<8x16xf32>, tensor<16x16xf32>) outs(%gen3 : tensor<8x16xf32>) -> tensor<8x16xf32>
    %heads5 = tensor.expand_shape %mm4 [[0], [1, 2]] output_shape [8, 2, 8] : tensor<8x16xf32> into tensor<8x2x8xf32>
    %empty6 = tensor.empty() : tensor<2x8x8xf32>
    %gen7 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d1, d0, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%heads5 : tensor<8x2x8xf32>) outs(%empty6 : tensor<2x8x8xf32>) {
    ^bb0(%in0: f32, %out: f32):
      linalg.yield %in0 : f32
    } -> tensor<2x8x8xf32>
    %empty8 = tensor.empty() : tensor<16x16xf32>
    %gen9 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1, d0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%w2 : tensor<16x16xf32>) outs(%empty8 : tensor<16x16xf32>) {
    ^bb0(%in0: f32, %out: f32):
      linalg.yield %in0 : f32
    } -> tensor<16x16xf32>
    %empty10 = tensor.empty() : tensor<8x16xf32>
    %gen11 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%w3 : tensor<16xf32>) outs(%empty10 : tensor<8x16xf32>) {
    ^bb0(%in0: f32, %out: f32):
      linalg.yield %in0 : f32
    } -> tensor<8x16xf32>
    %mm12 = linalg.matmul ins(%arg0, %gen9 : tensor<8x16xf32>, tensor<16x16xf32>) outs(%gen11 : tensor<8x16xf32>) -> tensor<8x16xf32>
    %heads13 = tensor.expand_shape %mm12 [[0], [1, 2]] output_shape [8, 2, 8] : tensor<8x16xf32> into tensor<8x2x8xf32>
    %empty14 = tensor.empty() : tensor<2x8x8xf32>
    %gen15 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d1, d0, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%heads13 : tensor<8x2x8xf32>) outs(%empty14 : tensor<2x8x8xf32>) {
    ^bb0(%in0: f32, %out: f32):
      linalg.yield %in0 : f32
    } -> tensor<2x8x8xf32>
    %empty16 = tensor.empty() : tensor<16x16xf32>
    %gen17 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1, d0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%w4 : tensor<16x16xf32>) outs(%empty16 : tensor<16x16xf32>) {
    ^bb0(%in0: f32, %out: f32):
      linalg.yield %in0 : f32
    } -> tensor<16x16xf32>
    %empty18 = tensor.empty() : tensor<8x16xf32>
    %gen19 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%w5 : tensor<16xf32>) outs(%empty18 : tensor<8x16xf32>) {
    ^bb0(%in0: f32, %out: f32):
      linalg.yield %in0 : f32
    } -> tensor<8x16xf32>
    %mm20 = linalg.matmul ins(%arg0, %gen17 : tensor<8x16xf32>, tensor<16x16xf32>) outs(%gen19 : tensor<8x16xf32>) -> tensor<8x16xf32>
    %heads21 = tensor.expand_shape %mm20 [[0], [1, 2]] output_shape [8, 2, 8] : tensor<8x16xf32> into tensor<8x2x8xf32>
    %empty22 = tensor.empty() : tensor<2x8x8xf32>
    %gen23 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d1, d0, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%heads21 : tensor<8x2x8xf32>) outs(%empty22 : tensor<2x8x8xf32>) {
    ^bb0(%in0: f32, %out: f32):
      linalg.yield %in0 : f32
    } -> tensor<2x8x8xf32>
    %empty24 = tensor.empty() : tensor<2x8x8xf32>
    %gen25 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%gen15 : tensor<2x8x8xf32>) outs(%empty24 : tensor<2x8x8xf32>) {
    ^bb0(%in0: f32, %out: f32):
      linalg.yield %in0 : f32
    } -> tensor<2x8x8xf32>
    %empty27 = tensor.empty() : tensor<2x8x8xf32>
    %fill28 = linalg.fill ins(%cst_0 : f32) outs(%empty27 : tensor<2x8x8xf32>) -> tensor<2x8x8xf32>
    %scores26 = linalg.batch_matmul ins(%gen7, %gen25 : tensor<2x8x8xf32>, tensor<2x8x8xf32>) outs(%fill28 : tensor<2x8x8xf32>) -> tensor<2x8x8xf32>
    %empty29 = tensor.empty() : tensor<2x8x8xf32>
    %gen30 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%scores26 : tensor<2x8x8xf32>) outs(%empty29 : tensor<2x8x8xf32>) {
    ^bb0(%in0: f32, %out: f32):
      %sc = arith.mulf %in0, %cst_1 : f32
      linalg.yield %sc : f32
    } -> tensor<2x8x8xf32>
    %empty31 = tensor.empty() : tensor<2x8xf32>
    %fill32 = linalg.fill ins(%cst_2 : f32) outs(%empty31 : tensor<2x8xf32>) -> tensor<2x8xf32>
    %gen33 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%gen30 : tensor<2x8x8xf32>) outs(%fill32 : tensor<2x8xf32>) {
    ^bb0(%in0: f32, %out: f32):
      %m = arith.maximumf %in0, %out : f32
      linalg.yield %m : f32
    } -> tensor<2x8xf32>
    %empty34 = tensor.empty() : tensor<2x8x8xf32>
    %gen35 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%gen30, %gen33 : tensor<2x8x8xf32>, tensor<2x8xf32>) outs(%empty34 : tensor<2x8x8xf32>) {
    ^bb0(%in0: f32, %in1: f32, %out: f32):
      %d = arith.subf %in0, %in1 : f32
      %e = math.exp %d : f32
      linalg.yield %e : f32
    } -> tensor<2x8x8xf32>
    %empty36 = tensor.empty() : tensor<2x8xf32>
    %fill37 = linalg.fill ins(%cst_0 : f32) outs(%empty36 : tensor<2x8xf32>) -> tensor<2x8xf32>
    %gen38 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%gen35 : tensor<2x8x8xf32>) outs(%fill37 : tensor<2x8xf32>) {
    ^bb0(%in0: f32, %out: f32):
      %a = arith.addf %in0, %out : f32
      linalg.yield %a : f32
    } -> tensor<2x8xf32>
    %empty39 = tensor.empty() : tensor<2x8x8xf32>
    %gen40 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%gen35, %gen38 : tensor<2x8x8xf32>, tensor<2x8xf32>) outs(%empty39 : tensor<2x8x8xf32>) {
    ^bb0(%in0: f32, %in1: f32, %out: f32):
      %p = arith.divf %in0, %in1 : f32
      linalg.yield %p : f32
    } -> tensor<2x8x8xf32>
    %empty42 = tensor.empty() : tensor<2x8x8xf32>
    %fill43 = linalg.fill ins(%cst_0 : f32) outs(%empty42 : tensor<2x8x8xf32>) -> tensor<2x8x8xf32>
    %context41 = linalg.batch_matmul ins(%gen40, %gen23 : tensor<2x8x8xf32>, tensor<2x8x8xf32>) outs(%fill43 : tensor<2x8x8xf32>) -> tensor<2x8x8xf32>
    %empty44 = tensor.empty() : tensor<8x2x8xf32>
    %gen45 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d1, d0, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%context41 : tensor<2x8x8xf32>) outs(%empty44 : tensor<8x2x8xf32>) {
    ^bb0(%in0: f32, %out: f32):
      linalg.yield %in0 : f32
    } -> tensor<8x2x8xf32>
    %merged46 = tensor.collapse_shape %gen45 [[0], [1, 2]] : tensor<8x2x8xf32> into tensor<8x16xf32>
    %empty47 = tensor.empty() : tensor<16x16xf32>
    %gen48 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1, d0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%w6 : tensor<16x16xf32>) outs(%empty47 : tensor<16x16xf32>) {
    ^bb0(%in0: f32, %out: f32):
      linalg.yield %in0 : f32
    } -> tensor<16x16xf32>
    %empty49 = tensor.empty() : tensor<8x16xf32>
    %gen50 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%w7 : tensor<16xf32>) outs(%empty49 : tensor<8x16xf32>) {
    ^bb0(%in0: f32, %out: f32):
      linalg.yield %in0 : f32
    } -> tensor<8x16xf32>
    %mm51 = linalg.matmul ins(%merged46, %gen48 : tensor<8x16xf32>, tensor<16x16xf32>) outs(%gen50 : tensor<8x16xf32>) -> tensor<8x16xf32>
    %empty52 = tensor.empty() : tensor<8x16xf32>
    %gen53 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%arg0, %mm51 : tensor<8x16xf32>, tensor<8x16xf32>) outs(%empty52 : tensor<8x16xf32>) {
    ^bb0(%in0: f32, %in1: f32, %out: f32):
      %s = arith.addf %in0, %in1 : f32
      linalg.yield %s : f32
    } -> tensor<8x16xf32>
    %empty54 = tensor.empty() : tensor<8xf32>
    %fill55 = linalg.fill ins(%cst_0 : f32) outs(%empty54 : tensor<8xf32>) -> tensor<8xf32>
    %gen56 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} ins(%gen53 : tensor<8x16xf32>) outs(%fill55 : tensor<8xf32>) {
    ^bb0(%in0: f32, %out: f32):
      %a = arith.addf %in0, %out : f32
      linalg.yield %a : f32
    } -> tensor<8xf32>
    %empty57 = tensor.empty() : tensor<8xf32>
    %fill58 = linalg.fill ins(%cst_0 : f32) outs(%empty57 : tensor<8xf32>) -> tensor<8xf32>
    %gen59 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} ins(%gen53, %gen56 : tensor<8x16xf32>, tensor<8xf32>) outs(%fill58 : tensor<8xf32>) {
    ^bb0(%in0: f32, %in1: f32, %out: f32):
      %m = arith.divf %in1, %cst_3 : f32
      %d = arith.subf %in0, %m : f32
      %q = arith.mulf %d, %d : f32
      %a = arith.addf %q, %out : f32
      linalg.yield %a : f32
    } -> tensor<8xf32>
    %empty60 = tensor.empty() : tensor<8x16xf32>
    %gen61 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%gen53, %gen56, %gen59, %w8, %w9 : tensor<8x16xf32>, tensor<8xf32>, tensor<8xf32>, tensor<16xf32>, tensor<16xf32>) outs(%empty60 : tensor<8x16xf32>) {
    ^bb0(%in0: f32, %in1: f32, %in2: f32, %in3: f32, %in4: f32, %out: f32):
      %m = arith.divf %in1, %cst_3 : f32
      %v = arith.divf %in2, %cst_3 : f32
      %ve = arith.addf %v, %cst_4 : f32
      %r = math.rsqrt %ve : f32
      %d = arith.subf %in0, %m : f32
      %n = arith.mulf %d, %r : f32
      %g = arith.mulf %n, %in3 : f32
      %y = arith.addf %g, %in4 : f32
      linalg.yield %y : f32
    } -> tensor<8x16xf32>
    %empty62 = tensor.empty() : tensor<16x32xf32>
    %gen63 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1, d0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%w10 : tensor<32x16xf32>) outs(%empty62 : tensor<16x32xf32>) {
    ^bb0(%in0: f32, %out: f32):
      linalg.yield %in0 : f32
    } -> tensor<16x32xf32>
    %empty64 = tensor.empty() : tensor<8x32xf32>
    %gen65 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%w11 : tensor<32xf32>) outs(%empty64 : tensor<8x32xf32>) {
    ^bb0(%in0: f32, %out: f32):
      linalg.yield %in0 : f32
    } -> tensor<8x32xf32>
    %mm66 = linalg.matmul ins(%gen61, %gen63 : tensor<8x16xf32>, tensor<16x32xf32>) outs(%gen65 : tensor<8x32xf32>) -> tensor<8x32xf32>
    %empty67 = tensor.empty() : tensor<8x32xf32>
    %gen68 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%mm66 : tensor<8x32xf32>) outs(%empty67 : tensor<8x32xf32>) {
    ^bb0(%in0: f32, %out: f32):
      %a = arith.mulf %in0, %cst_7 : f32
      %e = math.erf %a : f32
      %p = arith.addf %e, %cst_6 : f32
      %h = arith.mulf %in0, %cst_5 : f32
      %r = arith.mulf %h, %p : f32
      linalg.yield %r : f32
    } -> tensor<8x32xf32>
    %empty69 = tensor.empty() : tensor<32x16xf32>
    %gen70 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1, d0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%w12 : tensor<16x32xf32>) outs(%empty69 : tensor<32x16xf32>) {
    ^bb0(%in0: f32, %out: f32):
      linalg.yield %in0 : f32
    } -> tensor<32x16xf32>
    %empty71 = tensor.empty() : tensor<8x16xf32>
    %gen72 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%w13 : tensor<16xf32>) outs(%empty71 : tensor<8x16xf32>) {
    ^bb0(%in0: f32, %out: f32):
      linalg.yield %in0 : f32
    } -> tensor<8x16xf32>
    %mm73 = linalg.matmul ins(%gen68, %gen70 : tensor<8x32xf32>, tensor<32x16xf32>) outs(%gen72 : tensor<8x16xf32>) -> tensor<8x16xf32>
    %empty74 = tensor.empty() : tensor<8x16xf32>
    %gen75 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%gen61, %mm73 : tensor<8x16xf32>, tensor<8x16xf32>) outs(%empty74 : tensor<8x16xf32>) {
    ^bb0(%in0: f32, %in1: f32, %out: f32):
      %s = arith.addf %in0, %in1 : f32
      linalg.yield %s : f32
    } -> tensor<8x16xf32>
    %empty76 = tensor.empty() : tensor<8xf32>
    %fill77 = linalg.fill ins(%cst_0 : f32) outs(%empty76 : tensor<8xf32>) -> tensor<8xf32>
    %gen78 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} ins(%gen75 : tensor<8x16xf32>) outs(%fill77 : tensor<8xf32>) {
    ^bb0(%in0: f32, %out: f32):
      %a = arith.addf %in0, %out : f32
      linalg.yield %a : f32
    } -> tensor<8xf32>
    %empty79 = tensor.empty() : tensor<8xf32>
    %fill80 = linalg.fill ins(%cst_0 : f32) outs(%empty79 : tensor<8xf32>) -> tensor<8xf32>
    %gen81 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} ins(%gen75, %gen78 : tensor<8x16xf32>, tensor<8xf32>) outs(%fill80 : tensor<8xf32>) {
    ^bb0(%in0: f32, %in1: f32, %out: f32):
      %m = arith.divf %in1, %cst_3 : f32
      %d = arith.subf %in0, %m : f32
      %q = arith.mulf %d, %d : f32
      %a = arith.addf %q, %out : f32
      linalg.yield %a : f32
    } -> tensor<8xf32>
    %empty82 = tensor.empty() : tensor<8x16xf32>
    %gen83 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%gen75, %gen78, %gen81, %w14, %w15 : tensor<8x16xf32>, tensor<8xf32>, tensor<8xf32>, tensor<16xf32>, tensor<16xf32>) outs(%empty82 : tensor<8x16xf32>) {
    ^bb0(%in0: f32, %in1: f32, %in2: f32, %in3: f32, %in4: f32, %out: f32):
      %m = arith.divf %in1, %cst_3 : f32
      %v = arith.divf %in2, %cst_3 : f32
      %ve = arith.addf %v, %cst_4 : f32
      %r = math.rsqrt %ve : f32
      %d = arith.subf %in0, %m : f32
      %n = arith.mulf %d, %r : f32
      %g = arith.mulf %n, %in3 : f32
      %y = arith.addf %g, %in4 : f32
      linalg.yield %y : f32
    } -> tensor<8x16xf32>
    return %gen83 : tensor<8x16xf32>
  }
}
