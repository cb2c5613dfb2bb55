import type { LoopEstimate } from '../hls/types.js';
import { type Candidate, type Evaluator, mapLimited } from './evaluate.js';
import type { KernelInfo } from './kernel-info.js';
import { bankedRecipes, memoryBaseRecipes, partitionedRecipes, withCyclicBanks } from './memory-strategies.js';
import { capUnrolls, cyclesByTop, datapathLut, innermostParallelPermutations, linesByTop, loopStrategies, nestsOf, parentOf, pipelineAsBuilt, type Nest, type NestStrategy } from './nest-strategies.js';
import { canonicalRecipe, type Recipe, type RecipeStep } from './recipe.js';
import { unitLimitedRecipes } from './unit-strategies.js';

/**
 * The tuner: proposes recipes without a language model, guided by the estimator.
 *
 * Loop nests at the top level run one after another, so their cycles add up: a strategy is tried on
 * every nest at once, each nest keeps the strategy that made it fastest, and the winners are combined.
 * That costs one evaluation per strategy, not per nest and strategy.
 *  1. linalg: interchanges that put a parallel dimension innermost (so a pipelined inner loop carries
 *     no recurrence), judged with every innermost loop pipelined;
 *  2. loops: pipeline the innermost loops; unroll-and-jam their parent by 2..16 (independent chains);
 *     unroll them by 2..8; fully unroll small nests;
 *  3. whole function: SODA's full unroll + scalar replacement for small kernels;
 *  4. memory: tile-local buffers, register promotion of a tile, banks (memory-strategies.ts);
 *  5. phases 1 and 2 again with invariant loads hoisted and port-bound local buffers banked cyclically;
 *  6. when asked, the fastest schedules with their port-bound argument arrays partitioned;
 *  7. the fastest schedules with fewer operator instances bound (an HLS resource constraint).
 */
export interface TunerOptions {
  concurrency: number;
  /** Stop proposing once the evaluator has spent this many evaluations. */
  budget: number;
  deadline: number;
  log?: (message: string) => void;
  /**
   * Whole models: identical layers, by source line: representative line -> lines of every op with the
   * same signature (the representative included). Only representatives are searched; each member
   * gets its representative's choice.
   */
  groups?: Map<number, number[]>;
  /**
   * Whether recipes may bank local buffers (phase 5; default yes). Bank steps name buffers of the whole
   * kernel, so a whole model checked only layer by layer cannot prove them: off there.
   */
  banking?: boolean;
  /** Whether recipes may limit operator instances (phase 7; default yes). */
  unitLimits?: boolean;
  /**
   * Whether recipes may partition argument arrays into several memories (phase 6; default no): the
   * accelerator's interface changes, so only when asked (optimize --partition-args).
   */
  partitionArguments?: boolean;
}

export class Tuner {
  readonly candidates: Candidate[] = [];

  constructor(private readonly evaluator: Evaluator, private readonly kernel: KernelInfo, private readonly options: TunerOptions) {}

  private exhausted(): boolean {
    return this.evaluator.evaluations >= this.options.budget || Date.now() > this.options.deadline;
  }

  private async evaluateAll(recipes: Array<{ name: string; recipe: Recipe }>): Promise<Candidate[]> {
    const results = await mapLimited(recipes, this.options.concurrency, async ({ name, recipe }) => {
      if (this.exhausted()) return undefined;
      const candidate = await this.evaluator.estimate('tuner', recipe);
      this.options.log?.(`  ${name}: ${candidate.status === 'estimated' ? `${candidate.cycles} cycles` : `rejected (${candidate.error})`}`);
      return candidate;
    });
    const done = results.filter((c): c is Candidate => c !== undefined);
    this.candidates.push(...done);
    return done;
  }

