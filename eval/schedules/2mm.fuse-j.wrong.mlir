// WRONG on purpose: fusing the two i loops is legal, but then also fusing the two j loops makes
// D[i][j] read tmp[i][k] for k > j before that element of tmp has been computed.
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %func = transform.structured.match ops{["func.func"]} in %root : (!transform.any_op) -> !transform.any_op
    %scf_func = transform.apply_registered_pass "lower-affine" to %func : (!transform.any_op) -> !transform.any_op
    // Canonicalize so both loops use the same hoisted bound constants, which fuse_sibling requires.
    transform.apply_patterns to %scf_func { transform.apply_patterns.canonicalization } : !transform.any_op
    %loops = transform.structured.match ops{["scf.for"]} in %scf_func : (!transform.any_op) -> !transform.any_op
    %k1, %j1, %i1, %k2, %j2, %i2 = transform.split_handle %loops : (!transform.any_op) -> (!transform.any_op, !transform.any_op, !transform.any_op, !transform.any_op, !transform.any_op, !transform.any_op)
    %fused_i = transform.loop.fuse_sibling %i1 into %i2 : (!transform.any_op, !transform.any_op) -> !transform.any_op
    %inner = transform.structured.match ops{["scf.for"]} in %fused_i : (!transform.any_op) -> !transform.any_op
    %a, %b, %c, %d, %outer = transform.split_handle %inner : (!transform.any_op) -> (!transform.any_op, !transform.any_op, !transform.any_op, !transform.any_op, !transform.any_op)
    %fused_j = transform.loop.fuse_sibling %b into %d : (!transform.any_op, !transform.any_op) -> !transform.any_op
    transform.yield
  }
}
