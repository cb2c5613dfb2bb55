// PolyBench 4.2 gemm, N = 4: C = alpha * A * B + beta * C.
func.func @gemm(%alpha: f32, %beta: f32, %C: memref<4x4xf32>, %A: memref<4x4xf32>, %B: memref<4x4xf32>) {
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 4 {
      %c = affine.load %C[%i, %j] : memref<4x4xf32>
      %scaled = arith.mulf %c, %beta : f32
      affine.store %scaled, %C[%i, %j] : memref<4x4xf32>
    }
    affine.for %k = 0 to 4 {
      affine.for %j = 0 to 4 {
        %a = affine.load %A[%i, %k] : memref<4x4xf32>
        %alpha_a = arith.mulf %alpha, %a : f32
        %b = affine.load %B[%k, %j] : memref<4x4xf32>
        %product = arith.mulf %alpha_a, %b : f32
        %c = affine.load %C[%i, %j] : memref<4x4xf32>
        %sum = arith.addf %c, %product : f32
        affine.store %sum, %C[%i, %j] : memref<4x4xf32>
      }
    }
  }
  return
}
