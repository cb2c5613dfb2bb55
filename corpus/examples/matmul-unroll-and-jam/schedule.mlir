// Unroll the j loop by 4 and jam the copies into the k loop: four independent accumulations
// (C[i][j..j+3]) interleave in one k iteration, hiding the adder latency of each chain.
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %loops = transform.structured.match ops{["affine.for"]} in %root : (!transform.any_op) -> !transform.any_op
    %k, %j, %i = transform.split_handle %loops : (!transform.any_op) -> (!transform.any_op, !transform.any_op, !transform.any_op)
    transform.loop.unroll_and_jam %j {factor = 4} : !transform.any_op
    transform.yield
  }
}
