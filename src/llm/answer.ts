import { z } from 'zod';
import { stepSchema } from '../optimize/recipe.js';

/**
 * What the model must answer: a short analysis first (reason, then act), then either recipe steps
 * (preferred) or free-form Transform IR. The same schema drives Ollama's `format`, the OpenAI
 * `response_format` and llama.cpp's grammar.
 */
export const llmAnswerSchema = z.object({
  analysis: z.string().max(2000).describe('two to five sentences: what limits the kernel now and what the steps change'),
  steps: z.array(stepSchema).max(32).optional().describe('the recipe: linalg steps, then loop steps, then function-wide steps'),
  transform: z.string().max(20_000).optional().describe('instead of steps: a complete Transform-dialect module with @__transform_main'),
}).strict();

export type LlmAnswer = z.infer<typeof llmAnswerSchema>;

export function llmAnswerJsonSchema(): object {
  return z.toJSONSchema(llmAnswerSchema, { io: 'input' });
}
