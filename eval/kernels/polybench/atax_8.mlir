// PolyBench 4.2 atax, M = N = 8: y = A^T (A x).
func.func @atax(%A: memref<8x8xf32>, %x: memref<8xf32>, %y: memref<8xf32>, %tmp: memref<8xf32>) {
  %zero = arith.constant 0.0 : f32
  affine.for %i = 0 to 8 {
    affine.store %zero, %y[%i] : memref<8xf32>
  }
  affine.for %i = 0 to 8 {
    affine.store %zero, %tmp[%i] : memref<8xf32>
    affine.for %j = 0 to 8 {
      %t = affine.load %tmp[%i] : memref<8xf32>
      %a = affine.load %A[%i, %j] : memref<8x8xf32>
      %xj = affine.load %x[%j] : memref<8xf32>
      %product = arith.mulf %a, %xj : f32
      %sum = arith.addf %t, %product : f32
      affine.store %sum, %tmp[%i] : memref<8xf32>
    }
    affine.for %j = 0 to 8 {
      %yj = affine.load %y[%j] : memref<8xf32>
      %a = affine.load %A[%i, %j] : memref<8x8xf32>
      %t = affine.load %tmp[%i] : memref<8xf32>
      %product = arith.mulf %a, %t : f32
      %sum = arith.addf %yj, %product : f32
      affine.store %sum, %y[%j] : memref<8xf32>
    }
  }
  return
}
