/** One line of `hlsched doctor`: what was looked for, what was found, and what to do when it is missing. */
export interface DoctorCheck {
  name: string;
  /** ok: found and working; missing: not there or not answering; warn: there but not as expected. */
  status: 'ok' | 'missing' | 'warn';
  /** hlsched cannot verify or optimize without it (MLIR 22, a C compiler). */
  required: boolean;
  detail: string;
  /** What to do, when the status is not ok. */
  fix?: string;
}

/** Where the checks look; tests point them at a missing MLIR, a dead port, an empty PATH. */
export interface DoctorContext {
  env: NodeJS.ProcessEnv;
  indexDir: string;
  /** The `llm` section of the config file. */
  llm: { host?: string; baseUrl?: string; modelPath?: string; model?: string };
  /** Time limit of each probe (HTTP request or `--version` run). */
  timeoutMs: number;
}
