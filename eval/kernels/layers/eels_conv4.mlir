// eels_conv4: Conv1D 64 filters, kernel 3, stride 2 on 30x32 (padded to 31): 92160 MACs.
func.func @eels_conv4(%in: memref<1x31x32xf32>, %w: memref<3x32x64xf32>, %out: memref<1x15x64xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%out : memref<1x15x64xf32>)
  linalg.conv_1d_nwc_wcf {dilations = dense<1> : tensor<1xi64>, strides = dense<2> : tensor<1xi64>} ins(%in, %w : memref<1x31x32xf32>, memref<3x32x64xf32>) outs(%out : memref<1x15x64xf32>)
  return
}
