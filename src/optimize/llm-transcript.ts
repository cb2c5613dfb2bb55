import type { LlmRunReport } from './llm-proposer.js';

/** `llm-transcript.md`: every prompt sent (one per layer in whole-model mode) and every answer with its status. */
export function transcript(report: LlmRunReport): string {
  const statuses = new Map<string, number>();
  for (const attempt of report.attempts) statuses.set(attempt.outcome, (statuses.get(attempt.outcome) ?? 0) + 1);
  return [
    `# What ${report.provider} ${report.model} was told and answered`, '',
    `${report.prompts.length} prompt${report.prompts.length === 1 ? '' : 's'}, ${report.attempts.length} answers: ${[...statuses].map(([status, n]) => `${n} ${status}`).join(', ') || 'none'}.`, '',
    '| # | layer | sample | round | status | schema-valid | cycles | tokens | seconds |', '|---|---|---|---|---|---|---|---|---|',
    ...report.attempts.map((a, i) => `| ${i + 1} | ${a.layer ?? '-'} | ${a.sample + 1} | ${a.round + 1} | ${a.outcome} | ${a.schemaValid ? 'yes' : 'no'} | ${a.cycles ?? '-'} | ${a.answerTokens ?? '-'} | ${a.seconds.toFixed(2)} |`),
    '',
    ...report.prompts.flatMap((p) => [
      `## Prompt${p.layer ? ` for layer ${p.layer}` : ''}: ${p.tokens} of ${p.budget} tokens`, '',
      '| section | tokens | included |', '|---|---|---|', ...p.sections.map((s) => `| ${s.name} | ${s.tokens} | ${s.included} |`), '',
      '````', p.text, '````', '',
    ]),
    '## Answers', '',
    ...report.attempts.flatMap((a) => [`### ${a.layer ? `layer ${a.layer}, ` : ''}sample ${a.sample + 1}, round ${a.round + 1}: ${a.outcome}`, a.detail, '', '```json', a.answer, '```', '']),
  ].join('\n');
}
