// Tile every loop nest of 2mm by 8 (affine-loop-tile): 8x8 blocks fit small local memories.
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %func = transform.structured.match ops{["func.func"]} in %root : (!transform.any_op) -> !transform.any_op
    %tiled = transform.apply_registered_pass "affine-loop-tile" with options = {"tile-sizes" = [8, 8, 8]} to %func : (!transform.any_op) -> !transform.any_op
    transform.yield
  }
}
