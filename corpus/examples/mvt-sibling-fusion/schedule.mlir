// Fuse the two nests of mvt into one: they are independent (x1 and x2 are separate outputs), and
// fused they share the walk over A, halving the loop overhead.
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %func = transform.structured.match ops{["func.func"]} in %root : (!transform.any_op) -> !transform.any_op
    %scf_func = transform.apply_registered_pass "lower-affine" to %func : (!transform.any_op) -> !transform.any_op
    // Canonicalize so both loops use the same hoisted bound constants, which fuse_sibling requires.
    transform.apply_patterns to %scf_func { transform.apply_patterns.canonicalization } : !transform.any_op
    %loops = transform.structured.match ops{["scf.for"]} in %scf_func : (!transform.any_op) -> !transform.any_op
    %j1, %i1, %j2, %i2 = transform.split_handle %loops : (!transform.any_op) -> (!transform.any_op, !transform.any_op, !transform.any_op, !transform.any_op)
    %fused = transform.loop.fuse_sibling %i1 into %i2 : (!transform.any_op, !transform.any_op) -> !transform.any_op
    transform.yield
  }
}
