import { z } from 'zod';
import { stepSchema } from '../optimize/recipe.js';

/**
 * What the model must answer: a short analysis first (reason, then act), then either recipe steps
 * (preferred) or free-form Transform IR. `llmAnswerSchema` validates every answer, whatever the provider.
 */
export const ANALYSIS_MAX_CHARS = 400;
export const STEPS_MAX = 8;

export const llmAnswerSchema = z.object({
  analysis: z.string().max(2000).describe('two to five sentences: what limits the kernel now and what the steps change'),
  steps: z.array(stepSchema).max(32).optional().describe('the recipe: linalg steps, then loop steps, then function-wide steps'),
  transform: z.string().max(20_000).optional().describe('instead of steps: a complete Transform-dialect module with @__transform_main'),
}).strict();

export type LlmAnswer = z.infer<typeof llmAnswerSchema>;

/** What the answer may name: the loop ids of the table and the linalg ops the prompt shows. */
export interface AnswerVocabulary {
  loops: string[];
  /** `rank`: the op's loop count, when known: permutations and tile sizes then have exactly that length. */
  ops: Array<{ name: string; index: number; rank?: number }>;
  /** Per-layer prompts: only linalg and loop steps (function-wide passes act on the whole model). */
  layer?: boolean;
  /** Tokens kept for the answer: a small reserve gets fewer steps and a shorter analysis, so answers fit. */
  answerTokens?: number;
}

/** Steps and analysis length that fit `answerTokens` even with a small-vocabulary tokenizer and a model fond of whitespace (~80 tokens a step). */
export function answerLimits(answerTokens = 1024): { steps: number; analysis: number } {
  return { steps: Math.max(2, Math.min(STEPS_MAX, Math.floor((answerTokens - 160) / 80))), analysis: answerTokens < 1024 ? 200 : ANALYSIS_MAX_CHARS };
}

const FACTORS = [2, 4, 8, 16];

/**
 * The JSON Schema sent as structured output (Ollama `format`, OpenAI `response_format`, llama.cpp
 * grammar). Every string and array is bounded so an answer fits the tokens reserved for it, and
 * loop ids and op references are enums of what the kernel really has: under a grammar even a model that
 * knows nothing of MLIR answers recipes that render and estimate. llama.cpp's grammar makes every listed
 * property required, so optional fields (`ii`, `transform`) are left out; the free-form Transform IR
 * alternative stays in `llmAnswerSchema` for servers that answer it anyway.
 */
export function answerJsonSchema(vocabulary?: AnswerVocabulary): object {
  const loop = vocabulary?.loops.length ? { type: 'string', enum: vocabulary.loops.slice(0, 64) } : { type: 'string', pattern: '^L[0-9]+(\\.[0-9]+)*$', maxLength: 16 };
  const ops = vocabulary?.ops.slice(0, 32) ?? [];
  const step = (kind: string, properties: Record<string, object> = {}) => ({
    type: 'object', properties: { kind: { const: kind }, ...properties }, required: ['kind', ...Object.keys(properties)], additionalProperties: false,
  });
  const steps: object[] = [];
  const list = (items: unknown[], min: number, max: number) => ({ type: 'array', items: { enum: items }, minItems: min, maxItems: max });
  if (!vocabulary) {
    const opRef = { type: 'object', properties: { name: { type: 'string', pattern: '^linalg\\.[a-z_0-9]+$', maxLength: 40 }, index: { type: 'integer', minimum: 0, maximum: 64 } }, required: ['name', 'index'], additionalProperties: false };
    steps.push(step('interchange', { op: opRef, permutation: list([0, 1, 2, 3, 4, 5], 2, 6) }));
    steps.push(step('tile-linalg', { op: opRef, sizes: list([0, 2, 4, 8, 16, 32], 1, 6) }));
  }
  // One branch per op, so each permutation and tile list has that op's length.
  for (const op of ops) {
    const ref = { type: 'object', properties: { name: { const: op.name }, index: { const: op.index } }, required: ['name', 'index'], additionalProperties: false };
    const rank = op.rank && op.rank >= 1 && op.rank <= 8 ? op.rank : undefined;
    if (rank === undefined || rank >= 2) steps.push(step('interchange', { op: ref, permutation: rank ? list([...Array(rank).keys()], rank, rank) : list([0, 1, 2, 3, 4, 5], 2, 6) }));
    steps.push(step('tile-linalg', { op: ref, sizes: rank ? list([0, 2, 4, 8, 16], rank, rank) : list([0, 2, 4, 8, 16], 1, 6) }));
  }
  if (vocabulary?.loops.length !== 0) {
    steps.push(step('pipeline', { loop }));
    steps.push(step('unroll', { loop, factor: { enum: [0, ...FACTORS] } }));
    steps.push(step('unroll-and-jam', { loop, factor: { enum: FACTORS } }));
  }
  if (!vocabulary?.layer) {
    steps.push(step('full-unroll', { times: { enum: [1, 2, 3] } }), step('scalar-replacement'), step('hoist-invariants'), step('fuse-loops'),
      step('tile-loops', { sizes: { type: 'array', items: { enum: [2, 4, 8, 16, 32] }, minItems: 1, maxItems: 3 } }), step('promote-buffers'));
  }
  const limits = answerLimits(vocabulary?.answerTokens);
  return {
    type: 'object',
    properties: {
      analysis: { type: 'string', maxLength: limits.analysis, description: 'two to five sentences: what limits the kernel now and what the steps change' },
      steps: { type: 'array', items: { anyOf: steps }, minItems: 1, maxItems: limits.steps, description: 'the recipe: linalg steps, then loop steps, then function-wide steps' },
    },
    required: ['analysis', 'steps'],
    additionalProperties: false,
  };
}

/** Kept for callers that have no vocabulary: the bounded schema with patterns instead of enums. */
export function llmAnswerJsonSchema(): object {
  return answerJsonSchema();
}
