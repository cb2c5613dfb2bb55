#set = affine_set<(d0, d1) : (d0 - d1 >= 0)>
module attributes {dlti.dl_spec = #dlti.dl_spec<#dlti.dl_entry<i64, dense<64> : vector<2xi64>>>, llvm.target_triple = "x86_64-unknown-linux-gnu", "polygeist.target-cpu" = "x86-64"} {
  func.func @kernel_syrk_if(%arg0: f64, %arg1: f64, %arg2: memref<?x24xf64>, %arg3: memref<?x20xf64>) attributes {llvm.linkage = #llvm.linkage<external>} {
    affine.for %i = 0 to 24 {
      affine.for %j = 0 to 24 {
        affine.if #set(%i, %j) {
          %0 = affine.load %arg2[%i, %j] : memref<?x24xf64>
          %1 = arith.mulf %0, %arg1 : f64
          affine.store %1, %arg2[%i, %j] : memref<?x24xf64>
        }
      }
      affine.for %k = 0 to 20 {
        affine.for %j = 0 to 24 {
          affine.if #set(%i, %j) {
            %0 = affine.load %arg3[%j, %k] : memref<?x20xf64>
            %1 = arith.mulf %arg0, %0 : f64
            %2 = affine.load %arg3[%i, %k] : memref<?x20xf64>
            %3 = arith.mulf %1, %2 : f64
            %4 = affine.load %arg2[%i, %j] : memref<?x24xf64>
            %5 = arith.addf %4, %3 : f64
            affine.store %5, %arg2[%i, %j] : memref<?x24xf64>
          }
        }
      }
    }
    return
  }
}
