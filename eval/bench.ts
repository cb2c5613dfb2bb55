/**
 * `npm run bench`: speed targets, measured here rather than asserted in tests (shared machines are noisy).
 * Reports medians over repeated runs and the machine they ran on.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { discoverToolchain } from '../src/toolchain/discover.js';
import { verify } from '../src/verify/verify.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const RUNS = Number(process.env.HLSCHED_BENCH_RUNS ?? 15);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function timeRuns(runs: number, work: () => Promise<unknown>): Promise<number[]> {
  await work(); // warm the file cache and the toolchain lookup
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work();
    times.push((performance.now() - started) / 1000);
  }
  return times;
}

const toolchain = await discoverToolchain();
const kernel = path.join(root, 'eval/kernels/matmul.mlir');
const schedule = path.join(root, 'eval/schedules/matmul.tile.ok.mlir');
console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown cpu'}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log(`toolchain: MLIR ${toolchain.version} in ${toolchain.binDir}; ${RUNS} runs each\n`);

const toolsTimes: number[] = [];
const libraryTimes = await timeRuns(RUNS, async () => {
  const result = await verify(kernel, schedule);
  if (result.status !== 'ok') throw new Error(`bench schedule did not verify: ${result.status}`);
  // Tool time alone: the sum of the stages the verification ran.
  toolsTimes.push(Object.values(result.timings).reduce((a, b) => a + b, 0) / 1000);
});
const cliTimes = await timeRuns(RUNS, () => execa(path.join(root, 'bin/hlsched'), ['verify', kernel, schedule]));

const TARGET_S = 0.35;
const rows = [
  ['verify 64x64 matmul tile schedule (library call)', median(libraryTimes)],
  ['verify 64x64 matmul tile schedule (bin/hlsched, with Node start-up)', median(cliTimes)],
  ['  of which MLIR tool runs (sum of stages, parse and apply run in parallel)', median(toolsTimes)],
] as const;
for (const [name, seconds] of rows) console.log(`${name.padEnd(78)} median ${seconds.toFixed(3)} s`);
const verdict = median(libraryTimes) <= TARGET_S ? 'meets' : 'misses';
console.log(`\nverify median ${median(libraryTimes).toFixed(3)} s ${verdict} the ${TARGET_S} s target (ratio ${(median(libraryTimes) / TARGET_S).toFixed(2)})`);
