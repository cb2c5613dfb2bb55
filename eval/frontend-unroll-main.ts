/** `node dist/eval/frontend-unroll-main.js`: does Bambu's front end unroll what MLIR left rolled? (points within 15% per variant) */
import { formatFrontendUnroll, runFrontendUnroll } from './frontend-unroll.js';

const started = performance.now();
console.log('\nHypothesis: Bambu\'s front end fully unrolls small constant loops (every SODA point, fpga cycles within 15%)');
console.log(formatFrontendUnroll(await runFrontendUnroll()));
console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s)`);