  /** Applies `strategy` to every nest of the loop tree after `prefix` (linalg steps). */
  private async strategyRecipe(prefix: RecipeStep[], strategy: NestStrategy, only?: Set<string>): Promise<Recipe | undefined> {
    const base = await this.evaluator.estimate('tuner', { version: 1, steps: prefix });
    const loops = base.estimate?.loops ?? [];
    const steps = nestsOf(loops).filter((nest) => !only || only.has(nest.top.id)).flatMap((nest) => strategy.steps(nest, loops) ?? []);
    return steps.length ? { version: 1, steps: [...prefix, ...steps], note: strategy.name } : undefined;
  }

  /**
   * Phases 1 and 2: interchanges, then loop strategies on every nest at once, each nest keeping its
   * best, combined. `extend` turns each loop recipe into what is evaluated (itself, or with memory
   * steps added for the kernel it produces); the finals are returned, not yet evaluated.
   */
  private async loopSearch(extend: Extender): Promise<{ prefix: RecipeStep[]; loops: LoopEstimate[]; nests: Nest[]; finals: Array<{ name: string; recipe: Recipe }> }> {
    const log = this.options.log;
    /** Evaluates each loop recipe extended (its first extension); returns the candidates by input position. */
    const evaluateExtended = async (items: Array<{ name: string; recipe: Recipe }>): Promise<Array<Candidate | undefined>> => {
      const extended = await mapLimited(items, this.options.concurrency, async (item) => (await extend(item.recipe))[0]!);
      const done = await this.evaluateAll(extended.map((recipe, i) => ({ name: items[i]!.name, recipe })));
      return extended.map((recipe) => done.find((c) => c.recipe === recipe || (c.recipe && canonicalRecipe(c.recipe) === canonicalRecipe(recipe))));
    };
    // 1. Linalg interchanges, judged with every innermost loop pipelined.
    let prefix: RecipeStep[] = [];
    const groups = this.options.groups;
    const isRepresentative = (line: number | undefined) => !groups || (line !== undefined && groups.has(line));
    const heavy = this.kernel.linalgOps.filter((op) => op.iterators.length >= 2 && op.iterators.includes('reduction') && isRepresentative(op.line));
    if (heavy.length > 0) {
      const perOp = heavy.map((op) => innermostParallelPermutations(op.iterators, extend !== plain));
      const rounds = Math.max(0, ...perOp.map((p) => p.length));
      const options: Array<{ name: string; prefix: RecipeStep[] }> = [{ name: 'no interchange', prefix: [] }];
      for (let round = 0; round < rounds; round++) {
        const steps = heavy.flatMap((op, i) => {
          const permutation = perOp[i]![round];
          return permutation ? [{ kind: 'interchange' as const, op: { name: op.name, index: op.index }, permutation }] : [];
        });
        options.push({ name: `interchange round ${round + 1}`, prefix: steps });
      }
      log?.(`linalg: ${options.length} interchange options over ${heavy.length} ops`);
      // With memory steps, an interchange is also judged unrolled-and-jammed: which loop goes innermost
      // decides which loads become loop-invariant and which buffers can be banked.
      // A whole model's interchanges are judged at x8 only: every option costs an evaluation of the whole model.
      const jams = groups ? /^unroll-and-jam x8 / : /^unroll-and-jam x(8|16) /;
      const judges = loopStrategies().filter((strategy) => strategy.name === 'pipeline' || (extend !== plain && jams.test(strategy.name)));
      const pipelined = await mapLimited(options.flatMap((option) => judges.map((judge) => ({ option, judge }))), this.options.concurrency, async ({ option, judge }) => ({
        option, judge, recipe: await this.strategyRecipe(option.prefix, judge),
      }));
      const evaluated = (await evaluateExtended(pipelined.filter((p) => p.recipe).map((p) => ({ name: `${p.option.name} + ${p.judge.name}${extend.label}`, recipe: p.recipe! }))))
        .filter((c): c is Candidate => c !== undefined);
      // Each op keeps the interchange under which its own nest (same source line) was fastest.
      const chosen: RecipeStep[] = [];
      for (const op of heavy) {
        let best: { cycles: number; step?: RecipeStep } | undefined;
        for (const candidate of evaluated) {
          if (candidate.status !== 'estimated' || op.line === undefined) continue;
          const cycles = linesByTop(candidate).get(op.line);
          if (cycles === undefined) continue;
          const step = candidate.recipe!.steps.find((s) => s.kind === 'interchange' && s.op.name === op.name && s.op.index === op.index);
          if (!best || cycles < best.cycles) best = { cycles, ...(step ? { step } : {}) };
        }
        if (best?.step && best.step.kind === 'interchange') {
          const permutation = best.step.permutation;
          // Identical layers take the same interchange.
          const members = groups?.get(op.line!) ?? [op.line!];
          for (const member of this.kernel.linalgOps.filter((m) => m.name === op.name && m.line !== undefined && members.includes(m.line))) {
            chosen.push({ kind: 'interchange', op: { name: member.name, index: member.index }, permutation });
          }
        }
      }
      chosen.sort((a, b) => (a.kind === 'interchange' && b.kind === 'interchange' ? a.op.name.localeCompare(b.op.name) || a.op.index - b.op.index : 0));
      prefix = chosen;
      log?.(`linalg: ${chosen.length} interchange${chosen.length === 1 ? '' : 's'} kept`);
    }

    // 2. Loop strategies on every nest at once; each nest keeps its best.
    const strategies = loopStrategies();
    const base = await this.evaluator.estimate('tuner', { version: 1, steps: prefix });
    const loops = base.estimate?.loops ?? [];
    const nests = nestsOf(loops);
    const searched = nests.filter((nest) => isRepresentative(nest.top.location?.line));
    const only = groups ? new Set(searched.map((nest) => nest.top.id)) : undefined;
    if (groups) log?.(`whole model: searching ${searched.length} representative nests for ${nests.length} nests`);
    const built = await mapLimited(strategies, this.options.concurrency, async (strategy) => ({ strategy, recipe: await this.strategyRecipe(prefix, strategy, only) }));
    const tried = built.filter((b) => b.recipe && b.strategy.name !== 'full unroll');
    const perStrategy = (await evaluateExtended(tried.map((b) => ({ name: `${b.strategy.name}${extend.label}`, recipe: b.recipe! }))))
      .flatMap((candidate, i) => (candidate ? [{ candidate, strategy: tried[i]!.strategy }] : []));
    const winners: RecipeStep[] = [];
    /** Nests that take the representative's choice: itself, or every nest of its group. */
    const followers = (nest: Nest): Nest[] => {
      const members = groups?.get(nest.top.location?.line ?? -1);
      return members ? nests.filter((other) => other.top.location && members.includes(other.top.location.line)) : [nest];
    };
    // A candidate over the budget still measured each nest: its per-nest cycles count, the combination is
    // what the budget judges (a whole model pipelined everywhere may not fit while its big nests would).
    const gains: Array<{ saved: number; steps: RecipeStep[]; cheap: RecipeStep[] }> = [];
    /** Per nest, each strategy's cycles and the LUTs of its widest pipelined datapath. */
    const options = new Map<string, Array<{ cycles: number; lut: number; strategy: NestStrategy }>>();
    for (const nest of searched) {
      const list: Array<{ cycles: number; lut: number; strategy: NestStrategy }> = [];
      for (const { candidate, strategy } of perStrategy) {
        if (candidate.status !== 'estimated' && candidate.status !== 'over-budget') continue;
        const cycles = cyclesByTop(candidate).get(nest.top.id);
        if (cycles !== undefined) list.push({ cycles, lut: datapathLut(candidate, nest.top.id, this.evaluator.target), strategy });
      }
      options.set(nest.top.id, list);
    }
    // Operators are shared between nests that run one after another: the widest datapath sets what all
    // cost. Its width is that of the biggest nest's best; a small nest that needs a wider one for a few
    // cycles makes every nest pay for it. So the combination is also built with each nest held to it.
    const biggest = [...searched].sort((a, b) => (cyclesByTop(base).get(b.top.id) ?? 0) - (cyclesByTop(base).get(a.top.id) ?? 0))[0];
    const biggestBest = biggest && [...(options.get(biggest.top.id) ?? [])].sort((a, b) => a.cycles - b.cycles)[0];
    const widthCap = biggestBest?.lut;
    const narrowWinners: RecipeStep[] = [];
    let narrowDiffers = false;
    for (const nest of searched) {
      const before = cyclesByTop(base).get(nest.top.id) ?? Number.POSITIVE_INFINITY;
      let best = { cycles: before, strategy: undefined as NestStrategy | undefined };
      let narrow = { cycles: before, strategy: undefined as NestStrategy | undefined };
      for (const { cycles, lut, strategy } of options.get(nest.top.id) ?? []) {
        if (cycles < best.cycles) best = { cycles, strategy };
        if (cycles < narrow.cycles && (widthCap === undefined || lut <= widthCap)) narrow = { cycles, strategy };
      }
      if (narrow.strategy) narrowWinners.push(...followers(nest).flatMap((follower) => narrow.strategy!.steps(follower, loops) ?? []));
      if (narrow.strategy !== best.strategy) narrowDiffers = true;
      if (!best.strategy) continue;
      const steps = followers(nest).flatMap((follower) => best.strategy!.steps(follower, loops) ?? []);
      winners.push(...steps);
      const cheap = best.strategy.name === 'pipeline' ? steps : followers(nest).flatMap((follower) => pipelineAsBuilt(follower));
      gains.push({ saved: (before - best.cycles) * followers(nest).length, steps, cheap });
    }
    const combined: Recipe = { version: 1, steps: [...prefix, ...winners], note: 'per-nest best of the tuner strategies' };
    const finals: Array<{ name: string; recipe: Recipe }> = [{ name: 'combined per-nest best', recipe: combined }];
    if (narrowDiffers) finals.push({ name: 'combined per-nest best, no nest wider than the biggest', recipe: { version: 1, steps: [...prefix, ...narrowWinners], note: 'per-nest best, no nest wider than the biggest' } });
    // The same, on fewer nests: those that give 99%, 90% and 50% of the savings (less hardware, when all of it does not fit).
    if (gains.length > 1) {
      const total = gains.reduce((sum, g) => sum + g.saved, 0);
      const ranked = [...gains].sort((a, b) => b.saved - a.saved);
      const seen = new Set<number>();
      for (const share of [0.99, 0.95, 0.9, 0.5]) {
        let sum = 0;
        const kept = ranked.filter((g) => { const take = sum < share * total; sum += g.saved; return take; });
        if (kept.length === gains.length || seen.has(kept.length)) continue;
        seen.add(kept.length);
        finals.push({ name: `per-nest best on the ${kept.length} nests giving ${Math.round(share * 100)}% of the savings`,
          recipe: { version: 1, steps: [...prefix, ...kept.flatMap((g) => g.steps)], note: `per-nest best, ${kept.length} biggest nests` } });
        // The same with the other nests only pipelined: most of their gain for little hardware.
        const rest = gains.filter((g) => !kept.includes(g));
        finals.push({ name: `per-nest best on the ${kept.length} nests giving ${Math.round(share * 100)}% of the savings, the others pipelined`,
          recipe: { version: 1, steps: [...prefix, ...kept.flatMap((g) => g.steps), ...rest.flatMap((g) => g.cheap)], note: `per-nest best, ${kept.length} biggest nests, the others pipelined` } });
      }
    }
    // Small nests fully unrolled instead, where the strategy applies.
    const full = strategies.find((s) => s.name === 'full unroll')!;
    const small = searched.filter((nest) => full.steps(nest, loops)).flatMap(followers);
    if (small.length > 0) {
      const smallIds = new Set(small.map((n) => n.top.id));
      const keep = winners.filter((step) => step.kind !== 'interchange' && !smallIds.has(('loop' in step ? step.loop : '').split('.')[0]!));
      const unrolled = small.flatMap((nest) => full.steps(nest, loops) ?? []);
      finals.push({ name: 'combined, small nests fully unrolled', recipe: { version: 1, steps: [...prefix, ...keep, ...unrolled], note: 'per-nest best, small nests fully unrolled' } });
    }
    // With memory steps the datapath, not the memory, is what outgrows the budget: the combination
    // also with every unroll factor capped at 8 and at 4 (fewer operators and states, same banks' use).
    if (extend !== plain) {
      for (const cap of [8, 4]) {
        const steps = capUnrolls(combined.steps, cap);
        if (steps) finals.push({ name: `combined per-nest best, unrolls capped at ${cap}`, recipe: { version: 1, steps, note: `per-nest best, unrolls capped at ${cap}` } });
      }
    }
    const extendedFinals = (await mapLimited(finals, this.options.concurrency, async (final) =>
      (await extend(final.recipe)).map((recipe, i) => ({ name: `${final.name}${extend.label}${i > 0 ? ` (${i + 1})` : ''}`, recipe })))).flat();
    return { prefix, loops, nests, finals: extendedFinals };
  }

