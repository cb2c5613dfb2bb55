module attributes {dlti.dl_spec = #dlti.dl_spec<#dlti.dl_entry<i64, dense<64> : vector<2xi64>>>, llvm.target_triple = "x86_64-unknown-linux-gnu", "polygeist.target-cpu" = "x86-64"} {
  func.func @kernel_scale(%arg0: i32, %arg1: f64, %arg2: memref<?x16xf64>) attributes {llvm.linkage = #llvm.linkage<external>} {
    %0 = arith.index_cast %arg0 : i32 to index
    affine.for %i = 0 to %0 {
      affine.for %j = 0 to 16 {
        %1 = affine.load %arg2[%i, %j] : memref<?x16xf64>
        %2 = arith.mulf %1, %arg1 : f64
        affine.store %2, %arg2[%i, %j] : memref<?x16xf64>
      }
    }
    return
  }
}
