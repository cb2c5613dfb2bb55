import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptSchedule } from '../../src/optimize/corpus-store.js';
import { discoverToolchain } from '../../src/toolchain/discover.js';
import { hlschedBin, kernel, schedule } from '../helpers/paths.js';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(path.join(os.tmpdir(), 'hlsched-sigterm-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

/** MLIR 22 whose mlir-opt is stopped by SIGTERM (as scancel or a requeue would) on schedules carrying a marker. */
async function terminatedToolchain(): Promise<string> {
  const real = (await discoverToolchain()).binDir;
  const bin = path.join(dir, 'bin');
  await mkdir(bin, { recursive: true });
  for (const tool of ['mlir-runner', 'mlir-translate', 'mlir-tblgen']) await symlink(path.join(real, tool), path.join(bin, tool)).catch(() => undefined);
  await writeFile(path.join(bin, 'mlir-opt'), `#!/bin/bash
for arg in "$@"; do case "$arg" in --transform-preload-library=transform-library-paths=*) grep -q HLSCHED_FAULT_TERM "\${arg#*paths=}" && kill -TERM $$;; esac; done
exec "${real}/mlir-opt" "$@"
`);
  await chmod(path.join(bin, 'mlir-opt'), 0o755);
  return bin;
}

describe('a tool stopped by SIGTERM mid-candidate', () => {
  it('is recorded as not evaluated, never as a rejected or failed schedule; the run goes on', async () => {
    const bin = await terminatedToolchain();
    const corpus = path.join(dir, 'corpus');
    const kernelText = await readFile(kernel('gemm.mlir'), 'utf8');
    await acceptSchedule(corpus, {
      schedule: `// HLSCHED_FAULT_TERM\n${await readFile(schedule('gemm.unroll.ok.mlir'), 'utf8')}`,
      meta: {
        kernel: { name: 'gemm', signature: '()', sha256: createHash('sha256').update(kernelText).digest('hex') }, target: 'fpga',
        cyclesBefore: 2, cyclesAfter: 1, verification: { status: 'ok', maxAbsDiff: 0 }, tools: { mlir: '22.1.8', hlsched: '0.1.0' }, model: null, date: new Date().toISOString(),
      },
    });
    const out = path.join(dir, 'out');
    const run = await execa(hlschedBin, ['optimize', kernel('gemm.mlir'), '--llm', 'none', '--budget', '6', '--corpus', corpus, '--index', path.join(dir, 'no-index'),
      '--out', out, '--json', '--no-accept'], { env: { MLIR_BIN: bin }, reject: false });
    expect(run.exitCode, run.stderr).toBe(0);
    const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8'));
    const fromCorpus = report.candidateList.filter((c: { source: string }) => c.source === 'corpus');
    expect(fromCorpus).toHaveLength(1);
    expect(fromCorpus[0]).toMatchObject({ status: 'not-evaluated', error: expect.stringMatching(/SIGTERM/) });
    expect(report.candidates.byStatus['not-evaluated']).toBe(1);
    expect(report.verified).toBe(true);
  });
});
