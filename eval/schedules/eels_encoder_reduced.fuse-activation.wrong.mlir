// WRONG on purpose: lowers layer 1's convolution and its bias + LeakyReLU to loops and fuses them,
// activation first: the LeakyReLU then runs on the zero-initialised output before the convolution
// accumulates into it. The loops have the same bounds, so nothing in the interpreter objects.
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %all_convs = transform.structured.match ops{["linalg.conv_1d_nwc_wcf"]} in %root : (!transform.any_op) -> !transform.any_op
    %conv1, %conv_2 = transform.split_handle %all_convs : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    %all_generics = transform.structured.match ops{["linalg.generic"]} in %root : (!transform.any_op) -> !transform.any_op
    %act1, %gen_2, %gen_3 = transform.split_handle %all_generics : (!transform.any_op) -> (!transform.any_op, !transform.any_op, !transform.any_op)
    %conv_loops = transform.structured.convert_to_loops %conv1 : (!transform.any_op) -> !transform.any_op
    %act_loops = transform.structured.convert_to_loops %act1 : (!transform.any_op) -> !transform.any_op
    // The canonicalize pass (not the pattern set, whose tracking would fail on the erased trip-1 loops)
    // hoists the bound constants fuse_sibling needs; it invalidates nested handles, so re-match after it.
    %func = transform.structured.match ops{["func.func"]} in %root : (!transform.any_op) -> !transform.any_op
    %canonical = transform.apply_registered_pass "canonicalize" to %func : (!transform.any_op) -> !transform.any_op
    %loops = transform.structured.match ops{["scf.for"]} in %canonical : (!transform.any_op) -> !transform.any_op
    // Post-order after the trip-1 loops are gone: conv k, conv f, conv w, activation f, activation w.
    %conv_k, %conv_f, %conv_w, %act_f, %act_w = transform.split_handle %loops : (!transform.any_op) -> (!transform.any_op, !transform.any_op, !transform.any_op, !transform.any_op, !transform.any_op)
    %fused = transform.loop.fuse_sibling %act_w into %conv_w : (!transform.any_op, !transform.any_op) -> !transform.any_op
    transform.yield
  }
}
