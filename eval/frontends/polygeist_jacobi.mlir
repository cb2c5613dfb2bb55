module attributes {dlti.dl_spec = #dlti.dl_spec<#dlti.dl_entry<i64, dense<64> : vector<2xi64>>>, llvm.target_triple = "x86_64-unknown-linux-gnu", "polygeist.target-cpu" = "x86-64"} {
  func.func @kernel_jacobi_2d(%arg0: i32, %arg1: i32, %arg2: memref<?x20xf64>, %arg3: memref<?x20xf64>) attributes {llvm.linkage = #llvm.linkage<external>} {
    %cst = arith.constant 2.000000e-01 : f64
    affine.for %t = 0 to 4 {
      affine.for %i = 1 to 19 {
        affine.for %j = 1 to 19 {
          %0 = affine.load %arg2[%i, %j] : memref<?x20xf64>
          %1 = affine.load %arg2[%i, %j - 1] : memref<?x20xf64>
          %2 = arith.addf %0, %1 : f64
          %3 = affine.load %arg2[%i, %j + 1] : memref<?x20xf64>
          %4 = arith.addf %2, %3 : f64
          %5 = affine.load %arg2[%i + 1, %j] : memref<?x20xf64>
          %6 = arith.addf %4, %5 : f64
          %7 = affine.load %arg2[%i - 1, %j] : memref<?x20xf64>
          %8 = arith.addf %6, %7 : f64
          %9 = arith.mulf %8, %cst : f64
          affine.store %9, %arg3[%i, %j] : memref<?x20xf64>
        }
      }
      affine.for %i = 1 to 19 {
        affine.for %j = 1 to 19 {
          %0 = affine.load %arg3[%i, %j] : memref<?x20xf64>
          %1 = affine.load %arg3[%i, %j - 1] : memref<?x20xf64>
          %2 = arith.addf %0, %1 : f64
          %3 = affine.load %arg3[%i, %j + 1] : memref<?x20xf64>
          %4 = arith.addf %2, %3 : f64
          %5 = affine.load %arg3[%i + 1, %j] : memref<?x20xf64>
          %6 = arith.addf %4, %5 : f64
          %7 = affine.load %arg3[%i - 1, %j] : memref<?x20xf64>
          %8 = arith.addf %6, %7 : f64
          %9 = arith.mulf %8, %cst : f64
          affine.store %9, %arg2[%i, %j] : memref<?x20xf64>
        }
      }
    }
    return
  }
}
