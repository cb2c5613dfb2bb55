// Interchange (i, j, k) -> (i, k, j) so the innermost loop has no recurrence through C, then
// pipeline it: every iteration updates a different C[i][j], so II can reach 1.
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %mm = transform.structured.match ops{["linalg.matmul"]} in %root : (!transform.any_op) -> !transform.any_op
    %generic = transform.structured.generalize %mm : (!transform.any_op) -> !transform.any_op
    %swapped = transform.structured.interchange %generic iterator_interchange = [0, 2, 1] : (!transform.any_op) -> !transform.any_op
    %func = transform.structured.match ops{["func.func"]} in %root : (!transform.any_op) -> !transform.any_op
    %lowered = transform.apply_registered_pass "convert-linalg-to-affine-loops" to %func : (!transform.any_op) -> !transform.any_op
    %loops = transform.structured.match ops{["affine.for"]} in %lowered : (!transform.any_op) -> !transform.any_op
    %j, %k, %i = transform.split_handle %loops : (!transform.any_op) -> (!transform.any_op, !transform.any_op, !transform.any_op)
    transform.annotate %j "hls.pipeline" : !transform.any_op
    transform.yield
  }
}
