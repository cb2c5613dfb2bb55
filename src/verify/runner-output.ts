import { ORIGINAL_DONE_MARKER, TRANSFORMED_DONE_MARKER } from './harness.js';

export interface RunnerOutput {
  originalDone: boolean;
  transformedDone: boolean;
  /** Per memref argument index: largest |difference| and largest |original value|; NaN stays NaN. */
  measurements: Map<number, { diff: number; scale: number }>;
}

const MEASUREMENT = /^HLSCHED arg (\d+) (diff|scale) (\S+)$/;

function parseNumber(text: string): number {
  const lower = text.toLowerCase();
  if (lower.includes('nan')) return Number.NaN;
  if (lower.includes('inf')) return lower.startsWith('-') ? -Infinity : Infinity;
  return Number(text);
}

/** Reads what the harness's `@__hlsched_main` printed. */
export function parseRunnerOutput(stdout: string): RunnerOutput {
  const measurements = new Map<number, { diff: number; scale: number }>();
  let originalDone = false;
  let transformedDone = false;
  for (const line of stdout.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === ORIGINAL_DONE_MARKER) originalDone = true;
    else if (trimmed === TRANSFORMED_DONE_MARKER) transformedDone = true;
    const match = MEASUREMENT.exec(trimmed);
    if (!match) continue;
    const index = Number(match[1]);
    const entry = measurements.get(index) ?? { diff: Number.NaN, scale: Number.NaN };
    entry[match[2] as 'diff' | 'scale'] = parseNumber(match[3]!);
    measurements.set(index, entry);
  }
  return { originalDone, transformedDone, measurements };
}
