import { analyzeKernel } from '../dist/src/optimize/kernel-info.js';
import { Evaluator } from '../dist/src/optimize/evaluate.js';
import { discoverToolchain } from '../dist/src/toolchain/discover.js';
import { loadTarget } from '../dist/src/hls/target.js';
import { mkdtemp } from 'node:fs/promises';
const file = process.argv[2];
const kernel = await analyzeKernel(await discoverToolchain(), file);
const target = await loadTarget('fpga');
const ev = new Evaluator(kernel, target, await mkdtemp('/tmp/syrkx-'));
const recipes = JSON.parse(process.argv[3]);
for (const steps of recipes) {
  const t = Date.now();
  const c = await ev.estimate('user', { version: 1, steps });
  console.log(c.status, c.cycles, c.estimate?.resources?.dsp, c.estimate?.resources?.operators, c.error ?? '', c.estimate?.bottlenecks?.[0]?.message?.slice(0, 150), `${Date.now() - t} ms`);
}
