// PolyBench 4.2 atax, M = N = 4: y = A^T (A x).
func.func @atax(%A: memref<4x4xf32>, %x: memref<4xf32>, %y: memref<4xf32>, %tmp: memref<4xf32>) {
  %zero = arith.constant 0.0 : f32
  affine.for %i = 0 to 4 {
    affine.store %zero, %y[%i] : memref<4xf32>
  }
  affine.for %i = 0 to 4 {
    affine.store %zero, %tmp[%i] : memref<4xf32>
    affine.for %j = 0 to 4 {
      %t = affine.load %tmp[%i] : memref<4xf32>
      %a = affine.load %A[%i, %j] : memref<4x4xf32>
      %xj = affine.load %x[%j] : memref<4xf32>
      %product = arith.mulf %a, %xj : f32
      %sum = arith.addf %t, %product : f32
      affine.store %sum, %tmp[%i] : memref<4xf32>
    }
    affine.for %j = 0 to 4 {
      %yj = affine.load %y[%j] : memref<4xf32>
      %a = affine.load %A[%i, %j] : memref<4x4xf32>
      %t = affine.load %tmp[%i] : memref<4xf32>
      %product = arith.mulf %a, %t : f32
      %sum = arith.addf %yj, %product : f32
      affine.store %sum, %y[%j] : memref<4xf32>
    }
  }
  return
}
