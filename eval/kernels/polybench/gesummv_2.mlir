// PolyBench 4.2 gesummv, N = 2: y = alpha * A x + beta * B x.
func.func @gesummv(%alpha: f32, %beta: f32, %A: memref<2x2xf32>, %B: memref<2x2xf32>, %tmp: memref<2xf32>, %x: memref<2xf32>, %y: memref<2xf32>) {
  %zero = arith.constant 0.0 : f32
  affine.for %i = 0 to 2 {
    affine.store %zero, %tmp[%i] : memref<2xf32>
    affine.store %zero, %y[%i] : memref<2xf32>
    affine.for %j = 0 to 2 {
      %a = affine.load %A[%i, %j] : memref<2x2xf32>
      %xj = affine.load %x[%j] : memref<2xf32>
      %ax = arith.mulf %a, %xj : f32
      %t = affine.load %tmp[%i] : memref<2xf32>
      %t_sum = arith.addf %ax, %t : f32
      affine.store %t_sum, %tmp[%i] : memref<2xf32>
      %b = affine.load %B[%i, %j] : memref<2x2xf32>
      %xj2 = affine.load %x[%j] : memref<2xf32>
      %bx = arith.mulf %b, %xj2 : f32
      %yi = affine.load %y[%i] : memref<2xf32>
      %y_sum = arith.addf %bx, %yi : f32
      affine.store %y_sum, %y[%i] : memref<2xf32>
    }
    %t = affine.load %tmp[%i] : memref<2xf32>
    %at = arith.mulf %alpha, %t : f32
    %yi = affine.load %y[%i] : memref<2xf32>
    %by = arith.mulf %beta, %yi : f32
    %sum = arith.addf %at, %by : f32
    affine.store %sum, %y[%i] : memref<2xf32>
  }
  return
}
