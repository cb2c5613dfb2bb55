// Unroll both inner loops of atax by 4: four multiply-adds per iteration for the datapath.
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %loops = transform.structured.match ops{["affine.for"]} in %root : (!transform.any_op) -> !transform.any_op
    // Post-order: the y initialisation loop, the two j loops, then the i loop that holds them.
    %init, %tmp_j, %y_j, %i = transform.split_handle %loops : (!transform.any_op) -> (!transform.any_op, !transform.any_op, !transform.any_op, !transform.any_op)
    transform.loop.unroll %tmp_j {factor = 4} : !transform.any_op
    transform.loop.unroll %y_j {factor = 4} : !transform.any_op
    transform.yield
  }
}
