// Unroll the innermost accumulation loop of gemm by 4 and mark it for pipelining:
// four independent C[i][j] updates per iteration share the loads of A[i][k].
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %loops = transform.structured.match ops{["affine.for"]} in %root : (!transform.any_op) -> !transform.any_op
    // Post-order: the beta loop over j, the accumulation loop over j, the k loop, the i loop.
    %scale_j, %acc_j, %k, %i = transform.split_handle %loops : (!transform.any_op) -> (!transform.any_op, !transform.any_op, !transform.any_op, !transform.any_op)
    transform.annotate %acc_j "hls.pipeline" : !transform.any_op
    transform.loop.unroll %acc_j {factor = 4} : !transform.any_op
    transform.yield
  }
}
