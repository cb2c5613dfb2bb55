// Scale then offset a vector in two loops: t = 2 * x; y = t + 1. The temporary t lives in a local buffer.
func.func @scale_offset(%x: memref<256xf32>, %y: memref<256xf32>) {
  %two = arith.constant 2.0 : f32
  %one = arith.constant 1.0 : f32
  %t = memref.alloc() : memref<256xf32>
  affine.for %i = 0 to 256 {
    %v = affine.load %x[%i] : memref<256xf32>
    %d = arith.mulf %v, %two : f32
    affine.store %d, %t[%i] : memref<256xf32>
  }
  affine.for %i = 0 to 256 {
    %v = affine.load %t[%i] : memref<256xf32>
    %s = arith.addf %v, %one : f32
    affine.store %s, %y[%i] : memref<256xf32>
  }
  memref.dealloc %t : memref<256xf32>
  return
}
