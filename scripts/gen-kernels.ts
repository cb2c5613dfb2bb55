/**
 * Generates the benchmark kernels in eval/kernels/ from their parameters, so sizes stay
 * parameters (PolyBench N, the EELS encoder's layers) and the committed files stay reproducible.
 *
 *   npm run gen:kernels            writes eval/kernels/*.mlir
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { conv1dLayer, eelsEncoder, EELS_FULL, EELS_REDUCED } from './kernels/eels.js';
import { atax, bicg, gemm, matmul, mvt, SODA_POLYBENCH, twoMm } from './kernels/polybench.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = path.join(root, 'eval', 'kernels');

const kernels: Record<string, string> = {
  'matmul.mlir': matmul(64),
  'gemm.mlir': gemm(32),
  'atax.mlir': atax(32),
  '2mm.mlir': twoMm(32),
  'mvt.mlir': mvt(32),
  'bicg.mlir': bicg(32),
  'eels_encoder.mlir': eelsEncoder(EELS_FULL),
  'eels_encoder_reduced.mlir': eelsEncoder(EELS_REDUCED),
};
for (const n of [2, 4, 8]) {
  kernels[`calibration/gemm_${n}.mlir`] = gemm(n);
  kernels[`calibration/atax_${n}.mlir`] = atax(n);
}
// The seven kernels of SODA's PolyBench study at every published size (eval/soda-polybench.ts).
for (const [name, kernel] of Object.entries(SODA_POLYBENCH)) {
  for (const n of [2, 4, 8, 16]) kernels[`polybench/${name}_${n}.mlir`] = kernel(n);
}
// Single layers of the full encoder, for the optimization suite (eval/suite.ts).
kernels['layers/eels_conv2.mlir'] = conv1dLayer('eels_conv2', 120, 16, EELS_FULL.convs[1]!);
kernels['layers/eels_conv4.mlir'] = conv1dLayer('eels_conv4', 30, 32, EELS_FULL.convs[3]!);
for (const [name, text] of Object.entries(kernels)) {
  mkdirSync(path.dirname(path.join(out, name)), { recursive: true });
  writeFileSync(path.join(out, name), text);
  console.log(`wrote eval/kernels/${name}`);
}
