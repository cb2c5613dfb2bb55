// eels_encoder: EELS encoder (Hollenbach et al. 2024), input 240 bins, 428160 MACs.
// Arguments: the spectrum %x, weights and biases of each layer, and the latent output %z.
func.func @eels_encoder(%x: memref<1x240x1xf32>, %w1: memref<7x1x16xf32>, %b1: memref<16xf32>, %w2: memref<7x16x32xf32>, %b2: memref<32xf32>, %w3: memref<3x32x32xf32>, %b3: memref<32xf32>, %w4: memref<3x32x64xf32>, %b4: memref<64xf32>, %wd: memref<960x16xf32>, %bd: memref<16xf32>, %z: memref<1x16xf32>) {
  %zero = arith.constant 0.0 : f32
  %alpha = arith.constant 0.3 : f32
  // layer 1: Conv1D 16 filters, kernel 7, stride 2, 'same' (left pad 2), LeakyReLU 0.3: 240x1 -> 120x16
  %pad1 = memref.alloc() : memref<1x245x1xf32>
  linalg.fill ins(%zero : f32) outs(%pad1 : memref<1x245x1xf32>)
  %window1 = memref.subview %pad1[0, 2, 0] [1, 240, 1] [1, 1, 1] : memref<1x245x1xf32> to memref<1x240x1xf32, strided<[245, 1, 1], offset: 2>>
  linalg.copy ins(%x : memref<1x240x1xf32>) outs(%window1 : memref<1x240x1xf32, strided<[245, 1, 1], offset: 2>>)
  %act1 = memref.alloc() : memref<1x120x16xf32>
  linalg.fill ins(%zero : f32) outs(%act1 : memref<1x120x16xf32>)
  linalg.conv_1d_nwc_wcf {dilations = dense<1> : tensor<1xi64>, strides = dense<2> : tensor<1xi64>} ins(%pad1, %w1 : memref<1x245x1xf32>, memref<7x1x16xf32>) outs(%act1 : memref<1x120x16xf32>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%b1 : memref<16xf32>) outs(%act1 : memref<1x120x16xf32>) {
  ^bb0(%b: f32, %acc: f32):
    %v = arith.addf %acc, %b : f32
    %negative = arith.mulf %v, %alpha : f32
    %is_positive = arith.cmpf ogt, %v, %zero : f32
    %r = arith.select %is_positive, %v, %negative : f32
    linalg.yield %r : f32
  }
  // layer 2: Conv1D 32 filters, kernel 7, stride 2, 'same' (left pad 2), LeakyReLU 0.3: 120x16 -> 60x32
  %pad2 = memref.alloc() : memref<1x125x16xf32>
  linalg.fill ins(%zero : f32) outs(%pad2 : memref<1x125x16xf32>)
  %window2 = memref.subview %pad2[0, 2, 0] [1, 120, 16] [1, 1, 1] : memref<1x125x16xf32> to memref<1x120x16xf32, strided<[2000, 16, 1], offset: 32>>
  linalg.copy ins(%act1 : memref<1x120x16xf32>) outs(%window2 : memref<1x120x16xf32, strided<[2000, 16, 1], offset: 32>>)
  %act2 = memref.alloc() : memref<1x60x32xf32>
  linalg.fill ins(%zero : f32) outs(%act2 : memref<1x60x32xf32>)
  linalg.conv_1d_nwc_wcf {dilations = dense<1> : tensor<1xi64>, strides = dense<2> : tensor<1xi64>} ins(%pad2, %w2 : memref<1x125x16xf32>, memref<7x16x32xf32>) outs(%act2 : memref<1x60x32xf32>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%b2 : memref<32xf32>) outs(%act2 : memref<1x60x32xf32>) {
  ^bb0(%b: f32, %acc: f32):
    %v = arith.addf %acc, %b : f32
    %negative = arith.mulf %v, %alpha : f32
    %is_positive = arith.cmpf ogt, %v, %zero : f32
    %r = arith.select %is_positive, %v, %negative : f32
    linalg.yield %r : f32
  }
  // layer 3: Conv1D 32 filters, kernel 3, stride 2, 'same' (left pad 0), LeakyReLU 0.3: 60x32 -> 30x32
  %pad3 = memref.alloc() : memref<1x61x32xf32>
  linalg.fill ins(%zero : f32) outs(%pad3 : memref<1x61x32xf32>)
  %window3 = memref.subview %pad3[0, 0, 0] [1, 60, 32] [1, 1, 1] : memref<1x61x32xf32> to memref<1x60x32xf32, strided<[1952, 32, 1], offset: 0>>
  linalg.copy ins(%act2 : memref<1x60x32xf32>) outs(%window3 : memref<1x60x32xf32, strided<[1952, 32, 1], offset: 0>>)
  %act3 = memref.alloc() : memref<1x30x32xf32>
  linalg.fill ins(%zero : f32) outs(%act3 : memref<1x30x32xf32>)
  linalg.conv_1d_nwc_wcf {dilations = dense<1> : tensor<1xi64>, strides = dense<2> : tensor<1xi64>} ins(%pad3, %w3 : memref<1x61x32xf32>, memref<3x32x32xf32>) outs(%act3 : memref<1x30x32xf32>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%b3 : memref<32xf32>) outs(%act3 : memref<1x30x32xf32>) {
  ^bb0(%b: f32, %acc: f32):
    %v = arith.addf %acc, %b : f32
    %negative = arith.mulf %v, %alpha : f32
    %is_positive = arith.cmpf ogt, %v, %zero : f32
    %r = arith.select %is_positive, %v, %negative : f32
    linalg.yield %r : f32
  }
  // layer 4: Conv1D 64 filters, kernel 3, stride 2, 'same' (left pad 0), LeakyReLU 0.3: 30x32 -> 15x64
  %pad4 = memref.alloc() : memref<1x31x32xf32>
  linalg.fill ins(%zero : f32) outs(%pad4 : memref<1x31x32xf32>)
  %window4 = memref.subview %pad4[0, 0, 0] [1, 30, 32] [1, 1, 1] : memref<1x31x32xf32> to memref<1x30x32xf32, strided<[992, 32, 1], offset: 0>>
  linalg.copy ins(%act3 : memref<1x30x32xf32>) outs(%window4 : memref<1x30x32xf32, strided<[992, 32, 1], offset: 0>>)
  %act4 = memref.alloc() : memref<1x15x64xf32>
  linalg.fill ins(%zero : f32) outs(%act4 : memref<1x15x64xf32>)
  linalg.conv_1d_nwc_wcf {dilations = dense<1> : tensor<1xi64>, strides = dense<2> : tensor<1xi64>} ins(%pad4, %w4 : memref<1x31x32xf32>, memref<3x32x64xf32>) outs(%act4 : memref<1x15x64xf32>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%b4 : memref<64xf32>) outs(%act4 : memref<1x15x64xf32>) {
  ^bb0(%b: f32, %acc: f32):
    %v = arith.addf %acc, %b : f32
    %negative = arith.mulf %v, %alpha : f32
    %is_positive = arith.cmpf ogt, %v, %zero : f32
    %r = arith.select %is_positive, %v, %negative : f32
    linalg.yield %r : f32
  }
  // Flatten 15x64 -> 960, then Dense 16 (linear): the latent vector
  %flat = memref.collapse_shape %act4 [[0], [1, 2]] : memref<1x15x64xf32> into memref<1x960xf32>
  linalg.fill ins(%zero : f32) outs(%z : memref<1x16xf32>)
  linalg.matmul ins(%flat, %wd : memref<1x960xf32>, memref<960x16xf32>) outs(%z : memref<1x16xf32>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%bd : memref<16xf32>) outs(%z : memref<1x16xf32>) {
  ^bb0(%b: f32, %acc: f32):
    %r = arith.addf %acc, %b : f32
    linalg.yield %r : f32
  }
  memref.dealloc %pad1 : memref<1x245x1xf32>
  memref.dealloc %act1 : memref<1x120x16xf32>
  memref.dealloc %pad2 : memref<1x125x16xf32>
  memref.dealloc %act2 : memref<1x60x32xf32>
  memref.dealloc %pad3 : memref<1x61x32xf32>
  memref.dealloc %act3 : memref<1x30x32xf32>
  memref.dealloc %pad4 : memref<1x31x32xf32>
  memref.dealloc %act4 : memref<1x15x64xf32>
  return
}
