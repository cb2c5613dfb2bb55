// WRONG on purpose: fuses the loop that zeroes y into the main i loop. y[i] is then zeroed at
// iteration i, wiping the contributions that iterations 0..i-1 already added to it.
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %func = transform.structured.match ops{["func.func"]} in %root : (!transform.any_op) -> !transform.any_op
    %scf_func = transform.apply_registered_pass "lower-affine" to %func : (!transform.any_op) -> !transform.any_op
    // Canonicalize so both loops use the same hoisted bound constants, which fuse_sibling requires.
    transform.apply_patterns to %scf_func { transform.apply_patterns.canonicalization } : !transform.any_op
    %loops = transform.structured.match ops{["scf.for"]} in %scf_func : (!transform.any_op) -> !transform.any_op
    %init, %tmp_j, %y_j, %i = transform.split_handle %loops : (!transform.any_op) -> (!transform.any_op, !transform.any_op, !transform.any_op, !transform.any_op)
    %fused = transform.loop.fuse_sibling %init into %i : (!transform.any_op, !transform.any_op) -> !transform.any_op
    transform.yield
  }
}
