// Tile every Conv1D layer over (batch, output position, filter) into 1x4x8 blocks, then lower all of
// linalg to affine loops, the form SODA hands to Bambu: each block of outputs fits a small local buffer.
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %convs = transform.structured.match ops{["linalg.conv_1d_nwc_wcf"]} in %root : (!transform.any_op) -> !transform.any_op
    %tiled, %n, %w, %f = transform.structured.tile_using_for %convs tile_sizes [1, 4, 8] : (!transform.any_op) -> (!transform.any_op, !transform.any_op, !transform.any_op, !transform.any_op)
    %func = transform.structured.match ops{["func.func"]} in %root : (!transform.any_op) -> !transform.any_op
    %affine = transform.apply_registered_pass "convert-linalg-to-affine-loops" to %func : (!transform.any_op) -> !transform.any_op
    transform.yield
  }
}
