// WRONG on purpose: after interchanging matmul to (i, k, j), fuses the zero-fill loop over j into the k loop.
// The fill then zeroes C[i][j] for j > k after earlier k steps accumulated into it.
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %mm = transform.structured.match ops{["linalg.matmul"]} in %root : (!transform.any_op) -> !transform.any_op
    %g = transform.structured.generalize %mm : (!transform.any_op) -> !transform.any_op
    %gi = transform.structured.interchange %g iterator_interchange = [0, 2, 1] : (!transform.any_op) -> !transform.any_op
    %l = transform.structured.convert_to_loops %gi : (!transform.any_op) -> !transform.any_op
    %li, %lk, %lj = transform.split_handle %l : (!transform.any_op) -> (!transform.any_op, !transform.any_op, !transform.any_op)
    %f = transform.structured.match ops{["linalg.fill"]} in %root : (!transform.any_op) -> !transform.any_op
    %fl = transform.structured.convert_to_loops %f : (!transform.any_op) -> !transform.any_op
    %fi, %fj = transform.split_handle %fl : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    %fn = transform.structured.match ops{["func.func"]} in %root : (!transform.any_op) -> !transform.any_op
    transform.apply_patterns to %fn { transform.apply_patterns.canonicalization } : !transform.any_op
    %fused_i = transform.loop.fuse_sibling %fi into %li : (!transform.any_op, !transform.any_op) -> !transform.any_op
    %inner = transform.structured.match ops{["scf.for"]} in %fused_i : (!transform.any_op) -> !transform.any_op
    %fill_j, %mm_j, %mm_k, %outer = transform.split_handle %inner : (!transform.any_op) -> (!transform.any_op, !transform.any_op, !transform.any_op, !transform.any_op)
    %fused = transform.loop.fuse_sibling %fill_j into %mm_k : (!transform.any_op, !transform.any_op) -> !transform.any_op
    transform.yield
  }
}
