import { chunkOps, type SchedulableOp } from '../chunking/chunk.js';
import { summarizeIds } from '../chunking/members.js';
import type { Estimate, LoopEstimate } from '../hls/types.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import type { SearchHit } from '../knowledge/types.js';
import { answerJsonSchema } from '../llm/answer.js';
import { buildLayerPrompt, type LayerView } from '../llm/layer-prompt.js';
import { answerReserve, type BuiltPrompt } from '../llm/prompt.js';
import type { Candidate } from './evaluate.js';
import type { KernelInfo } from './kernel-info.js';
import type { LlmProposer, StepAdapter } from './llm-proposer.js';
import { STEP_PHASE, type Recipe, type RecipeStep } from './recipe.js';

/**
 * Whole models, per layer: the model is asked once per unique layer (signature), with that layer's
 * own chunk, the loop table of its representative nest, the bottlenecks inside it and the examples
 * retrieved for its op kind. Its steps address the representative; they are copied to every identical
 * layer (loop ids re-rooted at each member's nest, op indices mapped) and joined to the tuner's best
 * recipe for the rest of the model, so the answer competes in that layer's candidate pool.
 */
export interface Layer {
  view: LayerView;
  /** Top-level loop ids of each member's nest, representative first. */
  nests: string[];
  /** Linalg op references of each member, representative first (linalg layers only). */
  refs: Array<{ name: string; index: number }>;
}

/** The unique layers of a model, heaviest first, with what a prompt and the broadcast need. */
export function describeLayers(layerOps: SchedulableOp[], kernel: KernelInfo, baseline: Estimate, chunkBudget: number): Layer[] {
  const chunks = chunkOps(layerOps, chunkBudget);
  // Top-level nests by source line (a linalg op lowers to a nest at its own line), and loops by nest.
  const group = <K, V>(map: Map<K, V[]>, key: K, value: V) => { const list = map.get(key); if (list) list.push(value); else map.set(key, [value]); };
  const topsByLine = new Map<number, LoopEstimate[]>();
  const loopsByTop = new Map<string, LoopEstimate[]>();
  for (const loop of baseline.loops) {
    group(loopsByTop, loop.id.split('.')[0]!, loop);
    if (loop.depth === 0 && loop.location) group(topsByLine, loop.location.line, loop);
  }
  const topLoopsAt = (line: number) => topsByLine.get(line) ?? [];
  const bySignature = new Map<string, SchedulableOp[]>();
  for (const op of layerOps) group(bySignature, op.signature, op);
  const linalgAt = new Map(kernel.linalgOps.map((op) => [`${op.line}:${op.name}`, op]));
  const layers: Layer[] = [];
  for (const chunk of chunks) {
    const members = bySignature.get(chunk.signature)!;
    const representative = members[0]!;
    const repTops = topLoopsAt(representative.line!);
    if (repTops.length !== 1) continue; // not one nest of its own: nothing a loop step could address
    const top = repTops[0]!;
    const loops = loopsByTop.get(top.id) ?? [top];
    const nests = members.map((member) => topLoopsAt(member.line!)).filter((tops) => tops.length === 1).map((tops) => tops[0]!.id);
    const infos = members.map((member) => linalgAt.get(`${member.line}:${member.name}`)).filter((ref) => ref !== undefined);
    const refs = infos.map((ref) => ({ name: ref.name, index: ref.index }));
    const rank = infos[0]?.iterators.length;
    const cycles = nests.reduce((sum, id) => sum + (loopsByTop.get(id)?.find((loop) => loop.depth === 0)?.totalCycles ?? 0), 0);
    const inside = new Set(loops.map((loop) => loop.id));
    layers.push({
      nests, refs,
      view: {
        signature: chunk.signature, op: representative.name, ...(refs[0] ? { opRef: { ...refs[0], ...(rank ? { rank } : {}) } } : {}),
        count: members.length, members: summarizeIds(members.map((m) => m.id)), text: chunk.text, loops,
        bottlenecks: baseline.bottlenecks.filter((b) => b.loop !== null && inside.has(b.loop)).slice(0, 4),
        cycles, modelCycles: baseline.cycles,
      },
    });
  }
  return layers.sort((a, b) => b.view.cycles - a.view.cycles);
}

const loopOf = (step: RecipeStep): string | undefined => ('loop' in step ? step.loop : undefined);
const topOf = (loop: string) => loop.split('.')[0]!;
const sameRef = (a: { name: string; index: number }, b: { name: string; index: number }) => a.name === b.name && a.index === b.index;

/**
 * Copies a layer answer to every member and joins it to `base` (the tuner's best recipe): the base's
 * steps on this layer's ops and nests give way to the answer's.
 */
