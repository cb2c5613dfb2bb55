// The batch matmul of SODA's TensorFlow tutorial (pnnl/soda-opt docs/tutorials/tensorflow), written here in
// affine form: C[0,i,j] += A[0,i,k] * B[0,k,j], A 1x4x8, B 1x8x4, C 1x4x4, f32. Its published nangate45 run
// (5 ns, OpenROAD after Bambu) is the ASIC area and power anchor (../shared/data/soda-polybench.json,
// asic_area_example): 1286 cycles, 31,013 um^2, 0.0986 W as given; 56 cycles, 285,856 um^2, 0.114 W optimized.
func.func @main_kernel(%A: memref<1x4x8xf32>, %B: memref<1x8x4xf32>, %C: memref<1x4x4xf32>) {
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 4 {
      affine.for %k = 0 to 8 {
        %a = affine.load %A[0, %i, %k] : memref<1x4x8xf32>
        %b = affine.load %B[0, %k, %j] : memref<1x8x4xf32>
        %c = affine.load %C[0, %i, %j] : memref<1x4x4xf32>
        %p = arith.mulf %a, %b : f32
        %s = arith.addf %c, %p : f32
        affine.store %s, %C[0, %i, %j] : memref<1x4x4xf32>
      }
    }
  }
  return
}
