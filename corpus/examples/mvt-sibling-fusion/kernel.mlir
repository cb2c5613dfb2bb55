// PolyBench 4.2 mvt, N = 32: x1 += A y1, x2 += A^T y2.
func.func @mvt(%x1: memref<32xf32>, %x2: memref<32xf32>, %y1: memref<32xf32>, %y2: memref<32xf32>, %A: memref<32x32xf32>) {
  affine.for %i = 0 to 32 {
    affine.for %j = 0 to 32 {
      %acc = affine.load %x1[%i] : memref<32xf32>
      %a = affine.load %A[%i, %j] : memref<32x32xf32>
      %y = affine.load %y1[%j] : memref<32xf32>
      %product = arith.mulf %a, %y : f32
      %sum = arith.addf %acc, %product : f32
      affine.store %sum, %x1[%i] : memref<32xf32>
    }
  }
  affine.for %i = 0 to 32 {
    affine.for %j = 0 to 32 {
      %acc = affine.load %x2[%i] : memref<32xf32>
      %a = affine.load %A[%j, %i] : memref<32x32xf32>
      %y = affine.load %y2[%j] : memref<32xf32>
      %product = arith.mulf %a, %y : f32
      %sum = arith.addf %acc, %product : f32
      affine.store %sum, %x2[%i] : memref<32xf32>
    }
  }
  return
}
