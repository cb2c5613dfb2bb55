// SODA's "full" optimization for the calibration kernels, as a Transform schedule:
// three passes of full unrolling of innermost loops, then scalar replacement (store-to-load
// forwarding and redundant-load elimination) and clean-up. SODA's buffer trick copies
// arguments into local buffers first; after full unrolling and scalar replacement those
// buffers hold only dead stores and are erased, so it is left out here.
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %func = transform.structured.match ops{["func.func"]} in %root : (!transform.any_op) -> !transform.any_op
    %u1 = transform.apply_registered_pass "affine-loop-unroll" with options = {"unroll-factor" = -1} to %func : (!transform.any_op) -> !transform.any_op
    %u2 = transform.apply_registered_pass "affine-loop-unroll" with options = {"unroll-factor" = -1} to %u1 : (!transform.any_op) -> !transform.any_op
    %u3 = transform.apply_registered_pass "affine-loop-unroll" with options = {"unroll-factor" = -1} to %u2 : (!transform.any_op) -> !transform.any_op
    %c = transform.apply_registered_pass "canonicalize" to %u3 : (!transform.any_op) -> !transform.any_op
    %s = transform.apply_registered_pass "affine-scalrep" to %c : (!transform.any_op) -> !transform.any_op
    %d = transform.apply_registered_pass "cse" to %s : (!transform.any_op) -> !transform.any_op
    transform.yield
  }
}
