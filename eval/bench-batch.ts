/**
 * `npm run bench` part: `hlsched batch` of 12 kernels on this machine, --executor local against
 * --executor slurm (the single-node Slurm of scripts/slurm-local.sh), wall time and overhead per unit.
 */
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';

const KERNELS = ['matmul', 'gemm', 'atax', '2mm', 'mvt', 'bicg', 'calibration/gemm_2', 'calibration/gemm_4', 'calibration/gemm_8',
  'calibration/atax_2', 'calibration/atax_4', 'calibration/atax_8'];

interface Summary { units: Array<{ id: string; seconds: number; bestCycles: number }> }

async function startSlurm(root: string): Promise<string | undefined> {
  const started = await execa('bash', [path.join(root, 'scripts', 'slurm-local.sh'), 'start'], { reject: false, timeout: 600_000 });
  const conf = /export SLURM_CONF=(\S+)/.exec(String(started.stdout))?.[1];
  if (!conf) console.log(`  slurm: NOT MEASURED: scripts/slurm-local.sh start failed: ${String(started.stderr).trim().split('\n').at(-1)}`);
  return conf;
}

export async function benchBatch(root: string): Promise<void> {
  console.log(`\nhlsched batch: ${KERNELS.length} kernels on fpga, --budget 6, no LLM, 1 core per unit (${os.availableParallelism()} cores here):`);
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'hlsched-bench-batch-'));
  try {
    const kernels = path.join(scratch, 'kernels');
    await mkdir(kernels);
    for (const name of KERNELS) await cp(path.join(root, 'eval', 'kernels', `${name}.mlir`), path.join(kernels, `${path.basename(name)}.mlir`));
    const conf = await startSlurm(root);
    const rows: Array<{ executor: string; wall: number; units: number; inside: number; cycles: string }> = [];
    for (const executor of conf ? ['local', 'slurm'] : ['local']) {
      const runDir = path.join(scratch, `run-${executor}`);
      const started = performance.now();
      const run = await execa(path.join(root, 'bin', 'hlsched'), ['batch', kernels, '--target', 'fpga', '--llm', 'none', '--budget', '6',
        '--executor', executor, '--run-dir', runDir, '--corpus', path.join(scratch, `corpus-${executor}`), '--json', '--poll', '0.5'],
      { env: conf ? { SLURM_CONF: conf } : {}, reject: false });
      const wall = (performance.now() - started) / 1000;
      if (run.exitCode !== 0) throw new Error(`batch --executor ${executor} failed: ${run.stderr.trim().split('\n').at(-1)}`);
      const summary = JSON.parse(run.stdout) as Summary;
      const inside = summary.units.reduce((sum, u) => sum + u.seconds, 0);
      rows.push({ executor, wall, units: summary.units.length, inside, cycles: summary.units.map((u) => u.bestCycles).join(',') });
    }
    const parallel = os.availableParallelism();
    for (const row of rows) {
      // What the units' own work would take spread over the cores; the rest is start-up, queueing and polling.
      const ideal = row.inside / parallel;
      console.log(`  ${row.executor.padEnd(6)} wall ${row.wall.toFixed(1)} s for ${row.units} units; optimizer time inside units ${row.inside.toFixed(1)} s (${(row.inside / row.units).toFixed(2)} s per unit); overhead per unit ${(((row.wall - ideal) * parallel) / row.units).toFixed(2)} s of a core`);
    }
    if (rows.length === 2) {
      console.log(`  slurm / local wall time ${(rows[1]!.wall / rows[0]!.wall).toFixed(2)}x; Slurm adds ${((rows[1]!.wall - rows[0]!.wall) / rows[0]!.units).toFixed(2)} s per unit here; best cycles ${rows[0]!.cycles === rows[1]!.cycles ? 'identical' : 'DIFFER'}`);
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
