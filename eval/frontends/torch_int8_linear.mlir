module attributes {torch.debug_module_name = "Int8Linear"} {
  func.func @forward(%arg0: tensor<8x32xi8>, %arg1: tensor<32x16xi8>, %arg2: tensor<16xi32>) -> tensor<8x16xi8> {
    %cst_0 = arith.constant 0 : i32
    %cst_1 = arith.constant 2 : i32
    %cst_2 = arith.constant -128 : i32
    %cst_3 = arith.constant 127 : i32
    %empty0 = tensor.empty() : tensor<8x16xi32>
    %fill1 = linalg.fill ins(%cst_0 : i32) outs(%empty0 : tensor<8x16xi32>) -> tensor<8x16xi32>
    %qmm2 = linalg.matmul ins(%arg0, %arg1 : tensor<8x32xi8>, tensor<32x16xi8>) outs(%fill1 : tensor<8x16xi32>) -> tensor<8x16xi32>
    %empty3 = tensor.empty() : tensor<8x16xi8>
    %gen4 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%qmm2, %arg2 : tensor<8x16xi32>, tensor<16xi32>) outs(%empty3 : tensor<8x16xi8>) {
    ^bb0(%in0: i32, %in1: i32, %out: i8):
      %s = arith.addi %in0, %in1 : i32
      %sh = arith.shrsi %s, %cst_1 : i32
      %lo = arith.maxsi %sh, %cst_2 : i32
      %hi = arith.minsi %lo, %cst_3 : i32
      %q = arith.trunci %hi : i32 to i8
      linalg.yield %q : i8
    } -> tensor<8x16xi8>
    return %gen4 : tensor<8x16xi8>
  }
}
