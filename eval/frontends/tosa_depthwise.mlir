module {
  func.func @main_graph(%input: memref<1x8x8x8xf32>, %dw: memref<3x3x8xf32>, %dw_bias: memref<8xf32>, %pw: memref<1x1x8x16xf32>, %pw_bias: memref<16xf32>, %out: memref<1x8x8x16xf32>) {
    %zero = arith.constant 0.000000e+00 : f32
    %six = arith.constant 6.000000e+00 : f32
    %pad = memref.alloc() {alignment = 64 : i64} : memref<1x10x10x8xf32>
    linalg.fill ins(%zero : f32) outs(%pad : memref<1x10x10x8xf32>)
    %pad_in = memref.subview %pad[0, 1, 1, 0] [1, 8, 8, 8] [1, 1, 1, 1] : memref<1x10x10x8xf32> to memref<1x8x8x8xf32, strided<[800, 80, 8, 1], offset: 88>>
    memref.copy %input, %pad_in : memref<1x8x8x8xf32> to memref<1x8x8x8xf32, strided<[800, 80, 8, 1], offset: 88>>
    %mid = memref.alloc() {alignment = 64 : i64} : memref<1x8x8x8xf32>
    linalg.fill ins(%zero : f32) outs(%mid : memref<1x8x8x8xf32>)
    linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%pad, %dw : memref<1x10x10x8xf32>, memref<3x3x8xf32>) outs(%mid : memref<1x8x8x8xf32>)
    linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%dw_bias : memref<8xf32>) outs(%mid : memref<1x8x8x8xf32>) {
    ^bb0(%b: f32, %acc: f32):
      %s = arith.addf %acc, %b : f32
      %l = arith.maximumf %s, %zero : f32
      %r = arith.minimumf %l, %six : f32
      linalg.yield %r : f32
    }
    linalg.fill ins(%zero : f32) outs(%out : memref<1x8x8x16xf32>)
    linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%mid, %pw : memref<1x8x8x8xf32>, memref<1x1x8x16xf32>) outs(%out : memref<1x8x8x16xf32>)
    linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%pw_bias : memref<16xf32>) outs(%out : memref<1x8x8x16xf32>) {
    ^bb0(%b: f32, %acc: f32):
      %s = arith.addf %acc, %b : f32
      %l = arith.maximumf %s, %zero : f32
      %r = arith.minimumf %l, %six : f32
      linalg.yield %r : f32
    }
    return
  }
}
