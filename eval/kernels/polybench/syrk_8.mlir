// PolyBench 4.2 syrk, M = N = 8: C = alpha * A * A^T + beta * C on the lower triangle.
#upper = affine_map<(i) -> (i + 1)>
func.func @syrk(%alpha: f32, %beta: f32, %C: memref<8x8xf32>, %A: memref<8x8xf32>) {
  affine.for %i = 0 to 8 {
    affine.for %j = 0 to #upper(%i) {
      %c = affine.load %C[%i, %j] : memref<8x8xf32>
      %scaled = arith.mulf %c, %beta : f32
      affine.store %scaled, %C[%i, %j] : memref<8x8xf32>
    }
    affine.for %k = 0 to 8 {
      affine.for %j = 0 to #upper(%i) {
        %aik = affine.load %A[%i, %k] : memref<8x8xf32>
        %alpha_a = arith.mulf %alpha, %aik : f32
        %ajk = affine.load %A[%j, %k] : memref<8x8xf32>
        %product = arith.mulf %alpha_a, %ajk : f32
        %c = affine.load %C[%i, %j] : memref<8x8xf32>
        %sum = arith.addf %c, %product : f32
        affine.store %sum, %C[%i, %j] : memref<8x8xf32>
      }
    }
  }
  return
}
