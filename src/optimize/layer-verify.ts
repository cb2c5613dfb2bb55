import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SchedulableOp } from '../chunking/chunk.js';
import { extractLayer, layerRecipe } from '../frontend/layers.js';
import type { TargetSpec } from '../hls/target.js';
import { moduleFunctions, parseGenericModule, symbolName } from '../ir/generic.js';
import { discoverToolchain } from '../toolchain/discover.js';
import { Evaluator, mapLimited, type Candidate } from './evaluate.js';
import { analyzeKernel, type KernelInfo } from './kernel-info.js';
import { canonicalRecipe, rewriteSteps, type Recipe } from './recipe.js';

/** What verifying a whole-model candidate layer by layer found. */
export interface LayerVerification {
  /** Unique (layer signature, layer recipe) pairs checked, each once; members of a signature reuse the result. */
  unique: number;
  verified: number;
  /** Layers the recipe changed. */
  layers: number;
  failure?: string;
  /** What only a run of the whole model can check (bank steps: they name buffers of the whole model). */
  wholeOnly?: string;
}

/**
 * Verifies a whole-model candidate by its layers: each top-level op the recipe touches is cut out as a
 * standalone kernel (weights and activations as arguments), the part of the recipe that concerns it is
 * applied there, and the result is compared with the original layer by differential execution.
 */
export async function verifyByLayers(evaluator: Evaluator, kernel: KernelInfo, candidate: Candidate, ops: SchedulableOp[],
  target: TargetSpec, scratch: string, options: { concurrency: number; timeoutMs?: number; log?: (m: string) => void }): Promise<{ candidate: Candidate; report: LayerVerification }> {
  const recipe = candidate.recipe;
  if (!recipe) return { candidate: { ...candidate, status: 'failed', error: 'layer verification needs a recipe (free-form schedules are verified whole)' }, report: { unique: 0, verified: 0, layers: 0 } };
  const layout = await evaluator.loopsAfter(recipe);
  const module = parseGenericModule(kernel.printed.generic);
  const fn = moduleFunctions(module).find((f) => symbolName(f) === kernel.functionName)!;
  const topOps = fn.regions[0]?.[0]?.ops ?? [];
  const work = new Map<string, { recipe: Recipe; op: SchedulableOp; members: number }>();
  let layers = 0;
  for (const op of ops) {
    const nests = layout.nestLines.filter((nest) => nest.line === op.line).map((nest) => nest.id);
    const mapped = layerRecipe(recipe, op, nests);
    if (!mapped) continue;
    layers++;
    const key = `${op.signature}|${canonicalRecipe(mapped)}`;
    const entry = work.get(key);
    if (entry) entry.members++;
    else work.set(key, { recipe: mapped, op, members: 1 });
  }
  const toolchain = await discoverToolchain();
  const items = [...work.values()];
  const results = await mapLimited(items, options.concurrency, async (item, ): Promise<string | undefined> => {
    const generic = topOps.find((top) => top.name === item.op.name && top.loc?.line === item.op.line);
    if (!generic) return `${item.op.name} at line ${item.op.line}: not found among the top-level ops`;
    const index = items.indexOf(item);
    const file = path.join(scratch, `layer-${index}.mlir`);
    try {
      const layer = extractLayer(kernel.printed.generic, fn, generic, `layer${index}`);
      await writeFile(file, layer.text);
      const info = await analyzeKernel(toolchain, file, layer.functionName);
      const layerEvaluator = new Evaluator(info, target, scratch, options.timeoutMs);
      const estimated = await layerEvaluator.estimate('tuner', item.recipe);
      if (estimated.status === 'rejected') return `${item.op.name} at line ${item.op.line}: its part of the recipe does not apply alone: ${estimated.error}`;
      let checked = await layerEvaluator.verify(estimated);
      let inputs = '';
      if (checked.status !== 'verified' && /original kernel produces NaN/.test(checked.error ?? '')) {
        // A layer cut out of a model can need inputs the model guarantees (a variance feeding rsqrt): try non-negative ones.
        layerEvaluator.sizes = { ...layerEvaluator.sizes, floatRange: [0, 1] };
        checked = await layerEvaluator.verify(estimated);
        inputs = ' (inputs in [0, 1): the default ones give NaN in the original layer)';
      }
      options.log?.(`layer ${item.op.name} (line ${item.op.line}, ${item.members} member${item.members > 1 ? 's' : ''}): ${checked.status}${inputs}`);
      return checked.status === 'verified' ? undefined : `${item.op.name} at line ${item.op.line}: ${checked.status}${checked.error ? `: ${checked.error}` : ''}`;
    } catch (error) {
      return `${item.op.name} at line ${item.op.line}: ${(error as Error).message.split('\n')[0]}`;
    }
  });
  const failures = results.filter((r): r is string => r !== undefined);
  // Bank steps rewrite buffers of the whole model, which a layer cut out of it does not have.
  const banks = rewriteSteps(recipe).length;
  const unchecked = banks > 0 ? `its ${banks} bank step${banks > 1 ? 's' : ''} rewrite the whole model's buffers: only a run of the whole model checks them (--verify whole)` : undefined;
  const report: LayerVerification = { unique: items.length, verified: items.length - failures.length, layers, ...(failures[0] ? { failure: failures[0] } : {}), ...(unchecked ? { wholeOnly: unchecked } : {}) };
  if (failures[0]) return { candidate: { ...candidate, status: /wrong-result/.test(failures[0]) ? 'wrong-result' : 'failed', error: `layer ${failures[0]}` }, report };
  if (unchecked) return { candidate: { ...candidate, status: 'failed', error: unchecked }, report };
  return { candidate: { ...candidate, status: 'verified' }, report };
}
