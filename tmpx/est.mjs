import { AnalyticBackend } from '../dist/src/hls/estimate.js';
import { loadTarget } from '../dist/src/hls/target.js';
const t = Date.now();
const e = await new AnalyticBackend().estimate(process.argv[2], await loadTarget('fpga'), { func: process.argv[3] });
console.log(e.cycles, Date.now() - t, 'ms');
