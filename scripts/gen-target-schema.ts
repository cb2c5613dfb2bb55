/** Writes targets/target.schema.json from the validator, so editors can check target files. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { targetJsonSchema, TARGETS_DIR } from '../src/hls/target.js';

writeFileSync(path.join(TARGETS_DIR, 'target.schema.json'), `${JSON.stringify(targetJsonSchema(), null, 2)}\n`);
