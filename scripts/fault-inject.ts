/**
 * Fault injection: kills, hangs and corruption against the knowledge index and the schedule corpus,
 * then checks that every run recovers and no entry is lost.  `npm run faults [-- --rounds N]`
 *
 * What it proves, per fault:
 *  - SIGKILL of `hlsched ingest` at a random moment: the index still opens (or is absent) and the next
 *    ingest repairs it (stale lock taken over, half-written generations cleaned);
 *  - SIGKILL of `hlsched optimize` at a random moment: the corpus still loads and keeps every entry;
 *  - a truncated docs file or manifest: the error names the fix, and the next ingest rebuilds;
 *  - 8 processes accepting 50 schedules each into one corpus: none lost, none duplicated;
 *  - an mlir-opt that hangs on a candidate: that candidate is rejected at its time limit, the run finishes.
 */
import { cp, mkdtemp, readdir, rm, truncate, writeFile, chmod, mkdir, symlink, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { PACKAGE_ROOT } from '../src/package-root.js';
import { readManifest } from '../src/knowledge/index-files.js';
import { KnowledgeBase } from '../src/knowledge/knowledge-base.js';
import { readStoredSchedules } from '../src/optimize/corpus-store.js';
import { discoverToolchain } from '../src/toolchain/discover.js';

const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1] ?? 5) || 5;
const bin = path.join(PACKAGE_ROOT, 'bin', 'hlsched');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const tally = { injected: 0, recovered: 0, lost: 0 };
const record = (what: string, recovered: boolean, detail = '') => {
  tally.injected++;
  if (recovered) tally.recovered++;
  console.log(`${recovered ? 'recovered' : 'NOT RECOVERED'}  ${what}${detail ? `: ${detail}` : ''}`);
};

const dir = await mkdtemp(path.join(os.tmpdir(), 'hlsched-faults-'));
try {
  const corpus = path.join(dir, 'corpus');
  const index = path.join(dir, 'index');
  await cp(path.join(PACKAGE_ROOT, 'corpus'), corpus, { recursive: true });
  await execa(bin, ['ingest', '--corpus', corpus, '--index', index]);

  for (let i = 0; i < rounds; i++) {
    const child = execa(bin, ['ingest', '--rebuild', '--corpus', corpus, '--index', index], { reject: false });
    await sleep(200 + Math.random() * 3000);
    child.kill('SIGKILL');
    await child;
    const opened = await KnowledgeBase.open(index).then(() => 'opens', (e: Error) => e.message);
    const repaired = await execa(bin, ['ingest', '--corpus', corpus, '--index', index], { reject: false });
    record(`kill ingest #${i + 1}`, (opened === 'opens' || /no index/.test(opened)) && repaired.exitCode === 0, `index ${opened === 'opens' ? 'opened' : opened}, next ingest exit ${repaired.exitCode}`);
  }

  for (const victim of ['docs', 'manifest'] as const) {
    const manifest = (await readManifest(index))!;
    await truncate(path.join(index, victim === 'docs' ? manifest.docsFile : 'manifest.json'), 20);
    const message = await KnowledgeBase.open(index).then(() => 'opened', (e: Error) => e.message);
    const repaired = await execa(bin, ['ingest', '--corpus', corpus, '--index', index], { reject: false });
    const reopened = await KnowledgeBase.open(index).then(() => true, () => false);
    record(`truncate ${victim}`, repaired.exitCode === 0 && reopened, `reader said "${message.slice(0, 90)}"`);
  }

  const before = (await readStoredSchedules(corpus)).length;
  for (let i = 0; i < rounds; i++) {
    const child = execa(bin, ['optimize', path.join(PACKAGE_ROOT, 'eval/kernels/bicg.mlir'), '--llm', 'none', '--target', i % 2 ? 'asic' : 'fpga', '--corpus', corpus, '--index', index, '--out', path.join(dir, 'out')], { reject: false });
    await sleep(300 + Math.random() * 2500);
    child.kill('SIGKILL');
    await child;
    const after = await readStoredSchedules(corpus).then((s) => s.length, () => -1);
    if (after >= 0 && after < before) tally.lost += before - after;
    record(`kill optimize #${i + 1}`, after >= before, `${after} corpus entries (had ${before})`);
  }

  const shared = path.join(dir, 'shared-corpus');
  await Promise.all(Array.from({ length: 8 }, (_, w) => execa('node', [path.join(PACKAGE_ROOT, 'test/helpers/accept-worker.mjs'), shared, String(w), '50'])));
  const stored = await readStoredSchedules(shared);
  const expected = 25 + 8 * 25;
  tally.lost += Math.max(0, expected - stored.length);
  record('8 writers x 50 accepts', stored.length === expected, `${stored.length} entries, expected ${expected}`);

  const real = (await discoverToolchain()).binDir;
  const fakeBin = path.join(dir, 'bin');
  await mkdir(fakeBin);
  for (const tool of ['mlir-runner', 'mlir-translate', 'mlir-tblgen']) await symlink(path.join(real, tool), path.join(fakeBin, tool));
  await writeFile(path.join(fakeBin, 'mlir-opt'), `#!/bin/bash\nfor a in "$@"; do case "$a" in *transform-library-paths=*) grep -q 'factor = 4' "\${a#*paths=}" && sleep 600;; esac; done\nexec "${real}/mlir-opt" "$@"\n`);
  await chmod(path.join(fakeBin, 'mlir-opt'), 0o755);
  const hung = await execa(bin, ['optimize', path.join(PACKAGE_ROOT, 'eval/kernels/gemm.mlir'), '--llm', 'none', '--no-accept', '--timeout', '3', '--corpus', path.join(dir, 'c2'), '--index', index, '--out', path.join(dir, 'out2'), '--json'],
    { env: { MLIR_BIN: fakeBin }, reject: false, timeout: 600_000 });
  const report = hung.exitCode === 0 ? JSON.parse(await readFile(path.join(dir, 'out2', 'report.json'), 'utf8')) : undefined;
  const timedOut = report?.candidateList.filter((c: { error?: string }) => /timed out/.test(c.error ?? '')).length ?? 0;
  record('mlir-opt hangs on every unroll-by-4 candidate', hung.exitCode === 0 && timedOut > 0, `${timedOut} candidates timed out, run exit ${hung.exitCode}, ${report ? `${report.speedup.toFixed(2)}x verified ${report.verified}` : ''}`);

  const leftovers = (await readdir(index)).filter((name) => name.endsWith('.tmp'));
  console.log(`\nfaults injected ${tally.injected}, runs that recovered ${tally.recovered}, entries lost ${tally.lost}; stray temporary files in the index: ${leftovers.length}`);
  process.exitCode = tally.recovered === tally.injected && tally.lost === 0 ? 0 : 1;
} finally {
  await rm(dir, { recursive: true, force: true });
}
