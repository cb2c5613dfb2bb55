/**
 * Writes a synthetic whole model:  node dist/scripts/gen-model.js OUT.mlir [--conv N] [--dense N]
 * [--length L] [--channels C] [--width W] [--local-weights]. Defaults make a small runnable model.
 */
import { writeFileSync } from 'node:fs';
import { cac } from 'cac';
import { syntheticModel, syntheticOpCount } from './kernels/synthetic.js';

const cli = cac('gen-model');
cli.command('<out>').option('--conv <n>', '', { default: 3 }).option('--dense <n>', '', { default: 4 })
  .option('--length <n>', '', { default: 16 }).option('--channels <n>', '', { default: 8 }).option('--width <n>', '', { default: 32 })
  .option('--local-weights', 'weights as local buffers (for a big model to chunk)')
  .action((out: string, o: Record<string, unknown>) => {
    const model = { name: 'model', conv: Number(o.conv), dense: Number(o.dense), length: Number(o.length), channels: Number(o.channels), width: Number(o.width), weightsAsArguments: !o.localWeights };
    writeFileSync(out, syntheticModel(model));
    console.log(`wrote ${out}: ${syntheticOpCount(model)} linalg ops`);
  });
cli.parse();
