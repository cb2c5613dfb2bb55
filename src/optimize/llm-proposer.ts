import { HlschedError } from '../errors.js';
import type { TargetSpec } from '../hls/target.js';
import type { Estimate } from '../hls/types.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import type { SearchHit } from '../knowledge/types.js';
import { answerJsonSchema, llmAnswerSchema, type AnswerVocabulary } from '../llm/answer.js';
import { answerReserve, buildPrompt, type BuiltPrompt } from '../llm/prompt.js';
import { AnswerCutOff, type ChatMessage, type LlmProvider } from '../llm/types.js';
import type { Candidate, Evaluator } from './evaluate.js';
import type { KernelInfo } from './kernel-info.js';
import { recipeSchema, type Recipe, type RecipeStep } from './recipe.js';

/**
 * The language model as one more proposer: several samples first, then repair rounds only when the
 * failure says something the model can act on (the exact parse error, transform diagnostic, result
 * mismatch, the estimator's bottleneck, or that the answer was cut off). A model that answers nonsense
 * costs its samples, nothing more. Whole models are asked once per unique layer (`layer-proposer.ts`).
 */
export type AttemptOutcome = 'malformed' | 'not-applicable' | 'wrong-result' | 'slower' | 'accepted' | 'model-error' | 'cut-off';

export interface Attempt {
  sample: number;
  round: number;
  outcome: AttemptOutcome;
  answer: string;
  detail: string;
  cycles?: number;
  /** Whole-model mode: the layer's signature. */
  layer?: string;
  /** The answer parsed and matched the schema (it may still fail to apply). */
  schemaValid: boolean;
  /** The candidate passed differential verification. */
  verified: boolean;
  answerTokens?: number;
  seconds: number;
}

interface Verdict {
  outcome: AttemptOutcome;
  detail: string;
  feedback?: string;
  candidate?: Candidate;
  schemaValid: boolean;
}

/** One prompt sent (the kernel's, or one per layer), with its accounting. */
export interface PromptRecord {
  layer?: string;
  tokens: number;
  budget: number;
  sections: BuiltPrompt['sections'];
  text: string;
}

export interface LlmRunReport {
  provider: string;
  model: string;
  /** The largest prompt sent and its budget. */
  promptTokens: number;
  promptBudget: number;
  sections: BuiltPrompt['sections'];
  prompt: string;
  prompts: PromptRecord[];
  attempts: Attempt[];
}

export interface LlmProposerOptions {
  samples?: number;
  repairs?: number;
  request?: string;
  /** The resource budget in words, when one is set (shown with the objective). */
  budgetText?: string;
  contextTokens?: number;
  kb?: KnowledgeBase;
  log?: (message: string) => void;
  onToken?: (text: string) => void;
}

/** Turns the answer's steps into the recipe to evaluate (identity for a kernel; broadcast for a layer). */
export type StepAdapter = (steps: RecipeStep[]) => { recipe: Recipe } | { error: string };

/** What to retrieve for the prompt: examples and accepted schedules like this kernel, docs for what limits it. */
export async function retrieveContext(kb: KnowledgeBase | undefined, kernel: KernelInfo, baseline: Estimate): Promise<SearchHit[]> {
  if (!kb) return [];
  const about = `${kernel.functionName} ${[...new Set(kernel.linalgOps.map((op) => op.name))].slice(0, 12).join(' ')} ${kernel.signature.slice(0, 400)}`;
  const limits = baseline.bottlenecks.slice(0, 2).map((b) => b.message.replace(/L[\d.]+/g, '')).join(' ');
  const [schedules, examples, docs] = await Promise.all([
    kb.search(about, { k: 2, kind: 'schedule' }),
    kb.search(`${about} ${limits}`, { k: 3, kind: 'example' }),
    kb.search(`${limits} pipeline unroll interchange`, { k: 4, kind: 'doc' }),
  ]);
  const seen = new Set<string>();
  return [...schedules, ...examples, ...docs].filter((hit) => !seen.has(hit.id) && seen.add(hit.id));
}

