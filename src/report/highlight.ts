import { escapeHtml } from './escape.js';

// One pass over the text: the first alternative that matches at a position wins, so strings and comments hide their insides.
const TOKENS: Array<[string, RegExp]> = [
  ['comment', /\/\/[^\n]*/y],
  ['string', /"(?:[^"\\\n]|\\.)*"/y],
  ['value', /%[\w.$#-]+/y],
  ['symbol', /@[\w.$-]+/y],
  ['type', /!?(?:memref|tensor|vector)<[^>\n]*>|![\w.]+|\b(?:f16|f32|f64|bf16|i1|i8|i16|i32|i64|index)\b/y],
  ['attr', /#[\w.]+(?:<[^>\n]*>)?/y],
  ['op', /\b[a-z_][\w]*(?:\.[a-z_][\w]*)+\b/y],
  ['number', /\b\d+(?:\.\d+)?(?:e[+-]?\d+)?\b/y],
];

/** MLIR text as HTML with `<span class="tok-...">` around comments, strings, values, symbols, types, attributes, ops and numbers. */
export function highlightMlir(text: string): string {
  let html = '';
  let plain = '';
  let at = 0;
  outer: while (at < text.length) {
    for (const [kind, pattern] of TOKENS) {
      pattern.lastIndex = at;
      const match = pattern.exec(text);
      if (match && match[0].length > 0) {
        html += escapeHtml(plain) + `<span class="tok-${kind}">${escapeHtml(match[0])}</span>`;
        plain = '';
        at += match[0].length;
        continue outer;
      }
    }
    // Skip a whole word at once so `op` matches only at word starts.
    const word = /[\w]+|./ys;
    word.lastIndex = at;
    const chunk = word.exec(text)![0];
    plain += chunk;
    at += chunk.length;
  }
  return html + escapeHtml(plain);
}
