// WRONG on purpose: fuses the beta-scaling loop over j into the k loop. Both run N times, but
// C[i][t] is then scaled by beta after the k < t contributions were already added to it.
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %func = transform.structured.match ops{["func.func"]} in %root : (!transform.any_op) -> !transform.any_op
    %scf_func = transform.apply_registered_pass "lower-affine" to %func : (!transform.any_op) -> !transform.any_op
    // Canonicalize so both loops use the same hoisted bound constants, which fuse_sibling requires.
    transform.apply_patterns to %scf_func { transform.apply_patterns.canonicalization } : !transform.any_op
    %loops = transform.structured.match ops{["scf.for"]} in %scf_func : (!transform.any_op) -> !transform.any_op
    %scale_j, %acc_j, %k, %i = transform.split_handle %loops : (!transform.any_op) -> (!transform.any_op, !transform.any_op, !transform.any_op, !transform.any_op)
    %fused = transform.loop.fuse_sibling %scale_j into %k : (!transform.any_op, !transform.any_op) -> !transform.any_op
    transform.yield
  }
}
