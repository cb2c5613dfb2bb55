/** `node dist/eval/soda-polybench-main.js`: the SODA PolyBench table alone (npm run bench prints it too). */
import { formatSodaTable, runSodaPolybench } from './soda-polybench.js';

const started = performance.now();
console.log('\nSODA PolyBench (../shared/data/soda-polybench.json): Bambu and Vivado figures against the model (xc7vx690t at 10 ns; nangate45 at 2 ns)');
console.log(formatSodaTable(await runSodaPolybench()));
console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s)`);
