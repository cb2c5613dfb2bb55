// PolyBench 4.2 doitgen, NR = NQ = NP = 2: A[r][q][:] = A[r][q][:] * C4.
func.func @doitgen(%A: memref<2x2x2xf32>, %C4: memref<2x2xf32>, %sum: memref<2xf32>) {
  %zero = arith.constant 0.0 : f32
  affine.for %r = 0 to 2 {
    affine.for %q = 0 to 2 {
      affine.for %p = 0 to 2 {
        affine.store %zero, %sum[%p] : memref<2xf32>
        affine.for %s = 0 to 2 {
          %acc = affine.load %sum[%p] : memref<2xf32>
          %x = affine.load %A[%r, %q, %s] : memref<2x2x2xf32>
          %c = affine.load %C4[%s, %p] : memref<2x2xf32>
          %product = arith.mulf %x, %c : f32
          %next = arith.addf %acc, %product : f32
          affine.store %next, %sum[%p] : memref<2xf32>
        }
      }
      affine.for %p = 0 to 2 {
        %value = affine.load %sum[%p] : memref<2xf32>
        affine.store %value, %A[%r, %q, %p] : memref<2x2x2xf32>
      }
    }
  }
  return
}
