import cliProgress from 'cli-progress';
import { countStates } from './status.js';
import type { UnitStatus } from './types.js';

/** A progress bar on a terminal (stderr): units settled of all, with running, failed and lost counts. */
export function batchProgress(enabled: boolean, label: string): { update: (statuses: UnitStatus[]) => void; stop: () => void } {
  if (!enabled) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar({
    format: `${label} [{bar}] {value}/{total} units | {running} running, {pending} pending, {failed} failed, {lost} lost | {duration_formatted}`,
    hideCursor: true, clearOnComplete: false, stream: process.stderr,
  }, cliProgress.Presets.shades_classic);
  let started = false;
  return {
    update(statuses) {
      const counts = countStates(statuses);
      const payload = { running: counts.running, pending: counts.pending, failed: counts.failed, lost: counts.lost };
      const settled = counts.done + counts.failed + counts.lost;
      if (!started) { bar.start(statuses.length, settled, payload); started = true; } else bar.update(settled, payload);
    },
    stop() { if (started) bar.stop(); },
  };
}
