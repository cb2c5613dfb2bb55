module attributes {dlti.dl_spec = #dlti.dl_spec<#dlti.dl_entry<i64, dense<64> : vector<2xi64>>>, llvm.target_triple = "x86_64-unknown-linux-gnu", "polygeist.target-cpu" = "x86-64"} {
  func.func @kernel_atax(%arg0: i32, %arg1: i32, %arg2: memref<?x24xf64>, %arg3: memref<?xf64>, %arg4: memref<?xf64>, %arg5: memref<?xf64>) attributes {llvm.linkage = #llvm.linkage<external>} {
    %cst = arith.constant 0.000000e+00 : f64
    %alloca = memref.alloca() : memref<f64>
    %undef = llvm.mlir.undef : f64
    affine.store %undef, %alloca[] : memref<f64>
    affine.for %arg6 = 0 to 24 {
      affine.store %cst, %arg4[%arg6] : memref<?xf64>
    }
    affine.for %arg6 = 0 to 20 {
      affine.store %cst, %alloca[] : memref<f64>
      affine.for %arg7 = 0 to 24 {
        %0 = affine.load %arg2[%arg6, %arg7] : memref<?x24xf64>
        %1 = affine.load %arg3[%arg7] : memref<?xf64>
        %2 = arith.mulf %0, %1 : f64
        %3 = affine.load %alloca[] : memref<f64>
        %4 = arith.addf %3, %2 : f64
        affine.store %4, %alloca[] : memref<f64>
      }
      %t = affine.load %alloca[] : memref<f64>
      affine.store %t, %arg5[%arg6] : memref<?xf64>
      affine.for %arg7 = 0 to 24 {
        %0 = affine.load %arg4[%arg7] : memref<?xf64>
        %1 = affine.load %arg2[%arg6, %arg7] : memref<?x24xf64>
        %2 = affine.load %alloca[] : memref<f64>
        %3 = arith.mulf %1, %2 : f64
        %4 = arith.addf %0, %3 : f64
        affine.store %4, %arg4[%arg7] : memref<?xf64>
      }
    }
    return
  }
}
