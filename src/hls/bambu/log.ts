/** Reads the cycle count out of Bambu's output (`Total cycles : N cycles`) or its `results.txt`. */
export function parseBambuCycles(text: string): number | undefined {
  const total = /Total cycles\s*:\s*(\d+)\s*cycles/.exec(text);
  if (total) return Number(total[1]);
  const run = /Run\s+\d+\s+execution time\s+(\d+)\s+cycles/.exec(text);
  return run ? Number(run[1]) : undefined;
}

/** The first error line Bambu printed, for messages. */
export function firstBambuError(text: string): string | undefined {
  return text.split('\n').map((line) => line.trim()).find((line) => /^(error|Error)\b|^\S*error ->/.test(line));
}
