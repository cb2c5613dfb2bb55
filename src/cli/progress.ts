import cliProgress from 'cli-progress';
import type { OptimizeProgress } from '../optimize/optimize.js';

export interface ProgressReporter {
  /** The optimize log: above the bar on a terminal, a plain line otherwise. */
  log: (message: string) => void;
  onProgress: (progress: OptimizeProgress) => void;
  stop: () => void;
}

/**
 * Optimize's progress on a terminal: one bar (candidates evaluated of the budget, best cycles so far) with
 * log lines printed above it. Not a terminal: plain lines, one per 10 evaluations and one per improvement.
 */
export function createProgress(options: { tty: boolean; write: (text: string) => void; stream?: NodeJS.WritableStream }): ProgressReporter {
  if (!options.tty) {
    let lastBest = Infinity;
    let lastCount = 0;
    return {
      log: (message) => options.write(`${message}\n`),
      onProgress: ({ evaluations, budget, bestCycles }) => {
        if (bestCycles < lastBest || evaluations - lastCount >= 10) {
          options.write(`progress: ${evaluations}/${budget} evaluated, best ${bestCycles} cycles\n`);
          lastBest = Math.min(lastBest, bestCycles);
          lastCount = evaluations;
        }
      },
      stop: () => undefined,
    };
  }
  const bars = new cliProgress.MultiBar({
    format: 'candidates {bar} {value}/{total} | best {best} cycles',
    hideCursor: true, clearOnComplete: true, stopOnComplete: false, barsize: 30,
    ...(options.stream ? { stream: options.stream } : {}),
  }, cliProgress.Presets.shades_classic);
  let bar: cliProgress.SingleBar | undefined;
  return {
    log: (message) => (bar ? bars.log(`${message}\n`) : options.write(`${message}\n`)),
    onProgress: ({ evaluations, budget, bestCycles }) => {
      bar ??= bars.create(budget, 0, { best: bestCycles });
      // The budget bounds the search's own proposals; corpus and model candidates can go past it.
      if (evaluations > bar.getTotal()) bar.setTotal(evaluations);
      bar.update(evaluations, { best: bestCycles });
    },
    stop: () => bars.stop(),
  };
}
