import path from 'node:path';
import { execa } from 'execa';
import { repoRoot } from './paths.js';

/**
 * Starts (or finds running) the single-node Slurm of scripts/slurm-local.sh and points SLURM_CONF at
 * it for this process and the hlsched processes it starts. Fails, saying why, when it cannot start:
 * a Slurm test never passes without Slurm.
 */
export async function ensureSlurm(): Promise<string> {
  const run = await execa('bash', [path.join(repoRoot, 'scripts', 'slurm-local.sh'), 'start'], { reject: false, timeout: 600_000 });
  const conf = /export SLURM_CONF=(\S+)/.exec(String(run.stdout))?.[1];
  if (run.exitCode !== 0 || !conf) {
    throw new Error(`the single-node Slurm did not start (scripts/slurm-local.sh start exited ${run.exitCode}): ${String(run.stderr).trim().split('\n').slice(-3).join(' | ')}`);
  }
  process.env.SLURM_CONF = conf;
  return conf;
}

/** Array tasks of a job still in the queue. */
export async function queuedTasks(jobId: string): Promise<string[]> {
  const run = await execa('squeue', ['-h', '-r', `--jobs=${jobId}`, '--format=%K|%T'], { reject: false });
  return String(run.stdout).split('\n').filter(Boolean);
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs: number, everyMs = 200): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
