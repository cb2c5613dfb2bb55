// Runs ingests in a loop until killed: the crash and concurrency tests kill or race it.
import { ingest } from '../../dist/src/knowledge/ingest.js';

const [corpusDir, indexDir, rounds] = process.argv.slice(2);
for (let i = 0; i < Number(rounds); i++) await ingest({ corpusDir, indexDir, skipMlirDocs: true, rebuild: i % 2 === 1 });
