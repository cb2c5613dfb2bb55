// eels_encoder_reduced: EELS encoder (Hollenbach et al. 2024), input 64 bins, 9984 MACs.
// Arguments: the spectrum %x, weights and biases of each layer, and the latent output %z.
func.func @eels_encoder_reduced(%x: memref<1x64x1xf32>, %w1: memref<7x1x8xf32>, %b1: memref<8xf32>, %w2: memref<3x8x16xf32>, %b2: memref<16xf32>, %wd: memref<256x8xf32>, %bd: memref<8xf32>, %z: memref<1x8xf32>) {
  %zero = arith.constant 0.0 : f32
  %alpha = arith.constant 0.3 : f32
  // layer 1: Conv1D 8 filters, kernel 7, stride 2, 'same' (left pad 2), LeakyReLU 0.3: 64x1 -> 32x8
  %pad1 = memref.alloc() : memref<1x69x1xf32>
  linalg.fill ins(%zero : f32) outs(%pad1 : memref<1x69x1xf32>)
  %window1 = memref.subview %pad1[0, 2, 0] [1, 64, 1] [1, 1, 1] : memref<1x69x1xf32> to memref<1x64x1xf32, strided<[69, 1, 1], offset: 2>>
  linalg.copy ins(%x : memref<1x64x1xf32>) outs(%window1 : memref<1x64x1xf32, strided<[69, 1, 1], offset: 2>>)
  %act1 = memref.alloc() : memref<1x32x8xf32>
  linalg.fill ins(%zero : f32) outs(%act1 : memref<1x32x8xf32>)
  linalg.conv_1d_nwc_wcf {dilations = dense<1> : tensor<1xi64>, strides = dense<2> : tensor<1xi64>} ins(%pad1, %w1 : memref<1x69x1xf32>, memref<7x1x8xf32>) outs(%act1 : memref<1x32x8xf32>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%b1 : memref<8xf32>) outs(%act1 : memref<1x32x8xf32>) {
  ^bb0(%b: f32, %acc: f32):
    %v = arith.addf %acc, %b : f32
    %negative = arith.mulf %v, %alpha : f32
    %is_positive = arith.cmpf ogt, %v, %zero : f32
    %r = arith.select %is_positive, %v, %negative : f32
    linalg.yield %r : f32
  }
  // layer 2: Conv1D 16 filters, kernel 3, stride 2, 'same' (left pad 0), LeakyReLU 0.3: 32x8 -> 16x16
  %pad2 = memref.alloc() : memref<1x33x8xf32>
  linalg.fill ins(%zero : f32) outs(%pad2 : memref<1x33x8xf32>)
  %window2 = memref.subview %pad2[0, 0, 0] [1, 32, 8] [1, 1, 1] : memref<1x33x8xf32> to memref<1x32x8xf32, strided<[264, 8, 1], offset: 0>>
  linalg.copy ins(%act1 : memref<1x32x8xf32>) outs(%window2 : memref<1x32x8xf32, strided<[264, 8, 1], offset: 0>>)
  %act2 = memref.alloc() : memref<1x16x16xf32>
  linalg.fill ins(%zero : f32) outs(%act2 : memref<1x16x16xf32>)
  linalg.conv_1d_nwc_wcf {dilations = dense<1> : tensor<1xi64>, strides = dense<2> : tensor<1xi64>} ins(%pad2, %w2 : memref<1x33x8xf32>, memref<3x8x16xf32>) outs(%act2 : memref<1x16x16xf32>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%b2 : memref<16xf32>) outs(%act2 : memref<1x16x16xf32>) {
  ^bb0(%b: f32, %acc: f32):
    %v = arith.addf %acc, %b : f32
    %negative = arith.mulf %v, %alpha : f32
    %is_positive = arith.cmpf ogt, %v, %zero : f32
    %r = arith.select %is_positive, %v, %negative : f32
    linalg.yield %r : f32
  }
  // Flatten 16x16 -> 256, then Dense 8 (linear): the latent vector
  %flat = memref.collapse_shape %act2 [[0], [1, 2]] : memref<1x16x16xf32> into memref<1x256xf32>
  linalg.fill ins(%zero : f32) outs(%z : memref<1x8xf32>)
  linalg.matmul ins(%flat, %wd : memref<1x256xf32>, memref<256x8xf32>) outs(%z : memref<1x8xf32>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%bd : memref<8xf32>) outs(%z : memref<1x8xf32>) {
  ^bb0(%b: f32, %acc: f32):
    %r = arith.addf %acc, %b : f32
    linalg.yield %r : f32
  }
  memref.dealloc %pad1 : memref<1x69x1xf32>
  memref.dealloc %act1 : memref<1x32x8xf32>
  memref.dealloc %pad2 : memref<1x33x8xf32>
  memref.dealloc %act2 : memref<1x16x16xf32>
  return
}
