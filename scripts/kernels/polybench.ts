/** PolyBench 4.2 kernels in the affine dialect, f32, every dimension N, PolyBench's loop order. */

const f32 = (shape: number[]) => `memref<${shape.join('x')}xf32>`;

/** `C = A * B` on linalg named ops: the smallest kernel the transform dialect's structured ops apply to. */
export function matmul(n: number): string {
  const t = f32([n, n]);
  return `// C = A * B, ${n}x${n}, on linalg named ops (the structured transform ops apply to it directly).
func.func @matmul(%A: ${t}, %B: ${t}, %C: ${t}) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%C : ${t})
  linalg.matmul ins(%A, %B : ${t}, ${t}) outs(%C : ${t})
  return
}
`;
}

export function gemm(n: number): string {
  const t = f32([n, n]);
  return `// PolyBench 4.2 gemm, N = ${n}: C = alpha * A * B + beta * C.
func.func @gemm(%alpha: f32, %beta: f32, %C: ${t}, %A: ${t}, %B: ${t}) {
  affine.for %i = 0 to ${n} {
    affine.for %j = 0 to ${n} {
      %c = affine.load %C[%i, %j] : ${t}
      %scaled = arith.mulf %c, %beta : f32
      affine.store %scaled, %C[%i, %j] : ${t}
    }
    affine.for %k = 0 to ${n} {
      affine.for %j = 0 to ${n} {
        %a = affine.load %A[%i, %k] : ${t}
        %alpha_a = arith.mulf %alpha, %a : f32
        %b = affine.load %B[%k, %j] : ${t}
        %product = arith.mulf %alpha_a, %b : f32
        %c = affine.load %C[%i, %j] : ${t}
        %sum = arith.addf %c, %product : f32
        affine.store %sum, %C[%i, %j] : ${t}
      }
    }
  }
  return
}
`;
}

export function atax(n: number): string {
  const m = f32([n, n]);
  const v = f32([n]);
  return `// PolyBench 4.2 atax, M = N = ${n}: y = A^T (A x).
func.func @atax(%A: ${m}, %x: ${v}, %y: ${v}, %tmp: ${v}) {
  %zero = arith.constant 0.0 : f32
  affine.for %i = 0 to ${n} {
    affine.store %zero, %y[%i] : ${v}
  }
  affine.for %i = 0 to ${n} {
    affine.store %zero, %tmp[%i] : ${v}
    affine.for %j = 0 to ${n} {
      %t = affine.load %tmp[%i] : ${v}
      %a = affine.load %A[%i, %j] : ${m}
      %xj = affine.load %x[%j] : ${v}
      %product = arith.mulf %a, %xj : f32
      %sum = arith.addf %t, %product : f32
      affine.store %sum, %tmp[%i] : ${v}
    }
    affine.for %j = 0 to ${n} {
      %yj = affine.load %y[%j] : ${v}
      %a = affine.load %A[%i, %j] : ${m}
      %t = affine.load %tmp[%i] : ${v}
      %product = arith.mulf %a, %t : f32
      %sum = arith.addf %yj, %product : f32
      affine.store %sum, %y[%j] : ${v}
    }
  }
  return
}
`;
}

