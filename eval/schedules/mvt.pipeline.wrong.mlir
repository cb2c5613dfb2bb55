// WRONG on purpose: software-pipelines the x1 accumulation loop, which loads x1[i] for the next
// iteration before this iteration stores it: a read-after-write hazard through memory.
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %f = transform.structured.match ops{["func.func"]} in %root : (!transform.any_op) -> !transform.any_op
    %f2 = transform.apply_registered_pass "lower-affine" to %f : (!transform.any_op) -> !transform.any_op
    transform.apply_patterns to %f2 { transform.apply_patterns.canonicalization } : !transform.any_op
    %loops = transform.structured.match ops{["scf.for"]} in %f2 : (!transform.any_op) -> !transform.any_op
    %j1, %i1, %j2, %i2 = transform.split_handle %loops : (!transform.any_op) -> (!transform.any_op, !transform.any_op, !transform.any_op, !transform.any_op)
    %j1c = transform.cast %j1 : !transform.any_op to !transform.op<"scf.for">
    %p = transform.loop.pipeline %j1c {iteration_interval = 1 : i64, read_latency = 5 : i64, scheduling_type = "full-loops"} : (!transform.op<"scf.for">) -> !transform.any_op
    transform.yield
  }
}
