/**
 * Lists of op ids in bounded text: a thousand identical layers must not cost a thousand ids of the
 * budget. Ids are grouped into arithmetic runs (`op3..op4998 every 5`); past a few runs, only the count,
 * the first and last ids and the number of runs are kept.
 */
interface Run {
  first: number;
  last: number;
  step: number;
  count: number;
}

function runsOf(numbers: number[]): Run[] {
  const runs: Run[] = [];
  let i = 0;
  while (i < numbers.length) {
    const first = numbers[i]!;
    if (i + 1 >= numbers.length) { runs.push({ first, last: first, step: 1, count: 1 }); break; }
    const step = numbers[i + 1]! - first;
    let j = i + 1;
    while (j + 1 < numbers.length && numbers[j + 1]! - numbers[j]! === step) j++;
    // Two ids are not worth a run: keep them as singles unless the run goes on.
    if (j - i + 1 >= 3) {
      runs.push({ first, last: numbers[j]!, step, count: j - i + 1 });
      i = j + 1;
    } else {
      runs.push({ first, last: first, step: 1, count: 1 });
      i += 1;
    }
  }
  return runs;
}

/** `op1, op6, op11..op4996 every 5` or, for scattered ids, `1000 ops, op1 ... op9999 (412 runs)`. */
export function summarizeIds(ids: string[], maxParts = 6): string {
  if (ids.length === 0) return 'none';
  const numbered = ids.map((id) => /^(.*?)(\d+)$/.exec(id));
  const prefix = numbered[0]?.[1];
  if (numbered.some((m) => !m || m[1] !== prefix)) {
    return ids.length <= maxParts ? ids.join(', ') : `${ids.length} ops, ${ids[0]} ... ${ids.at(-1)}`;
  }
  const numbers = numbered.map((m) => Number(m![2]));
  const sorted = numbers.every((n, i) => i === 0 || n > numbers[i - 1]!);
  const runs = sorted ? runsOf(numbers) : [];
  if (sorted && runs.length <= maxParts) {
    return runs.map((run) => (run.count === 1 ? `${prefix}${run.first}`
      : `${prefix}${run.first}..${prefix}${run.last}${run.step === 1 ? '' : ` every ${run.step}`}`)).join(', ');
  }
  return `${ids.length} ops, ${ids[0]} ... ${ids.at(-1)}${sorted ? ` (${runs.length} runs)` : ''}`;
}