export function twoMm(n: number): string {
  const t = f32([n, n]);
  return `// PolyBench 4.2 2mm, every dimension ${n}: D = alpha * A * B * C + beta * D.
func.func @kernel_2mm(%alpha: f32, %beta: f32, %tmp: ${t}, %A: ${t}, %B: ${t}, %C: ${t}, %D: ${t}) {
  %zero = arith.constant 0.0 : f32
  affine.for %i = 0 to ${n} {
    affine.for %j = 0 to ${n} {
      affine.store %zero, %tmp[%i, %j] : ${t}
      affine.for %k = 0 to ${n} {
        %a = affine.load %A[%i, %k] : ${t}
        %alpha_a = arith.mulf %alpha, %a : f32
        %b = affine.load %B[%k, %j] : ${t}
        %product = arith.mulf %alpha_a, %b : f32
        %acc = affine.load %tmp[%i, %j] : ${t}
        %sum = arith.addf %acc, %product : f32
        affine.store %sum, %tmp[%i, %j] : ${t}
      }
    }
  }
  affine.for %i = 0 to ${n} {
    affine.for %j = 0 to ${n} {
      %d = affine.load %D[%i, %j] : ${t}
      %scaled = arith.mulf %d, %beta : f32
      affine.store %scaled, %D[%i, %j] : ${t}
      affine.for %k = 0 to ${n} {
        %tv = affine.load %tmp[%i, %k] : ${t}
        %c = affine.load %C[%k, %j] : ${t}
        %product = arith.mulf %tv, %c : f32
        %acc = affine.load %D[%i, %j] : ${t}
        %sum = arith.addf %acc, %product : f32
        affine.store %sum, %D[%i, %j] : ${t}
      }
    }
  }
  return
}
`;
}

export function mvt(n: number): string {
  const m = f32([n, n]);
  const v = f32([n]);
  return `// PolyBench 4.2 mvt, N = ${n}: x1 += A y1, x2 += A^T y2.
func.func @mvt(%x1: ${v}, %x2: ${v}, %y1: ${v}, %y2: ${v}, %A: ${m}) {
  affine.for %i = 0 to ${n} {
    affine.for %j = 0 to ${n} {
      %acc = affine.load %x1[%i] : ${v}
      %a = affine.load %A[%i, %j] : ${m}
      %y = affine.load %y1[%j] : ${v}
      %product = arith.mulf %a, %y : f32
      %sum = arith.addf %acc, %product : f32
      affine.store %sum, %x1[%i] : ${v}
    }
  }
  affine.for %i = 0 to ${n} {
    affine.for %j = 0 to ${n} {
      %acc = affine.load %x2[%i] : ${v}
      %a = affine.load %A[%j, %i] : ${m}
      %y = affine.load %y2[%j] : ${v}
      %product = arith.mulf %a, %y : f32
      %sum = arith.addf %acc, %product : f32
      affine.store %sum, %x2[%i] : ${v}
    }
  }
  return
}
`;
}

export function bicg(n: number): string {
  const m = f32([n, n]);
  const v = f32([n]);
  return `// PolyBench 4.2 bicg, M = N = ${n}: s = A^T r, q = A p.
func.func @bicg(%A: ${m}, %s: ${v}, %q: ${v}, %p: ${v}, %r: ${v}) {
  %zero = arith.constant 0.0 : f32
  affine.for %i = 0 to ${n} {
    affine.store %zero, %s[%i] : ${v}
  }
  affine.for %i = 0 to ${n} {
    affine.store %zero, %q[%i] : ${v}
    affine.for %j = 0 to ${n} {
      %sj = affine.load %s[%j] : ${v}
      %ri = affine.load %r[%i] : ${v}
      %a = affine.load %A[%i, %j] : ${m}
      %rs = arith.mulf %ri, %a : f32
      %s_sum = arith.addf %sj, %rs : f32
      affine.store %s_sum, %s[%j] : ${v}
      %qi = affine.load %q[%i] : ${v}
      %pj = affine.load %p[%j] : ${v}
      %ap = arith.mulf %a, %pj : f32
      %q_sum = arith.addf %qi, %ap : f32
      affine.store %q_sum, %q[%i] : ${v}
    }
  }
  return
}
`;
}

