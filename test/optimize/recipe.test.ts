import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTarget } from '../../src/hls/target.js';
import { discoverToolchain } from '../../src/toolchain/discover.js';
import { runTool } from '../../src/toolchain/run-tool.js';
import { Evaluator } from '../../src/optimize/evaluate.js';
import { analyzeKernel } from '../../src/optimize/kernel-info.js';
import { recipeJsonSchema, recipeSchema, type Recipe, type RecipeStep } from '../../src/optimize/recipe.js';
import { postOrder } from '../../src/optimize/render.js';
import { Tuner } from '../../src/optimize/tuner.js';
import { kernel } from '../helpers/paths.js';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(path.join(os.tmpdir(), 'hlsched-recipe-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

describe('recipe schema', () => {
  it('accepts a recipe in phase order and publishes a JSON Schema', () => {
    const recipe = recipeSchema.parse({ steps: [
      { kind: 'interchange', op: { name: 'linalg.matmul' }, permutation: [0, 2, 1] },
      { kind: 'unroll', loop: 'L1.1', factor: 4 },
      { kind: 'pipeline', loop: 'L1.1.1' },
      { kind: 'scalar-replacement' },
    ] });
    expect(recipe.steps[0]).toMatchObject({ op: { name: 'linalg.matmul', index: 0 } });
    const schema = recipeJsonSchema() as { properties: { steps: unknown } };
    expect(schema.properties.steps).toBeDefined();
  });

  it.each([
    [{ steps: [{ kind: 'pipeline', loop: 'L1' }, { kind: 'interchange', op: { name: 'linalg.matmul' }, permutation: [1, 0] }] }, /steps\.1\.kind.*must come before/],
    [{ steps: [{ kind: 'unroll', loop: 'loop1', factor: 2 }] }, /steps\.0\.loop/],
    [{ steps: [{ kind: 'tile', sizes: [4] }] }, /steps\.0\.kind/],
    [{ steps: [{ kind: 'unroll-and-jam', loop: 'L1', factor: 1 }] }, /steps\.0\.factor/],
  ])('rejects a bad recipe naming the field (%#)', (value, message) => {
    const result = recipeSchema.safeParse(value);
    expect(result.success).toBe(false);
    const text = result.error!.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('\n');
    expect(text).toMatch(message);
  });

  it('orders loop ids innermost first, as structured.match returns loops', () => {
    expect(postOrder(['L1', 'L1.1', 'L1.2', 'L1.2.1', 'L2', 'L10'])).toEqual(['L1.1', 'L1.2.1', 'L1.2', 'L1', 'L2', 'L10']);
  });
});

/** A deterministic pseudo-random source, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

describe('every recipe the tool can produce renders to IR that mlir-opt accepts', () => {
  it.each(['gemm.mlir', 'atax.mlir', 'eels_encoder_reduced.mlir', 'matmul.mlir'])('tuner recipes and random recipes for %s', async (name) => {
    const toolchain = await discoverToolchain();
    const info = await analyzeKernel(toolchain, kernel(name));
    const target = await loadTarget('fpga');
    const evaluator = new Evaluator(info, target, dir);
    // The search stops well inside the test's time limit: what is checked is the rendering after it.
    const tuner = new Tuner(evaluator, info, { concurrency: 2, budget: 40, deadline: Date.now() + 60_000 });
    const candidates = await tuner.run();
    const recipes: Recipe[] = candidates.flatMap((c) => (c.recipe ? [c.recipe] : []));
    // Random recipes over the same loops: any loop, any primitive, any factor the schema allows.
    const { order } = await evaluator.loopsAfter({ version: 1, steps: [] });
    const next = random(name.length * 7919);
    const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)]!;
    for (let i = 0; i < 6; i++) {
      const loopSteps: RecipeStep[] = Array.from({ length: 1 + Math.floor(next() * 3) }, () => {
        const loop = pick(order);
        return pick<RecipeStep>([
          { kind: 'unroll', loop, factor: pick([0, 2, 3, 4]) },
          { kind: 'unroll-and-jam', loop, factor: pick([2, 4]) },
          { kind: 'pipeline', loop, ...(next() < 0.5 ? { ii: 2 } : {}) },
        ]);
      });
      const passes: RecipeStep[] = next() < 0.5 ? [pick<RecipeStep>([{ kind: 'scalar-replacement' }, { kind: 'fuse-loops' }, { kind: 'tile-loops', sizes: [4, 4] }])] : [];
      recipes.push(recipeSchema.parse({ steps: [...loopSteps, ...passes] }));
    }
    expect(recipes.length).toBeGreaterThan(6);
    for (const recipe of recipes) {
      const schedule = await evaluator.render(recipe);
      const file = path.join(dir, `render-${name}.mlir`);
      await writeFile(file, schedule);
      const parsed = await runTool(toolchain, 'mlir-opt', [file]);
      expect(parsed.exitCode, `${JSON.stringify(recipe)}\n${parsed.stderr}`).toBe(0);
    }
  }, 300_000);
});
