/**
 * Polygeist (cgeist) style PolyBench kernels, written by us in the shape cgeist prints C: arrays as
 * `memref<?xNxf64>` (the leading dimension of a C array parameter is unknown), the C `int n` sizes as
 * i32 arguments the body does not use (loop bounds are the constants of the C macros), scalars as
 * rank-0 `memref.alloca`, `llvm.mlir.undef` for an uninitialized local, triangular loops through
 * affine maps, `affine.if` for guarded statements, and `llvm.linkage` on the function.
 */
const HEADER = 'module attributes {dlti.dl_spec = #dlti.dl_spec<#dlti.dl_entry<i64, dense<64> : vector<2xi64>>>, llvm.target_triple = "x86_64-unknown-linux-gnu", "polygeist.target-cpu" = "x86-64"} {';
const LINKAGE = 'attributes {llvm.linkage = #llvm.linkage<external>}';

/** C[i][j] = beta*C[i][j] + alpha * sum_k A[i][k]*B[k][j]; NI x NJ x NK. */
export function polygeistGemm(ni: number, nj: number, nk: number): string {
  return `${HEADER}
  func.func @kernel_gemm(%arg0: i32, %arg1: i32, %arg2: i32, %arg3: f64, %arg4: f64, %arg5: memref<?x${nj}xf64>, %arg6: memref<?x${nk}xf64>, %arg7: memref<?x${nj}xf64>) ${LINKAGE} {
    affine.for %arg8 = 0 to ${ni} {
      affine.for %arg9 = 0 to ${nj} {
        %0 = affine.load %arg5[%arg8, %arg9] : memref<?x${nj}xf64>
        %1 = arith.mulf %0, %arg4 : f64
        affine.store %1, %arg5[%arg8, %arg9] : memref<?x${nj}xf64>
      }
      affine.for %arg9 = 0 to ${nk} {
        affine.for %arg10 = 0 to ${nj} {
          %0 = affine.load %arg6[%arg8, %arg9] : memref<?x${nk}xf64>
          %1 = arith.mulf %arg3, %0 : f64
          %2 = affine.load %arg7[%arg9, %arg10] : memref<?x${nj}xf64>
          %3 = arith.mulf %1, %2 : f64
          %4 = affine.load %arg5[%arg8, %arg10] : memref<?x${nj}xf64>
          %5 = arith.addf %4, %3 : f64
          affine.store %5, %arg5[%arg8, %arg10] : memref<?x${nj}xf64>
        }
      }
    }
    return
  }
}
`;
}

/** syrk on the lower triangle: the j loops run to i (inclusive) through an affine map. */
export function polygeistSyrk(n: number, m: number): string {
  return `#map = affine_map<(d0) -> (d0 + 1)>
${HEADER}
  func.func @kernel_syrk(%arg0: i32, %arg1: i32, %arg2: f64, %arg3: f64, %arg4: memref<?x${n}xf64>, %arg5: memref<?x${m}xf64>) ${LINKAGE} {
    affine.for %arg6 = 0 to ${n} {
      affine.for %arg7 = 0 to #map(%arg6) {
        %0 = affine.load %arg4[%arg6, %arg7] : memref<?x${n}xf64>
        %1 = arith.mulf %0, %arg3 : f64
        affine.store %1, %arg4[%arg6, %arg7] : memref<?x${n}xf64>
      }
      affine.for %arg7 = 0 to ${m} {
        affine.for %arg8 = 0 to #map(%arg6) {
          %0 = affine.load %arg5[%arg8, %arg7] : memref<?x${m}xf64>
          %1 = arith.mulf %arg2, %0 : f64
          %2 = affine.load %arg5[%arg6, %arg7] : memref<?x${m}xf64>
          %3 = arith.mulf %1, %2 : f64
          %4 = affine.load %arg4[%arg6, %arg8] : memref<?x${n}xf64>
          %5 = arith.addf %4, %3 : f64
          affine.store %5, %arg4[%arg6, %arg8] : memref<?x${n}xf64>
        }
      }
    }
    return
  }
}
`;
}

/** ScaleHLS-style syrk: rectangular loops with the triangle as an `affine.if` guard. */
export function polygeistSyrkGuarded(n: number, m: number): string {
  return `#set = affine_set<(d0, d1) : (d0 - d1 >= 0)>
${HEADER}
  func.func @kernel_syrk_if(%arg0: f64, %arg1: f64, %arg2: memref<?x${n}xf64>, %arg3: memref<?x${m}xf64>) ${LINKAGE} {
    affine.for %i = 0 to ${n} {
      affine.for %j = 0 to ${n} {
        affine.if #set(%i, %j) {
          %0 = affine.load %arg2[%i, %j] : memref<?x${n}xf64>
          %1 = arith.mulf %0, %arg1 : f64
          affine.store %1, %arg2[%i, %j] : memref<?x${n}xf64>
        }
      }
      affine.for %k = 0 to ${m} {
        affine.for %j = 0 to ${n} {
          affine.if #set(%i, %j) {
            %0 = affine.load %arg3[%j, %k] : memref<?x${m}xf64>
            %1 = arith.mulf %arg0, %0 : f64
            %2 = affine.load %arg3[%i, %k] : memref<?x${m}xf64>
            %3 = arith.mulf %1, %2 : f64
            %4 = affine.load %arg2[%i, %j] : memref<?x${n}xf64>
            %5 = arith.addf %4, %3 : f64
            affine.store %5, %arg2[%i, %j] : memref<?x${n}xf64>
          }
        }
      }
    }
    return
  }
}
`;
}

