module {
  func.func @main_graph(%input: memref<1x8x8x4xf32>, %filter: memref<8x3x3x4xf32>, %bias: memref<8xf32>, %fc: memref<128x10xf32>, %fc_bias: memref<10xf32>, %out: memref<1x10xf32>) {
    %zero = arith.constant 0.000000e+00 : f32
    %six = arith.constant 6.000000e+00 : f32
    %ninf = arith.constant -3.40282347E+38 : f32
    %pad = memref.alloc() {alignment = 64 : i64} : memref<1x10x10x4xf32>
    linalg.fill ins(%zero : f32) outs(%pad : memref<1x10x10x4xf32>)
    %pad_in = memref.subview %pad[0, 1, 1, 0] [1, 8, 8, 4] [1, 1, 1, 1] : memref<1x10x10x4xf32> to memref<1x8x8x4xf32, strided<[400, 40, 4, 1], offset: 44>>
    memref.copy %input, %pad_in : memref<1x8x8x4xf32> to memref<1x8x8x4xf32, strided<[400, 40, 4, 1], offset: 44>>
    %conv = memref.alloc() {alignment = 64 : i64} : memref<1x8x8x8xf32>
    linalg.fill ins(%zero : f32) outs(%conv : memref<1x8x8x8xf32>)
    linalg.conv_2d_nhwc_fhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%pad, %filter : memref<1x10x10x4xf32>, memref<8x3x3x4xf32>) outs(%conv : memref<1x8x8x8xf32>)
    linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%bias : memref<8xf32>) outs(%conv : memref<1x8x8x8xf32>) {
    ^bb0(%b: f32, %acc: f32):
      %s = arith.addf %acc, %b : f32
      %l = arith.maximumf %s, %zero : f32
      %r = arith.minimumf %l, %six : f32
      linalg.yield %r : f32
    }
    %pool = memref.alloc() {alignment = 64 : i64} : memref<1x4x4x8xf32>
    linalg.fill ins(%ninf : f32) outs(%pool : memref<1x4x4x8xf32>)
    %window = memref.alloc() : memref<2x2xf32>
    linalg.pooling_nhwc_max {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>} ins(%conv, %window : memref<1x8x8x8xf32>, memref<2x2xf32>) outs(%pool : memref<1x4x4x8xf32>)
    %flat = memref.collapse_shape %pool [[0], [1, 2, 3]] : memref<1x4x4x8xf32> into memref<1x128xf32>
    %logits = memref.alloc() {alignment = 64 : i64} : memref<1x10xf32>
    linalg.fill ins(%zero : f32) outs(%logits : memref<1x10xf32>)
    linalg.matmul ins(%flat, %fc : memref<1x128xf32>, memref<128x10xf32>) outs(%logits : memref<1x10xf32>)
    linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%fc_bias : memref<10xf32>) outs(%logits : memref<1x10xf32>) {
    ^bb0(%b: f32, %acc: f32):
      %s = arith.addf %acc, %b : f32
      linalg.yield %s : f32
    }
    memref.copy %logits, %out : memref<1x10xf32> to memref<1x10xf32>
    return
  }
}
