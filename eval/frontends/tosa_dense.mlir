module {
  func.func @main_graph(%input: memref<1x4x4x8xf32>, %w1: memref<128x32xf32>, %b1: memref<32xf32>, %w2: memref<32x10xf32>, %out: memref<1x10xf32>) {
    %zero = arith.constant 0.000000e+00 : f32
    %flat = memref.collapse_shape %input [[0], [1, 2, 3]] : memref<1x4x4x8xf32> into memref<1x128xf32>
    %hid = memref.alloc() {alignment = 64 : i64} : memref<1x32xf32>
    linalg.fill ins(%zero : f32) outs(%hid : memref<1x32xf32>)
    linalg.matmul ins(%flat, %w1 : memref<1x128xf32>, memref<128x32xf32>) outs(%hid : memref<1x32xf32>)
    linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%b1 : memref<32xf32>) outs(%hid : memref<1x32xf32>) {
    ^bb0(%b: f32, %acc: f32):
      %s = arith.addf %acc, %b : f32
      %t = math.tanh %s : f32
      linalg.yield %t : f32
    }
    linalg.fill ins(%zero : f32) outs(%out : memref<1x10xf32>)
    linalg.matmul ins(%hid, %w2 : memref<1x32xf32>, memref<32x10xf32>) outs(%out : memref<1x10xf32>)
    return
  }
}