/** The loop ids and linalg ops of a kernel, for the answer schema's enums. */
export function kernelVocabulary(kernel: KernelInfo, baseline: Estimate): AnswerVocabulary {
  return { loops: baseline.loops.map((loop) => loop.id), ops: kernel.linalgOps.map((op) => ({ name: op.name, index: op.index, ...(op.iterators.length ? { rank: op.iterators.length } : {}) })) };
}

export class LlmProposer {
  readonly candidates: Candidate[] = [];
  report?: LlmRunReport;
  private best = Number.POSITIVE_INFINITY;
  private counter?: (text: string) => number;

  constructor(private readonly provider: LlmProvider, private readonly evaluator: Evaluator, private readonly kernel: KernelInfo,
    private readonly target: TargetSpec, private readonly options: LlmProposerOptions = {}) {}

  get kb(): KnowledgeBase | undefined {
    return this.options.kb;
  }

  /** The context the prompts are built for: what the provider really uses, else what was asked. */
  contextTokens(): number {
    return this.provider.contextWindow?.() ?? this.options.contextTokens ?? 8192;
  }

  /** The provider's own tokenizer when it has one (llama.cpp), loaded once. */
  async countTokens(): Promise<((text: string) => number) | undefined> {
    if (!this.counter && this.provider.tokenCounter) this.counter = await this.provider.tokenCounter().catch(() => undefined);
    return this.counter;
  }

  get promptOptions(): { request?: string; budgetText?: string } {
    return { ...(this.options.request ? { request: this.options.request } : {}), ...(this.options.budgetText ? { budgetText: this.options.budgetText } : {}) };
  }