export function layerAdapter(layer: Layer, base: RecipeStep[]): StepAdapter {
  return (steps) => {
    const rep = layer.nests[0]!;
    const repRef = layer.refs[0];
    const copies: RecipeStep[] = [];
    for (const step of steps) {
      if (STEP_PHASE[step.kind] === 2) return { error: `${step.kind} acts on the whole model; per layer only linalg and loop steps apply` };
      const loop = loopOf(step);
      if (loop !== undefined) {
        if (topOf(loop) !== rep) return { error: `loop ${loop} is not in this layer's nest ${rep}` };
        for (const nest of layer.nests) copies.push({ ...step, loop: `${nest}${loop.slice(rep.length)}` } as RecipeStep);
      } else if ('op' in step) {
        if (!repRef || !sameRef(step.op, repRef)) return { error: `${step.op.name} index ${step.op.index} is not this layer's op${repRef ? ` (${repRef.name} index ${repRef.index})` : ''}` };
        for (const ref of layer.refs) copies.push({ ...step, op: { ...ref } } as RecipeStep);
      }
    }
    const mine = (step: RecipeStep) => (loopOf(step) !== undefined && layer.nests.includes(topOf(loopOf(step)!)))
      || ('op' in step && layer.refs.some((ref) => sameRef(step.op, ref)));
    // Layer steps first within their phase, as the tuner orders them; phases stay in order.
    const joined = [...base.filter((step) => !mine(step)), ...copies].map((step, i) => ({ step, i }))
      .sort((a, b) => STEP_PHASE[a.step.kind] - STEP_PHASE[b.step.kind] || a.i - b.i).map(({ step }) => step);
    return { recipe: { version: 1, steps: joined } };
  };
}

/** Examples and docs for this layer's op kind and what limits it. */
async function retrieveForLayer(kb: KnowledgeBase | undefined, layer: LayerView): Promise<SearchHit[]> {
  if (!kb) return [];
  const limits = layer.bottlenecks.slice(0, 2).map((b) => b.message.replace(/L[\d.]+/g, '')).join(' ');
  const [examples, docs] = await Promise.all([
    kb.search(`${layer.op} ${limits}`, { k: 2, kind: 'example' }),
    kb.search(`${layer.op} ${limits} pipeline unroll interchange`, { k: 3, kind: 'doc' }),
  ]);
  return [...examples, ...docs];
}

export interface LayerRunOptions {
  layerOps: SchedulableOp[];
  baseline: Estimate;
  /** The candidates so far: the tuner's best estimated recipe is the base every layer answer joins. */
  candidates: Candidate[];
  /** Ask about at most this many layers, heaviest first (default all). */
  maxLayers?: number;
}

/** Builds the prompt for one layer, as `hlsched prompt --layer` prints it. */
export async function layerPrompt(proposer: LlmProposer | undefined, layer: Layer, model: string, target: import('../hls/target.js').TargetSpec,
  options: { kb?: KnowledgeBase; contextTokens: number; countTokens?: (text: string) => number; request?: string; budgetText?: string }): Promise<BuiltPrompt> {
  return buildLayerPrompt({
    model, layer: layer.view, target, retrieved: await retrieveForLayer(options.kb ?? proposer?.kb, layer.view).catch(() => []),
    contextTokens: options.contextTokens, answerTokens: answerReserve(options.contextTokens),
    ...(options.countTokens ? { countTokens: options.countTokens } : {}),
    ...(options.request ? { request: options.request } : {}), ...(options.budgetText ? { budgetText: options.budgetText } : {}),
  });
}

export function chunkBudgetFor(contextTokens: number): number {
  return Math.max(64, Math.floor((contextTokens - answerReserve(contextTokens)) * 0.35));
}

export async function proposeForLayers(proposer: LlmProposer, kernel: KernelInfo, options: LayerRunOptions): Promise<Candidate[]> {
  const context = proposer.contextTokens();
  const countTokens = await proposer.countTokens();
  const layers = describeLayers(options.layerOps, kernel, options.baseline, chunkBudgetFor(context)).slice(0, options.maxLayers ?? Number.POSITIVE_INFINITY);
  const estimated = options.candidates.filter((c) => (c.status === 'estimated' || c.status === 'verified') && c.recipe);
  const bestBase = estimated.sort((a, b) => a.cycles! - b.cycles!)[0];
  proposer.setBest(Math.min(options.baseline.cycles, ...estimated.map((c) => c.cycles!)));
  const base = bestBase?.recipe?.steps ?? [];
  for (const layer of layers) {
    const prompt = await layerPrompt(proposer, layer, kernel.functionName, proposer.targetSpec, {
      contextTokens: context, ...(countTokens ? { countTokens } : {}), ...proposer.promptOptions,
    });
    const schema = answerJsonSchema({ loops: layer.view.loops.map((loop) => loop.id), ops: layer.view.opRef ? [layer.view.opRef] : [], layer: true, answerTokens: answerReserve(context) });
    const reachable = await proposer.converse(prompt, schema, layerAdapter(layer, base), layer.view.signature);
    if (!reachable) break;
  }
  return proposer.candidates;
}
