/**
 * Writes the real-frontend fixtures of the `frontends` eval suite into eval/frontends/ (or OUT):
 *   node dist/scripts/gen-frontends.js [OUT]
 * torch-mlir style (tensors), TF/TOSA-lowered style (memrefs) and Polygeist style (dynamic shapes).
 * Also: node dist/scripts/gen-frontends.js --model resnet18|bert-base OUT.mlir (the bench's big models).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FRONTEND_FIXTURES, BIG_MODELS } from './frontends/fixtures.js';

const args = process.argv.slice(2);
if (args[0] === '--model') {
  const make = BIG_MODELS[args[1] ?? ''];
  if (!make || !args[2]) {
    console.error(`usage: gen-frontends --model ${Object.keys(BIG_MODELS).join('|')} OUT.mlir`);
    process.exit(2);
  }
  writeFileSync(args[2], make());
  console.log(`wrote ${args[2]}`);
} else {
  const out = args[0] ?? path.join('eval', 'frontends');
  mkdirSync(out, { recursive: true });
  for (const fixture of FRONTEND_FIXTURES) writeFileSync(path.join(out, fixture.file), fixture.text());
  console.log(`wrote ${FRONTEND_FIXTURES.length} fixtures to ${out}/`);
}