  /** Judges one answer; returns the outcome and, when the model can act on it, feedback to send. */
  private async judge(answer: string, adapt: StepAdapter): Promise<Verdict> {
    let json: unknown;
    try {
      json = JSON.parse(answer);
    } catch (error) {
      return { outcome: 'malformed', schemaValid: false, detail: `not JSON: ${(error as Error).message}`, feedback: `Your answer is not valid JSON (${(error as Error).message}). Answer with one JSON object only.` };
    }
    const parsed = llmAnswerSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const where = issue.path.join('.');
      return { outcome: 'malformed', schemaValid: false, detail: `${where}: ${issue.message}`, feedback: `Your answer does not match the schema at ${where || 'the top level'}: ${issue.message}. Fix that field.` };
    }
    let recipe: Recipe | undefined;
    if (parsed.data.steps) {
      const adapted = adapt(parsed.data.steps);
      if ('error' in adapted) return { outcome: 'not-applicable', schemaValid: true, detail: adapted.error, feedback: `${adapted.error}. Use only the loop ids and ops listed.` };
      const checked = recipeSchema.safeParse({ ...adapted.recipe, note: parsed.data.analysis.slice(0, 1000) });
      if (!checked.success) {
        const issue = checked.error.issues[0]!;
        return { outcome: 'malformed', schemaValid: true, detail: `${issue.path.join('.')}: ${issue.message}`, feedback: `The recipe is invalid at ${issue.path.join('.')}: ${issue.message}.` };
      }
      recipe = checked.data;
    } else if (!parsed.data.transform) {
      return { outcome: 'malformed', schemaValid: false, detail: 'neither steps nor transform', feedback: 'Give "steps" (a recipe) after your analysis.' };
    }
    const candidate = await this.evaluator.estimate('llm', recipe, recipe ? undefined : parsed.data.transform);
    this.candidates.push(candidate);
    if (candidate.status === 'rejected') {
      return { outcome: 'not-applicable', schemaValid: true, detail: candidate.error ?? 'rejected', candidate, feedback: `The schedule could not be applied: ${candidate.error}. Use only the loop ids and ops listed, and factors that divide trip counts.` };
    }
    if (candidate.cycles! >= this.best) {
      const limits = candidate.estimate!.bottlenecks.slice(0, 3).map((b) => `- ${b.message}`).join('\n');
      return { outcome: 'slower', schemaValid: true, detail: `${candidate.cycles} cycles, best so far ${this.best}`, candidate,
        feedback: `That schedule takes ${candidate.cycles} cycles; the best so far takes ${this.best}. What limits it now:\n${limits}\nPropose a faster recipe.` };
    }
    const verified = await this.evaluator.verify(candidate);
    this.candidates[this.candidates.indexOf(candidate)] = verified;
    if (verified.status !== 'verified') {
      return { outcome: 'wrong-result', schemaValid: true, detail: verified.error ?? verified.status, candidate: verified,
        feedback: `That schedule changes the kernel's results (${verified.verification?.status ?? verified.status}${verified.verification?.maxAbsDiff ? `, max |diff| ${verified.verification.maxAbsDiff}` : ''}): it breaks a dependence. Use only legal transformations.` };
    }
    return { outcome: 'accepted', schemaValid: true, detail: `${verified.cycles} cycles, verified`, candidate: verified };
  }

  private startReport(): LlmRunReport {
    this.report ??= { provider: this.provider.name, model: this.provider.model, promptTokens: 0, promptBudget: 0, sections: [], prompt: '', prompts: [], attempts: [] };
    return this.report;
  }

  /**
   * Keeps a repair conversation within the budget: all of it; else the prompt with only the latest
   * answer and feedback; else the prompt with the feedback alone, cut to the room left.
   */
  private fit(messages: ChatMessage[], budget: number): ChatMessage[] | undefined {
    const count = this.counter ?? ((text: string) => Math.ceil(text.length / 3));
    const size = (list: ChatMessage[]) => list.reduce((sum, m) => sum + count(m.content) + 8, 0);
    if (size(messages) <= budget) return messages;
    const trimmed = [...messages.slice(0, 2), ...messages.slice(-2)];
    if (size(trimmed) <= budget) return trimmed;
    const room = budget - size(messages.slice(0, 2)) - 16;
    if (room < 24) return undefined;
    const feedback = messages.at(-1)!.content;
    const [system, user] = messages;
    let text = `Your previous answer failed: ${feedback}`;
    while (text.length > 40 && count(text) > room) text = `${text.slice(0, Math.floor(text.length * 0.8))}...`;
    return count(text) <= room ? [system!, { role: 'user', content: `${user!.content}\n\n${text}` }] : undefined;
  }

  /**
   * Sends one prompt `samples` times, with repairs; every answer is judged through `adapt` and recorded.
   * Returns false when the provider is unreachable (no point asking again in this run).
   */
  async converse(prompt: BuiltPrompt, schema: object, adapt: StepAdapter, layer?: string): Promise<boolean> {
    const log = this.options.log ?? (() => undefined);
    const report = this.startReport();
    const text = prompt.messages.map((m) => `[${m.role}]\n${m.content}`).join('\n\n');
    report.prompts.push({ ...(layer ? { layer } : {}), tokens: prompt.tokens, budget: prompt.budget, sections: prompt.sections, text });
    if (prompt.tokens >= report.promptTokens) Object.assign(report, { promptTokens: prompt.tokens, promptBudget: prompt.budget, sections: prompt.sections });
    report.prompt = report.prompts.map((p) => (p.layer ? `===== layer ${p.layer} =====\n${p.text}` : p.text)).join('\n\n');
    log(`llm: ${this.provider.name} ${this.provider.model}${layer ? `, layer ${layer}` : ''}, prompt ${prompt.tokens}/${prompt.budget} tokens`);
    const samples = this.options.samples ?? 3;
    const repairs = this.options.repairs ?? 2;
    const maxTokens = this.contextTokens() - prompt.budget;
    for (let sample = 0; sample < samples; sample++) {
      let messages: ChatMessage[] = [...prompt.messages];
      for (let round = 0; round <= repairs; round++) {
        const started = performance.now();
        let answer: string;
        let answerTokens: number | undefined;
        const record = (verdict: Omit<Verdict, 'feedback'>, answerText: string) => {
          report.attempts.push({
            sample, round, outcome: verdict.outcome, answer: answerText.slice(0, 4000), detail: verdict.detail, ...(layer ? { layer } : {}),
            ...(verdict.candidate?.cycles ? { cycles: verdict.candidate.cycles } : {}), schemaValid: verdict.schemaValid,
            verified: verdict.candidate?.status === 'verified', ...(answerTokens === undefined ? {} : { answerTokens }),
            seconds: (performance.now() - started) / 1000,
          });
          log(`llm${layer ? ` ${layer}` : ''} sample ${sample + 1} round ${round + 1}: ${verdict.outcome} (${verdict.detail.slice(0, 160)})`);
        };
        try {
          answer = await this.provider.chat(messages, {
            schema, maxTokens, temperature: round === 0 ? 0.8 : 0.4, seed: sample * 101 + round,
            onUsage: (usage) => { answerTokens = usage.answerTokens; },
            ...(this.options.onToken ? { onToken: this.options.onToken } : {}),
          });
        } catch (error) {
          if (AnswerCutOff.isInstance(error)) {
            record({ outcome: 'cut-off', detail: error.message, schemaValid: false }, error.partial);
            const next = this.fit([...messages, { role: 'assistant', content: error.partial.slice(0, 2000) }, { role: 'user', content: `Your answer was cut off at ${error.maxTokens} tokens. Answer again, shorter: two sentences of analysis and at most four steps.` }], prompt.budget);
            if (!next) break;
            messages = next;
            continue;
          }
          const message = HlschedError.isInstance(error) ? error.message : (error as Error).message;
          record({ outcome: 'model-error', detail: message, schemaValid: false }, '');
          // An unreachable server will not come back within this run.
          if (HlschedError.isInstance(error) && error.code === 'BACKEND_UNAVAILABLE') return false;
          break;
        }
        const verdict: Verdict = await this.judge(answer, adapt).catch((error: unknown): Verdict => ({ outcome: 'malformed', schemaValid: false, detail: (error as Error).message }));
        record(verdict, answer);
        if (verdict.outcome === 'accepted') {
          this.best = Math.min(this.best, verdict.candidate!.cycles!);
          break;
        }
        if (!verdict.feedback) break;
        const next = this.fit([...messages, { role: 'assistant', content: answer.slice(0, 4000) }, { role: 'user', content: verdict.feedback }], prompt.budget);
        if (!next) break;
        messages = next;
      }
    }
    return true;
  }

  /** The kernel as one prompt. */
  async run(baseline: Estimate, bestSoFar: number): Promise<Candidate[]> {
    this.best = Math.min(this.best, bestSoFar);
    const retrieved = await retrieveContext(this.options.kb, this.kernel, baseline).catch(() => []);
    const context = this.contextTokens();
    const countTokens = await this.countTokens();
    const schema = answerJsonSchema({ ...kernelVocabulary(this.kernel, baseline), answerTokens: answerReserve(context) });
    const prompt = buildPrompt({
      kernel: this.kernel, baseline, target: this.target, retrieved, ...this.promptOptions, contextTokens: context, answerTokens: answerReserve(context),
      ...(countTokens ? { countTokens } : {}),
    });
    await this.converse(prompt, schema, (steps) => ({ recipe: { version: 1, steps } }));
    return this.candidates;
  }

  /** Lets the layer proposer start from the best known cycles. */
  setBest(cycles: number): void {
    this.best = Math.min(this.best, cycles);
  }

  get targetSpec(): TargetSpec {
    return this.target;
  }
}
