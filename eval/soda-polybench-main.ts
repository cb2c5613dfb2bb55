/** `node dist/eval/soda-polybench-main.js`: the SODA PolyBench table alone (npm run bench prints it too). */
import { formatAsicAnchor, formatSodaTable, runAsicAnchor, runSodaPolybench } from './soda-polybench.js';

const started = performance.now();
console.log('\nSODA PolyBench (../shared/data/soda-polybench.json): Bambu and Vivado figures against the model (xc7vx690t at 10 ns; nangate45 at 2 ns)');
console.log(formatSodaTable(await runSodaPolybench()));
console.log('\nasic at 5 ns: SODA\'s TensorFlow-tutorial batch matmul on nangate45 (OpenROAD after Bambu), the dataset\'s asic_area_example');
console.log(formatAsicAnchor(await runAsicAnchor()));
console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s)`);
