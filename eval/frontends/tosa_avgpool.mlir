module {
  func.func @main_graph(%input: memref<1x12x12x8xf32>, %out: memref<1x12x12x8xf32>) {
    %zero = arith.constant 0.000000e+00 : f32
    %nine = arith.constant 9.000000e+00 : f32
    %pad = memref.alloc() {alignment = 64 : i64} : memref<1x14x14x8xf32>
    linalg.fill ins(%zero : f32) outs(%pad : memref<1x14x14x8xf32>)
    %pad_in = memref.subview %pad[0, 1, 1, 0] [1, 12, 12, 8] [1, 1, 1, 1] : memref<1x14x14x8xf32> to memref<1x12x12x8xf32, strided<[1568, 112, 8, 1], offset: 120>>
    memref.copy %input, %pad_in : memref<1x12x12x8xf32> to memref<1x12x12x8xf32, strided<[1568, 112, 8, 1], offset: 120>>
    linalg.fill ins(%zero : f32) outs(%out : memref<1x12x12x8xf32>)
    %window = memref.alloc() : memref<3x3xf32>
    linalg.pooling_nhwc_sum {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%pad, %window : memref<1x14x14x8xf32>, memref<3x3xf32>) outs(%out : memref<1x12x12x8xf32>)
    linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} outs(%out : memref<1x12x12x8xf32>) {
    ^bb0(%acc: f32):
      %d = arith.divf %acc, %nine : f32
      linalg.yield %d : f32
    }
    return
  }
}