  async run(): Promise<Candidate[]> {
    const baseline = await this.evaluator.estimate('tuner', { version: 1, steps: [] });
    this.candidates.push(baseline);
    if (baseline.status !== 'estimated') return this.candidates;
    const groups = this.options.groups;
    const { prefix, loops, nests, finals } = await this.loopSearch(plain);
    // Bodies with branches get no memory strategies: register tiles of an if-converted body did not
    // finish estimating in minutes (Polygeist syrk with affine.if), and a banked branch would need
    // predicated bank selects.
    const branches = /"(?:affine|scf)\.if"/.test(this.kernel.printed.generic);
    // 3. SODA's whole-function flow, for small kernels.
    const work = loops.filter((loop) => loop.depth === 0).reduce((sum, loop) => sum + loop.totalCycles, 0);
    if (work <= 20_000) {
      finals.push({ name: 'SODA full unroll + scalar replacement', recipe: { version: 1, steps: [...prefix, { kind: 'full-unroll', times: 3 }, { kind: 'scalar-replacement' }], note: 'SODA-style full unroll and scalar replacement' } });
      // SODA's buffer trick too: the unrolled body on whole-array local copies (see 3b below).
      if (!branches) finals.push({ name: 'SODA full unroll + scalar replacement, on local copies', recipe: { version: 1, steps: [...prefix, { kind: 'full-unroll', times: 3 }, { kind: 'scalar-replacement' }, { kind: 'promote-buffers' }, { kind: 'full-unroll', times: 2 }], note: 'SODA-style full unroll and scalar replacement, on whole-array local copies' } });
    }
    // 3b. Nests whose bounds depend on an outer loop (triangular: syrk's `j <= i`): affine-loop-unroll
    // fully unrolls only constant trip counts, so SODA's innermost-first unrolls leave them rolled. The
    // top loops unrolled first make every inner bound constant; then the full unrolls apply. No
    // affine-scalrep: on a few thousand straight-line loads it takes mlir-opt minutes (the HLS front
    // end forwards stores to loads anyway, as the target's scalarReplacement says).
    const leaves = loops.filter((loop) => !loops.some((inner) => parentOf(inner.id) === loop.id));
    const bodies = leaves.reduce((sum, leaf) => sum + leaf.executions * leaf.tripCount, 0);
    const nonRectangular = loops.some((loop) => !loop.tripCountExact || !Number.isInteger(loop.tripCount));
    const tops = loops.filter((loop) => loop.depth === 0 && loop.tripCountExact && Number.isInteger(loop.tripCount));
    if (!groups && nonRectangular && tops.length > 0 && bodies <= OUTER_FIRST_MAX_BODIES) {
      const depth = Math.max(...loops.map((loop) => loop.depth)) + 1;
      const topsFirst = tops.map((top) => ({ kind: 'unroll' as const, loop: top.id, factor: 0 }));
      finals.push({ name: 'top loops unrolled first, then every loop fully', recipe: { version: 1, steps: [...prefix, ...topsFirst, { kind: 'full-unroll', times: Math.min(4, depth) }], note: 'top loops unrolled first (non-rectangular nests), then fully unrolled' } });
      // Then whole-array local copies of the straight-line body (affine-data-copy-generate), their
      // loops unrolled too: every argument is read in before the first store to any of them and written
      // back after the last, so arguments that may alias no longer order each other's accesses (syrk's
      // A loads behind its C stores); the buffers, indexed by constants only, are registers.
      if (!branches) finals.push({ name: 'top loops unrolled first, then every loop fully, on local copies', recipe: { version: 1, steps: [...prefix, ...topsFirst, { kind: 'full-unroll', times: Math.min(4, depth) }, { kind: 'promote-buffers' }, { kind: 'full-unroll', times: 2 }], note: 'top loops unrolled first (non-rectangular nests), then fully unrolled, on whole-array local copies' } });
    }
    await this.evaluateAll(finals);
    // 4. Memory: tile-local buffers, registers, banks (memory-strategies.ts), under the same budget.
    // Whole models (groups) get none of these: register tiles and local copies are function-wide, every
    // layer at once (phase 5 banks a model's buffers).
    const innermostPairTrips = Math.max(0, ...nests.flatMap((nest) => nest.leaves.map((leaf) =>
      leaf.tripCount * (loops.find((loop) => loop.id === parentOf(leaf.id))?.tripCount ?? 1))));
    // Nor are bodies with branches (above).
    const memoryBases = groups || branches ? [] : memoryBaseRecipes({ prefix, baselineCycles: baseline.cycles ?? 0, innermostPairTrips });
    if (memoryBases.length > 0 && !this.exhausted()) {
      const bases = await this.evaluateAll(memoryBases);
      const ok = memoryBases.filter((base) => bases.some((c) => c.recipe?.note === base.recipe.note && (c.status === 'estimated' || c.status === 'over-budget')));
      const banked = (await mapLimited(ok, this.options.concurrency, (base) => bankedRecipes(this.evaluator, base))).flat();
      await this.evaluateAll(banked);
    }
    // 5. The loop search again, each recipe with invariant loads hoisted and its port-bound local
    // buffers banked cyclically (memory-strategies.ts): bank-aware, so larger unrolls and other
    // interchanges win where the memory layout used to be the limit. Whole models too: identical
    // layers take the same loop steps, and every port-bound buffer of any layer is banked.
    if (this.options.banking !== false && !branches && hasLocalBuffers(this.kernel.printed.generic) && !this.exhausted()) {
      const banked = await this.loopSearch(cyclicBankExtender(this.evaluator));
      await this.evaluateAll(banked.finals);
    }
    // 6. Partitioned arguments, when asked: the fastest schedules with their port-bound argument arrays
    // split into several memories (memory-strategies.ts).
    if (this.options.partitionArguments && !groups && !this.exhausted()) {
      await this.evaluateAll(await partitionedRecipes(this.evaluator, this.candidates, this.evaluator.target.partitioning.maxFactor));
    }
    // 7. Unit limits: the fastest schedules again, binding fewer operator instances (unit-strategies.ts).
    if (this.options.unitLimits !== false && !this.exhausted()) {
      await this.evaluateAll(unitLimitedRecipes(this.candidates, { target: this.evaluator.target, budget: this.evaluator.budget }));
    }
    return this.candidates;
  }
}

/** Loop bodies (iterations of innermost loops) a non-rectangular kernel may have to be unrolled completely. */
const OUTER_FIRST_MAX_BODIES = 4096;

/** Turns a loop recipe into the recipes to evaluate for it, with a label for the log. */
type Extender = ((recipe: Recipe) => Promise<Recipe[]>) & { label: string };

const plain: Extender = Object.assign(async (recipe: Recipe) => [recipe], { label: '' });

function cyclicBankExtender(evaluator: Evaluator): Extender {
  return Object.assign((recipe: Recipe) => withCyclicBanks(evaluator, recipe), { label: ', hoisted and banked' });
}

/** Local buffers, or tensors that bufferization turns into local buffers (results, padded inputs). */
function hasLocalBuffers(generic: string): boolean {
  return /"(?:memref\.alloca?|tensor\.empty|tensor\.pad|bufferization\.alloc_tensor)"\(/.test(generic);
}
