import type { RecipeStep } from './recipe.js';

/**
 * Memory steps of a recipe as upstream MLIR 22 passes, for the renderer: each returns the passes to
 * run in order (name and options as `transform.apply_registered_pass` takes them).
 * - promote-buffers: affine-data-copy-generate with point-wise copies in the default memory space; with
 *   a capacity, the copies go down the loop nest until what the nest uses fits (a tile-local buffer).
 * - register-tile: the same tile-local buffers, then the innermost loops fully unrolled so every index
 *   into a buffer is a constant, then store-to-load forwarding. A buffer accessed only at constant
 *   addresses is a register file for HLS (src/hls/register-files.ts).
 */
export interface PassCall { name: string; options?: string }

function copyGenerate(capacityKiB: number | undefined): PassCall {
  return {
    name: 'affine-data-copy-generate',
    options: `{"fast-mem-space" = 0 : i64, "generate-dma" = false${capacityKiB ? `, "fast-mem-capacity" = ${capacityKiB} : i64` : ''}}`,
  };
}

export function memoryStepPasses(step: RecipeStep): PassCall[] | undefined {
  switch (step.kind) {
    case 'promote-buffers': return [copyGenerate(step.capacityKiB)];
    case 'register-tile': return [
      copyGenerate(step.capacityKiB),
      ...Array.from({ length: step.times }, () => ({ name: 'affine-loop-unroll', options: '{"unroll-factor" = -1}' })),
      { name: 'canonicalize' }, { name: 'affine-scalrep' }, { name: 'cse' },
    ];
    default: return undefined;
  }
}