/** atax with the C scalar `tmp` as a rank-0 alloca inside the loop nest, and `y` cleared first. */
export function polygeistAtax(m: number, n: number): string {
  return `${HEADER}
  func.func @kernel_atax(%arg0: i32, %arg1: i32, %arg2: memref<?x${n}xf64>, %arg3: memref<?xf64>, %arg4: memref<?xf64>, %arg5: memref<?xf64>) ${LINKAGE} {
    %cst = arith.constant 0.000000e+00 : f64
    %alloca = memref.alloca() : memref<f64>
    %undef = llvm.mlir.undef : f64
    affine.store %undef, %alloca[] : memref<f64>
    affine.for %arg6 = 0 to ${n} {
      affine.store %cst, %arg4[%arg6] : memref<?xf64>
    }
    affine.for %arg6 = 0 to ${m} {
      affine.store %cst, %alloca[] : memref<f64>
      affine.for %arg7 = 0 to ${n} {
        %0 = affine.load %arg2[%arg6, %arg7] : memref<?x${n}xf64>
        %1 = affine.load %arg3[%arg7] : memref<?xf64>
        %2 = arith.mulf %0, %1 : f64
        %3 = affine.load %alloca[] : memref<f64>
        %4 = arith.addf %3, %2 : f64
        affine.store %4, %alloca[] : memref<f64>
      }
      %t = affine.load %alloca[] : memref<f64>
      affine.store %t, %arg5[%arg6] : memref<?xf64>
      affine.for %arg7 = 0 to ${n} {
        %0 = affine.load %arg4[%arg7] : memref<?xf64>
        %1 = affine.load %arg2[%arg6, %arg7] : memref<?x${n}xf64>
        %2 = affine.load %alloca[] : memref<f64>
        %3 = arith.mulf %1, %2 : f64
        %4 = arith.addf %0, %3 : f64
        affine.store %4, %arg4[%arg7] : memref<?xf64>
      }
    }
    return
  }
}
`;
}

/** 2-D Jacobi stencil with i32 loop counters cast to index, as cgeist prints a C `int` loop. */
export function polygeistJacobi(steps: number, n: number): string {
  return `${HEADER}
  func.func @kernel_jacobi_2d(%arg0: i32, %arg1: i32, %arg2: memref<?x${n}xf64>, %arg3: memref<?x${n}xf64>) ${LINKAGE} {
    %cst = arith.constant 2.000000e-01 : f64
    affine.for %t = 0 to ${steps} {
      affine.for %i = 1 to ${n - 1} {
        affine.for %j = 1 to ${n - 1} {
          %0 = affine.load %arg2[%i, %j] : memref<?x${n}xf64>
          %1 = affine.load %arg2[%i, %j - 1] : memref<?x${n}xf64>
          %2 = arith.addf %0, %1 : f64
          %3 = affine.load %arg2[%i, %j + 1] : memref<?x${n}xf64>
          %4 = arith.addf %2, %3 : f64
          %5 = affine.load %arg2[%i + 1, %j] : memref<?x${n}xf64>
          %6 = arith.addf %4, %5 : f64
          %7 = affine.load %arg2[%i - 1, %j] : memref<?x${n}xf64>
          %8 = arith.addf %6, %7 : f64
          %9 = arith.mulf %8, %cst : f64
          affine.store %9, %arg3[%i, %j] : memref<?x${n}xf64>
        }
      }
      affine.for %i = 1 to ${n - 1} {
        affine.for %j = 1 to ${n - 1} {
          %0 = affine.load %arg3[%i, %j] : memref<?x${n}xf64>
          %1 = affine.load %arg3[%i, %j - 1] : memref<?x${n}xf64>
          %2 = arith.addf %0, %1 : f64
          %3 = affine.load %arg3[%i, %j + 1] : memref<?x${n}xf64>
          %4 = arith.addf %2, %3 : f64
          %5 = affine.load %arg3[%i + 1, %j] : memref<?x${n}xf64>
          %6 = arith.addf %4, %5 : f64
          %7 = affine.load %arg3[%i - 1, %j] : memref<?x${n}xf64>
          %8 = arith.addf %6, %7 : f64
          %9 = arith.mulf %8, %cst : f64
          affine.store %9, %arg2[%i, %j] : memref<?x${n}xf64>
        }
      }
    }
    return
  }
}
`;
}

/** A kernel whose loop bound is the i32 size argument (index_cast): sizes cannot be inferred, --scalar and --shape are needed. */
export function polygeistDynamicBound(m: number): string {
  return `${HEADER}
  func.func @kernel_scale(%arg0: i32, %arg1: f64, %arg2: memref<?x${m}xf64>) ${LINKAGE} {
    %0 = arith.index_cast %arg0 : i32 to index
    affine.for %i = 0 to %0 {
      affine.for %j = 0 to ${m} {
        %1 = affine.load %arg2[%i, %j] : memref<?x${m}xf64>
        %2 = arith.mulf %1, %arg1 : f64
        affine.store %2, %arg2[%i, %j] : memref<?x${m}xf64>
      }
    }
    return
  }
}
`;
}
