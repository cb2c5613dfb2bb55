import { HlschedError } from '../errors.js';
import type { TargetSpec } from '../hls/target.js';
import type { Estimate } from '../hls/types.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import type { SearchHit } from '../knowledge/types.js';
import { llmAnswerJsonSchema, llmAnswerSchema } from '../llm/answer.js';
import { buildPrompt, type BuiltPrompt } from '../llm/prompt.js';
import type { ChatMessage, LlmProvider } from '../llm/types.js';
import type { Candidate, Evaluator } from './evaluate.js';
import type { KernelInfo } from './kernel-info.js';
import { recipeSchema, type Recipe } from './recipe.js';

/**
 * The language model as one more proposer: several samples first, then repair rounds only when the
 * failure says something the model can act on (the exact parse error, transform diagnostic, result
 * mismatch, or the estimator's bottleneck). A model that answers nonsense costs its samples, nothing more.
 */
export type AttemptOutcome = 'malformed' | 'not-applicable' | 'wrong-result' | 'slower' | 'accepted' | 'model-error';

export interface Attempt {
  sample: number;
  round: number;
  outcome: AttemptOutcome;
  answer: string;
  detail: string;
  cycles?: number;
}

interface Verdict {
  outcome: AttemptOutcome;
  detail: string;
  feedback?: string;
  candidate?: Candidate;
}

export interface LlmRunReport {
  provider: string;
  model: string;
  promptTokens: number;
  promptBudget: number;
  sections: BuiltPrompt['sections'];
  prompt: string;
  attempts: Attempt[];
}

export interface LlmProposerOptions {
  samples?: number;
  repairs?: number;
  request?: string;
  contextTokens?: number;
  kb?: KnowledgeBase;
  log?: (message: string) => void;
  onToken?: (text: string) => void;
}

/** What to retrieve for the prompt: examples and accepted schedules like this kernel, docs for what limits it. */
export async function retrieveContext(kb: KnowledgeBase | undefined, kernel: KernelInfo, baseline: Estimate): Promise<SearchHit[]> {
  if (!kb) return [];
  const about = `${kernel.functionName} ${kernel.linalgOps.map((op) => op.name).join(' ')} ${kernel.signature}`;
  const limits = baseline.bottlenecks.slice(0, 2).map((b) => b.message.replace(/L[\d.]+/g, '')).join(' ');
  const [schedules, examples, docs] = await Promise.all([
    kb.search(about, { k: 2, kind: 'schedule' }),
    kb.search(`${about} ${limits}`, { k: 3, kind: 'example' }),
    kb.search(`${limits} pipeline unroll interchange`, { k: 4, kind: 'doc' }),
  ]);
  const seen = new Set<string>();
  return [...schedules, ...examples, ...docs].filter((hit) => !seen.has(hit.id) && seen.add(hit.id));
}

export class LlmProposer {
  readonly candidates: Candidate[] = [];
  report?: LlmRunReport;

  constructor(private readonly provider: LlmProvider, private readonly evaluator: Evaluator, private readonly kernel: KernelInfo,
    private readonly target: TargetSpec, private readonly options: LlmProposerOptions = {}) {}

