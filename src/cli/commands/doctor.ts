import { readConfig } from '../../config/config-file.js';
import { formatDoctor, runDoctor } from '../../doctor/index.js';
import { DEFAULT_INDEX_DIR } from '../../knowledge/ingest.js';
import type { CliIo } from '../output.js';

export interface DoctorCliOptions {
  index?: string;
  json?: boolean;
}

/** Exit 0 when what hlsched needs is there (optional services may be missing), 1 otherwise. */
export async function runDoctorCommand(options: DoctorCliOptions, io: CliIo): Promise<number> {
  const { file, config } = await readConfig();
  const checks = await runDoctor({
    env: process.env, indexDir: options.index ?? DEFAULT_INDEX_DIR, timeoutMs: 3000,
    llm: (config.llm ?? {}) as { host?: string; baseUrl?: string; modelPath?: string; model?: string },
  });
  const ready = checks.every((c) => !c.required || c.status === 'ok');
  if (options.json) {
    io.stdout(`${JSON.stringify({ ready, config: file, checks }, null, 2)}\n`);
  } else {
    io.stdout(`${formatDoctor(checks)}\nconfig: ${file ?? 'none (hlsched.config.json or ~/.config/hlsched/config.json)'}\n${ready ? 'ready: verify, estimate and optimize can run' : 'not ready: fix the required lines above'}\n`);
  }
  return ready ? 0 : 1;
}
