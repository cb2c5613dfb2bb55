module attributes {dlti.dl_spec = #dlti.dl_spec<#dlti.dl_entry<i64, dense<64> : vector<2xi64>>>, llvm.target_triple = "x86_64-unknown-linux-gnu", "polygeist.target-cpu" = "x86-64"} {
  func.func @kernel_gemm(%arg0: i32, %arg1: i32, %arg2: i32, %arg3: f64, %arg4: f64, %arg5: memref<?x24xf64>, %arg6: memref<?x28xf64>, %arg7: memref<?x24xf64>) attributes {llvm.linkage = #llvm.linkage<external>} {
    affine.for %arg8 = 0 to 20 {
      affine.for %arg9 = 0 to 24 {
        %0 = affine.load %arg5[%arg8, %arg9] : memref<?x24xf64>
        %1 = arith.mulf %0, %arg4 : f64
        affine.store %1, %arg5[%arg8, %arg9] : memref<?x24xf64>
      }
      affine.for %arg9 = 0 to 28 {
        affine.for %arg10 = 0 to 24 {
          %0 = affine.load %arg6[%arg8, %arg9] : memref<?x28xf64>
          %1 = arith.mulf %arg3, %0 : f64
          %2 = affine.load %arg7[%arg9, %arg10] : memref<?x24xf64>
          %3 = arith.mulf %1, %2 : f64
          %4 = affine.load %arg5[%arg8, %arg10] : memref<?x24xf64>
          %5 = arith.addf %4, %3 : f64
          affine.store %5, %arg5[%arg8, %arg10] : memref<?x24xf64>
        }
      }
    }
    return
  }
}
