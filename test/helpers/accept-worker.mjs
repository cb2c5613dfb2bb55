// A separate process adding accepted schedules to one corpus (the concurrency test starts eight).
import { acceptSchedule } from '../../dist/src/optimize/corpus-store.js';

const [corpusDir, worker, count] = process.argv.slice(2);
for (let i = 0; i < Number(count); i++) {
  // Half the entries are shared by every worker: they must be stored once.
  const shared = i % 2 === 0;
  const label = shared ? `shared-${i}` : `w${worker}-${i}`;
  await acceptSchedule(corpusDir, {
    schedule: `// ${label}\nmodule {}\n`,
    meta: {
      kernel: { name: 'k', signature: '()', sha256: 'b'.repeat(64) }, target: 'fpga', cyclesBefore: 100, cyclesAfter: 50,
      verification: { status: 'ok', maxAbsDiff: 0 }, tools: { mlir: '22.1.8', hlsched: '0.1.0' }, model: null, date: new Date().toISOString(),
    },
  });
}
