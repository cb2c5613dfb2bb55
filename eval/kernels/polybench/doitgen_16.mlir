// PolyBench 4.2 doitgen, NR = NQ = NP = 16: A[r][q][:] = A[r][q][:] * C4.
func.func @doitgen(%A: memref<16x16x16xf32>, %C4: memref<16x16xf32>, %sum: memref<16xf32>) {
  %zero = arith.constant 0.0 : f32
  affine.for %r = 0 to 16 {
    affine.for %q = 0 to 16 {
      affine.for %p = 0 to 16 {
        affine.store %zero, %sum[%p] : memref<16xf32>
        affine.for %s = 0 to 16 {
          %acc = affine.load %sum[%p] : memref<16xf32>
          %x = affine.load %A[%r, %q, %s] : memref<16x16x16xf32>
          %c = affine.load %C4[%s, %p] : memref<16x16xf32>
          %product = arith.mulf %x, %c : f32
          %next = arith.addf %acc, %product : f32
          affine.store %next, %sum[%p] : memref<16xf32>
        }
      }
      affine.for %p = 0 to 16 {
        %value = affine.load %sum[%p] : memref<16xf32>
        affine.store %value, %A[%r, %q, %p] : memref<16x16x16xf32>
      }
    }
  }
  return
}