  /** Judges one answer; returns the outcome and, when the model can act on it, feedback to send. */
  private async judge(answer: string, best: number): Promise<Verdict> {
    let json: unknown;
    try {
      json = JSON.parse(answer);
    } catch (error) {
      return { outcome: 'malformed', detail: `not JSON: ${(error as Error).message}`, feedback: `Your answer is not valid JSON (${(error as Error).message}). Answer with one JSON object only.` };
    }
    const parsed = llmAnswerSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const where = issue.path.join('.');
      return { outcome: 'malformed', detail: `${where}: ${issue.message}`, feedback: `Your answer does not match the schema at ${where || 'the top level'}: ${issue.message}. Fix that field.` };
    }
    let recipe: Recipe | undefined;
    if (parsed.data.steps) {
      const checked = recipeSchema.safeParse({ version: 1, steps: parsed.data.steps, note: parsed.data.analysis.slice(0, 1000) });
      if (!checked.success) {
        const issue = checked.error.issues[0]!;
        return { outcome: 'malformed', detail: `${issue.path.join('.')}: ${issue.message}`, feedback: `The recipe is invalid at ${issue.path.join('.')}: ${issue.message}.` };
      }
      recipe = checked.data;
    } else if (!parsed.data.transform) {
      return { outcome: 'malformed', detail: 'neither steps nor transform', feedback: 'Give "steps" (a recipe) after your analysis.' };
    }
    const candidate = await this.evaluator.estimate('llm', recipe, recipe ? undefined : parsed.data.transform);
    this.candidates.push(candidate);
    if (candidate.status === 'rejected') {
      return { outcome: 'not-applicable', detail: candidate.error ?? 'rejected', candidate, feedback: `The schedule could not be applied: ${candidate.error}. Use only the loop ids and ops listed, and factors that divide trip counts.` };
    }
    if (candidate.cycles! >= best) {
      const limits = candidate.estimate!.bottlenecks.slice(0, 3).map((b) => `- ${b.message}`).join('\n');
      return { outcome: 'slower', detail: `${candidate.cycles} cycles, best so far ${best}`, candidate,
        feedback: `That schedule takes ${candidate.cycles} cycles; the best so far takes ${best}. What limits it now:\n${limits}\nPropose a faster recipe.` };
    }
    const verified = await this.evaluator.verify(candidate);
    const index = this.candidates.indexOf(candidate);
    this.candidates[index] = verified;
    if (verified.status !== 'verified') {
      return { outcome: 'wrong-result', detail: verified.error ?? verified.status, candidate: verified,
        feedback: `That schedule changes the kernel's results (${verified.verification?.status ?? verified.status}${verified.verification?.maxAbsDiff ? `, max |diff| ${verified.verification.maxAbsDiff}` : ''}): it breaks a dependence. Use only legal transformations.` };
    }
    return { outcome: 'accepted', detail: `${verified.cycles} cycles, verified`, candidate: verified };
  }

  async run(baseline: Estimate, bestSoFar: number): Promise<Candidate[]> {
    const log = this.options.log ?? (() => undefined);
    const retrieved = await retrieveContext(this.options.kb, this.kernel, baseline).catch(() => []);
    const prompt = buildPrompt({
      kernel: this.kernel, baseline, target: this.target, retrieved,
      ...(this.options.request ? { request: this.options.request } : {}),
      ...(this.options.contextTokens ? { contextTokens: this.options.contextTokens } : {}),
    });
    const attempts: Attempt[] = [];
    this.report = {
      provider: this.provider.name, model: this.provider.model, promptTokens: prompt.tokens, promptBudget: prompt.budget,
      sections: prompt.sections, prompt: prompt.messages.map((m) => `[${m.role}]\n${m.content}`).join('\n\n'), attempts,
    };
    log(`llm: ${this.provider.name} ${this.provider.model}, prompt ${prompt.tokens}/${prompt.budget} tokens`);
    const schema = llmAnswerJsonSchema();
    let best = bestSoFar;
    const samples = this.options.samples ?? 3;
    const repairs = this.options.repairs ?? 2;
    for (let sample = 0; sample < samples; sample++) {
      const messages: ChatMessage[] = [...prompt.messages];
      for (let round = 0; round <= repairs; round++) {
        let answer: string;
        try {
          answer = await this.provider.chat(messages, { schema, temperature: round === 0 ? 0.8 : 0.4, seed: sample * 101 + round, ...(this.options.onToken ? { onToken: this.options.onToken } : {}) });
        } catch (error) {
          const message = HlschedError.isInstance(error) ? error.message : (error as Error).message;
          attempts.push({ sample, round, outcome: 'model-error', answer: '', detail: message });
          log(`llm sample ${sample + 1}: the model failed (${message})`);
          // An unreachable server will not come back within this run.
          if (HlschedError.isInstance(error) && error.code === 'BACKEND_UNAVAILABLE') return this.candidates;
          break;
        }
        const verdict: Verdict = await this.judge(answer, best).catch((error: unknown): Verdict => ({ outcome: 'malformed', detail: (error as Error).message }));
        attempts.push({ sample, round, outcome: verdict.outcome, answer: answer.slice(0, 4000), detail: verdict.detail, ...(verdict.candidate?.cycles ? { cycles: verdict.candidate.cycles } : {}) });
        log(`llm sample ${sample + 1} round ${round + 1}: ${verdict.outcome} (${verdict.detail.slice(0, 160)})`);
        if (verdict.outcome === 'accepted') {
          best = Math.min(best, verdict.candidate!.cycles!);
          break;
        }
        if (!verdict.feedback) break;
        messages.push({ role: 'assistant', content: answer.slice(0, 4000) }, { role: 'user', content: verdict.feedback });
      }
    }
    return this.candidates;
  }
}

