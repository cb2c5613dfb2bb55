// SODA's opt_full flow (soda-opt-pipeline-for-bambu) as a Transform schedule:
// the buffer trick (affine-data-copy-generate into local buffers: every argument is copied in before
// the computation and out after it, so the computation reads and writes buffers the HLS front end
// knows are distinct), three passes of full unrolling of innermost loops, then scalar replacement
// (store-to-load forwarding, redundant loads and dead stores) and clean-up.
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %func = transform.structured.match ops{["func.func"]} in %root : (!transform.any_op) -> !transform.any_op
    %b = transform.apply_registered_pass "affine-data-copy-generate" with options = {"generate-dma" = false, "fast-mem-space" = 0 : i64, "skip-non-unit-stride-loops" = true} to %func : (!transform.any_op) -> !transform.any_op
    %u1 = transform.apply_registered_pass "affine-loop-unroll" with options = {"unroll-factor" = -1} to %b : (!transform.any_op) -> !transform.any_op
    %u2 = transform.apply_registered_pass "affine-loop-unroll" with options = {"unroll-factor" = -1} to %u1 : (!transform.any_op) -> !transform.any_op
    %u3 = transform.apply_registered_pass "affine-loop-unroll" with options = {"unroll-factor" = -1} to %u2 : (!transform.any_op) -> !transform.any_op
    %c = transform.apply_registered_pass "canonicalize" to %u3 : (!transform.any_op) -> !transform.any_op
    %s = transform.apply_registered_pass "affine-scalrep" to %c : (!transform.any_op) -> !transform.any_op
    %d = transform.apply_registered_pass "cse" to %s : (!transform.any_op) -> !transform.any_op
    transform.yield
  }
}
