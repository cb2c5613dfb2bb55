// PolyBench 4.2 2mm, every dimension 8: D = alpha * A * B * C + beta * D.
func.func @kernel_2mm(%alpha: f32, %beta: f32, %tmp: memref<8x8xf32>, %A: memref<8x8xf32>, %B: memref<8x8xf32>, %C: memref<8x8xf32>, %D: memref<8x8xf32>) {
  %zero = arith.constant 0.0 : f32
  affine.for %i = 0 to 8 {
    affine.for %j = 0 to 8 {
      affine.store %zero, %tmp[%i, %j] : memref<8x8xf32>
      affine.for %k = 0 to 8 {
        %a = affine.load %A[%i, %k] : memref<8x8xf32>
        %alpha_a = arith.mulf %alpha, %a : f32
        %b = affine.load %B[%k, %j] : memref<8x8xf32>
        %product = arith.mulf %alpha_a, %b : f32
        %acc = affine.load %tmp[%i, %j] : memref<8x8xf32>
        %sum = arith.addf %acc, %product : f32
        affine.store %sum, %tmp[%i, %j] : memref<8x8xf32>
      }
    }
  }
  affine.for %i = 0 to 8 {
    affine.for %j = 0 to 8 {
      %d = affine.load %D[%i, %j] : memref<8x8xf32>
      %scaled = arith.mulf %d, %beta : f32
      affine.store %scaled, %D[%i, %j] : memref<8x8xf32>
      affine.for %k = 0 to 8 {
        %tv = affine.load %tmp[%i, %k] : memref<8x8xf32>
        %c = affine.load %C[%k, %j] : memref<8x8xf32>
        %product = arith.mulf %tv, %c : f32
        %acc = affine.load %D[%i, %j] : memref<8x8xf32>
        %sum = arith.addf %acc, %product : f32
        affine.store %sum, %D[%i, %j] : memref<8x8xf32>
      }
    }
  }
  return
}
