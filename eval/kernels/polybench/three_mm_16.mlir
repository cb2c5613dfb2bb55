// PolyBench 4.2 3mm, every dimension 16: E = A * B, F = C * D, G = E * F.
func.func @kernel_3mm(%E: memref<16x16xf32>, %A: memref<16x16xf32>, %B: memref<16x16xf32>, %F: memref<16x16xf32>, %C: memref<16x16xf32>, %D: memref<16x16xf32>, %G: memref<16x16xf32>) {
  %zero = arith.constant 0.0 : f32
  affine.for %i = 0 to 16 {
    affine.for %j = 0 to 16 {
      affine.store %zero, %E[%i, %j] : memref<16x16xf32>
      affine.for %k = 0 to 16 {
        %a = affine.load %A[%i, %k] : memref<16x16xf32>
        %b = affine.load %B[%k, %j] : memref<16x16xf32>
        %product = arith.mulf %a, %b : f32
        %acc = affine.load %E[%i, %j] : memref<16x16xf32>
        %sum = arith.addf %acc, %product : f32
        affine.store %sum, %E[%i, %j] : memref<16x16xf32>
      }
    }
  }
  affine.for %i = 0 to 16 {
    affine.for %j = 0 to 16 {
      affine.store %zero, %F[%i, %j] : memref<16x16xf32>
      affine.for %k = 0 to 16 {
        %c = affine.load %C[%i, %k] : memref<16x16xf32>
        %d = affine.load %D[%k, %j] : memref<16x16xf32>
        %product = arith.mulf %c, %d : f32
        %acc = affine.load %F[%i, %j] : memref<16x16xf32>
        %sum = arith.addf %acc, %product : f32
        affine.store %sum, %F[%i, %j] : memref<16x16xf32>
      }
    }
  }
  affine.for %i = 0 to 16 {
    affine.for %j = 0 to 16 {
      affine.store %zero, %G[%i, %j] : memref<16x16xf32>
      affine.for %k = 0 to 16 {
        %e = affine.load %E[%i, %k] : memref<16x16xf32>
        %f = affine.load %F[%k, %j] : memref<16x16xf32>
        %product = arith.mulf %e, %f : f32
        %acc = affine.load %G[%i, %j] : memref<16x16xf32>
        %sum = arith.addf %acc, %product : f32
        affine.store %sum, %G[%i, %j] : memref<16x16xf32>
      }
    }
  }
  return
}
