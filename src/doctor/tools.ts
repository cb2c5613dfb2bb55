import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { findBambu } from '../hls/bambu/backend.js';
import { discoverToolchain } from '../toolchain/discover.js';
import { runExecutable } from '../toolchain/run-tool.js';
import type { DoctorCheck, DoctorContext } from './types.js';

/** The first executable called `name` on the context's PATH. */
export function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    try {
      accessSync(path.join(dir, name), constants.X_OK);
      return path.join(dir, name);
    } catch {
      // next
    }
  }
  return undefined;
}

export async function checkMlir(context: DoctorContext): Promise<DoctorCheck> {
  try {
    const toolchain = await discoverToolchain({ env: context.env });
    const missing = (['mlir-runner', 'mlir-tblgen'] as const).filter((tool) => {
      try { accessSync(toolchain.path(tool), constants.X_OK); return false; } catch { return true; }
    });
    if (missing.length) {
      return { name: 'MLIR 22', status: 'warn', required: true, detail: `mlir-opt ${toolchain.version} in ${toolchain.binDir}, but ${missing.join(' and ')} missing there`,
        fix: 'install the whole tool set: apt-get install mlir-22-tools libmlir-22-dev (or bash scripts/install-mlir.sh)' };
    }
    return { name: 'MLIR 22', status: 'ok', required: true, detail: `mlir-opt, mlir-runner, mlir-tblgen ${toolchain.version} in ${toolchain.binDir}` };
  } catch (error) {
    return { name: 'MLIR 22', status: 'missing', required: true, detail: (error as Error).message, fix: (error as { hint?: string }).hint ?? 'install MLIR 22' };
  }
}

export async function checkCompiler(context: DoctorContext): Promise<DoctorCheck> {
  const cc = onPath('gcc', context.env) ?? onPath('cc', context.env);
  const fix = 'install a C compiler: apt-get install build-essential (the C check of Bambu-bound code and hnswlib-node\'s build need it)';
  if (!cc) return { name: 'C compiler', status: 'missing', required: true, detail: 'no gcc or cc on PATH', fix };
  const run = await runExecutable(cc, ['--version'], { timeoutMs: context.timeoutMs }).catch(() => undefined);
  if (!run || run.exitCode !== 0) return { name: 'C compiler', status: 'warn', required: true, detail: `${cc} --version failed`, fix };
  return { name: 'C compiler', status: 'ok', required: true, detail: `${cc}: ${run.stdout.split('\n')[0]}` };
}

export async function checkBambu(context: DoctorContext): Promise<DoctorCheck> {
  const bambu = await findBambu(context.env);
  if (!bambu) {
    return { name: 'Bambu', status: 'missing', required: false, detail: 'no `bambu` on PATH and BAMBU is not set',
      fix: 'install PandA Bambu and put it on PATH (or set BAMBU=/path/to/bambu) for --backend bambu; without it estimates are analytic and `hlsched export` writes a script to run where Bambu is installed' };
  }
  return { name: 'Bambu', status: 'ok', required: false, detail: `${bambu} (estimate --backend bambu, export runs it)` };
}

export async function checkSlurm(context: DoctorContext): Promise<DoctorCheck> {
  const sbatch = onPath('sbatch', context.env);
  if (!sbatch) {
    return { name: 'Slurm', status: 'missing', required: false, detail: 'no sbatch on PATH',
      fix: 'only needed to run batches on a cluster: apt-get install slurm-client (slurm-wlm for a one-machine cluster), or run batches locally' };
  }
  const sinfo = onPath('sinfo', context.env);
  const run = sinfo ? await runExecutable(sinfo, ['-h', '-o', '%P %a'], { timeoutMs: context.timeoutMs }).catch(() => undefined) : undefined;
  if (!run || run.exitCode !== 0) {
    return { name: 'Slurm', status: 'warn', required: false, detail: `${sbatch} found, but sinfo gets no answer from a controller`,
      fix: 'start slurmctld and slurmd (or point SLURM_CONF at your cluster), then check with `sinfo`' };
  }
  return { name: 'Slurm', status: 'ok', required: false, detail: `${sbatch}; partitions: ${run.stdout.trim().split('\n').join(', ') || 'none'}` };
}
