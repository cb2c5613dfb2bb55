// Fuse the producer loop into its consumer (affine-loop-fusion checks dependences), then forward
// the stored value to the load (affine-scalrep): the temporary buffer's traffic disappears.
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %func = transform.structured.match ops{["func.func"]} in %root : (!transform.any_op) -> !transform.any_op
    %fused = transform.apply_registered_pass "affine-loop-fusion" with options = {"mode" = "greedy"} to %func : (!transform.any_op) -> !transform.any_op
    %forwarded = transform.apply_registered_pass "affine-scalrep" to %fused : (!transform.any_op) -> !transform.any_op
    transform.yield
  }
}
