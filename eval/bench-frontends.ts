/**
 * Whole models from a torch-mlir-style frontend, timed end to end (`npm run bench`): a ResNet-18 at
 * 32x32 (20 convolutions, batch norm decomposed) and a BERT-base-style encoder (sequence 128, hidden
 * 768, 12 layers), both on tensors, fpga target, no LLM, scratch corpus. Goals: ResNet-18 <= 10 min
 * with every layer verified and the written schedule verified against the original tensor file;
 * BERT-base <= 15 min with its layers verified.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadTarget, withMemoryPolicy } from '../src/hls/target.js';
import { optimize } from '../src/optimize/optimize.js';
import { verify, verifyTransformed } from '../src/verify/verify.js';
import { BIG_MODELS } from '../scripts/frontends/fixtures.js';

const GOALS: Record<string, number> = { resnet18: 600, 'bert-base': 900 };
/**
 * BERT-base's intermediate buffers (one per op, as Bambu allocates them) need some 211,000 BRAM18: far
 * beyond any device, so it runs with its buffers behind the memory interface (Bambu's NO_BRAM), as the
 * over-budget reason of the default policy says to. ResNet-18's fit on chip.
 */
const POLICY: Record<string, 'all-bram' | 'no-bram'> = { resnet18: 'all-bram', 'bert-base': 'no-bram' };

export async function benchFrontendModels(models = Object.keys(BIG_MODELS)): Promise<void> {
  console.log('\nwhole models from a torch-mlir-style frontend (tensors, whole-model mode, --verify auto, fpga, no LLM):');
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'hlsched-bench-models-'));
  try {
    const target = await loadTarget('fpga');
    for (const name of models) {
      const file = path.join(scratch, `${name}.mlir`);
      await writeFile(file, BIG_MODELS[name]!());
      const outDir = path.join(scratch, `out-${name}`);
      const started = performance.now();
      const policy = POLICY[name] ?? 'all-bram';
      const result = await optimize(file, { target: withMemoryPolicy(target, policy), outDir, corpusDir: path.join(scratch, 'corpus'), indexDir: path.join(scratch, 'no-index'), accept: false, wholeModel: 'on', timeSeconds: GOALS[name]! });
      const seconds = (performance.now() - started) / 1000;
      const layers = result.verification.layers;
      console.log(`  ${name.padEnd(10)} --memory-policy ${policy}`);
      console.log(`  ${name.padEnd(10)} ${result.baselineCycles} -> ${result.bestCycles} cycles (${result.speedup.toFixed(2)}x) in ${seconds.toFixed(0)} s (goal <= ${GOALS[name]} s: ${seconds <= GOALS[name]! ? 'met' : 'missed'}); ${result.outcome}: ${result.reason}`);
      console.log(`             verification ${result.verification.mode} (${result.verification.why})${layers ? `; ${layers.verified} of ${layers.unique} unique layer recipes verified in isolation (${layers.layers} layers touched)` : ''}`);
      if (result.schedule && result.verification.mode !== 'layers') {
        // Bank steps are our rewrite after the schedule: then the transformed model written beside it is checked.
        const banked = result.recipe?.steps.some((step) => step.kind === 'bank') === true;
        const again = banked
          ? await verifyTransformed(file, await readFile(path.join(outDir, 'transformed.mlir'), 'utf8'), { func: result.function, timeoutMs: 600_000 })
          : await verify(file, result.schedule, { func: result.function, timeoutMs: 600_000 });
        console.log(`             hlsched verify ORIGINAL ${banked ? 'transformed.mlir --transformed' : 'schedule.mlir'}: ${again.status}`);
      }
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