export function gesummv(n: number): string {
  const m = f32([n, n]);
  const v = f32([n]);
  return `// PolyBench 4.2 gesummv, N = ${n}: y = alpha * A x + beta * B x.
func.func @gesummv(%alpha: f32, %beta: f32, %A: ${m}, %B: ${m}, %tmp: ${v}, %x: ${v}, %y: ${v}) {
  %zero = arith.constant 0.0 : f32
  affine.for %i = 0 to ${n} {
    affine.store %zero, %tmp[%i] : ${v}
    affine.store %zero, %y[%i] : ${v}
    affine.for %j = 0 to ${n} {
      %a = affine.load %A[%i, %j] : ${m}
      %xj = affine.load %x[%j] : ${v}
      %ax = arith.mulf %a, %xj : f32
      %t = affine.load %tmp[%i] : ${v}
      %t_sum = arith.addf %ax, %t : f32
      affine.store %t_sum, %tmp[%i] : ${v}
      %b = affine.load %B[%i, %j] : ${m}
      %xj2 = affine.load %x[%j] : ${v}
      %bx = arith.mulf %b, %xj2 : f32
      %yi = affine.load %y[%i] : ${v}
      %y_sum = arith.addf %bx, %yi : f32
      affine.store %y_sum, %y[%i] : ${v}
    }
    %t = affine.load %tmp[%i] : ${v}
    %at = arith.mulf %alpha, %t : f32
    %yi = affine.load %y[%i] : ${v}
    %by = arith.mulf %beta, %yi : f32
    %sum = arith.addf %at, %by : f32
    affine.store %sum, %y[%i] : ${v}
  }
  return
}
`;
}

/** Triangular: the inner loops run j = 0 .. i (PolyBench's lower triangle of C). */
export function syrk(n: number): string {
  const t = f32([n, n]);
  return `// PolyBench 4.2 syrk, M = N = ${n}: C = alpha * A * A^T + beta * C on the lower triangle.
#upper = affine_map<(i) -> (i + 1)>
func.func @syrk(%alpha: f32, %beta: f32, %C: ${t}, %A: ${t}) {
  affine.for %i = 0 to ${n} {
    affine.for %j = 0 to #upper(%i) {
      %c = affine.load %C[%i, %j] : ${t}
      %scaled = arith.mulf %c, %beta : f32
      affine.store %scaled, %C[%i, %j] : ${t}
    }
    affine.for %k = 0 to ${n} {
      affine.for %j = 0 to #upper(%i) {
        %aik = affine.load %A[%i, %k] : ${t}
        %alpha_a = arith.mulf %alpha, %aik : f32
        %ajk = affine.load %A[%j, %k] : ${t}
        %product = arith.mulf %alpha_a, %ajk : f32
        %c = affine.load %C[%i, %j] : ${t}
        %sum = arith.addf %c, %product : f32
        affine.store %sum, %C[%i, %j] : ${t}
      }
    }
  }
  return
}
`;
}

export function doitgen(n: number): string {
  const a = f32([n, n, n]);
  const m = f32([n, n]);
  const v = f32([n]);
  return `// PolyBench 4.2 doitgen, NR = NQ = NP = ${n}: A[r][q][:] = A[r][q][:] * C4.
func.func @doitgen(%A: ${a}, %C4: ${m}, %sum: ${v}) {
  %zero = arith.constant 0.0 : f32
  affine.for %r = 0 to ${n} {
    affine.for %q = 0 to ${n} {
      affine.for %p = 0 to ${n} {
        affine.store %zero, %sum[%p] : ${v}
        affine.for %s = 0 to ${n} {
          %acc = affine.load %sum[%p] : ${v}
          %x = affine.load %A[%r, %q, %s] : ${a}
          %c = affine.load %C4[%s, %p] : ${m}
          %product = arith.mulf %x, %c : f32
          %next = arith.addf %acc, %product : f32
          affine.store %next, %sum[%p] : ${v}
        }
      }
      affine.for %p = 0 to ${n} {
        %value = affine.load %sum[%p] : ${v}
        affine.store %value, %A[%r, %q, %p] : ${a}
      }
    }
  }
  return
}
`;
}

/** The seven kernels of the SODA PolyBench study whose Bambu results are published (../shared/data/soda-polybench.json). */
export const SODA_POLYBENCH: Record<string, (n: number) => string> = {
  gemm, atax, bicg, gesummv, syrk, doitgen, two_mm: twoMm,
};
