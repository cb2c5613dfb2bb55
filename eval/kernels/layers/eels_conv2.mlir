// eels_conv2: Conv1D 32 filters, kernel 7, stride 2 on 120x16 (padded to 125): 215040 MACs.
func.func @eels_conv2(%in: memref<1x125x16xf32>, %w: memref<7x16x32xf32>, %out: memref<1x60x32xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%out : memref<1x60x32xf32>)
  linalg.conv_1d_nwc_wcf {dilations = dense<1> : tensor<1xi64>, strides = dense<2> : tensor<1xi64>} ins(%in, %w : memref<1x125x16xf32>, memref<7x16x32xf32>) outs(%out : memref<1x60x32xf32>)
  return
}
