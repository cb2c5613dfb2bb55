// PolyBench 4.2 bicg, M = N = 4: s = A^T r, q = A p.
func.func @bicg(%A: memref<4x4xf32>, %s: memref<4xf32>, %q: memref<4xf32>, %p: memref<4xf32>, %r: memref<4xf32>) {
  %zero = arith.constant 0.0 : f32
  affine.for %i = 0 to 4 {
    affine.store %zero, %s[%i] : memref<4xf32>
  }
  affine.for %i = 0 to 4 {
    affine.store %zero, %q[%i] : memref<4xf32>
    affine.for %j = 0 to 4 {
      %sj = affine.load %s[%j] : memref<4xf32>
      %ri = affine.load %r[%i] : memref<4xf32>
      %a = affine.load %A[%i, %j] : memref<4x4xf32>
      %rs = arith.mulf %ri, %a : f32
      %s_sum = arith.addf %sj, %rs : f32
      affine.store %s_sum, %s[%j] : memref<4xf32>
      %qi = affine.load %q[%i] : memref<4xf32>
      %pj = affine.load %p[%j] : memref<4xf32>
      %ap = arith.mulf %a, %pj : f32
      %q_sum = arith.addf %qi, %ap : f32
      affine.store %q_sum, %q[%i] : memref<4xf32>
    }
  }
  return
}
