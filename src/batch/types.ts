/**
 * A batch run: units of work (one kernel x target, or one unique layer of a whole model) whose
 * results are files in a run folder on the shared filesystem. The files are the truth; the queue
 * (Slurm or local processes) only says what is pending or running.
 */

export type ExecutorName = 'local' | 'slurm';

export interface UnitSpec {
  /** `u003`: stable, sortable, also the folder name under units/. */
  id: string;
  /** The Slurm array index of this unit. */
  index: number;
  kind: 'kernel' | 'layer';
  /** Absolute path of the kernel this unit optimizes (for a layer: the extracted layer kernel). */
  kernel: string;
  target: string;
  func?: string;
  /** What a person reads: `gemm.mlir on fpga`, `model layer 3 (linalg.matmul x9)`. */
  label: string;
  /** Layer units: which model they belong to. */
  model?: number;
}

/** A whole model: its unique layers are units; the stitched schedule is built when all are done. */
export interface ModelSpec {
  index: number;
  path: string;
  func: string;
  target: string;
  layers: Array<{ unit: string; signature: string; op: string; members: Array<{ index: number; line: number }> }>;
  /** Ops whose layer could not be extracted as a kernel of its own: left as they are. */
  skipped: string[];
}

export interface SlurmSettings {
  partition?: string;
  account?: string;
  time?: string;
  cpus: number;
  mem?: string;
  maxRunning?: number;
  extra: string[];
}

export interface Submission {
  executor: ExecutorName;
  /** Slurm's job id of the array; for local runs, the pid of the process that runs the units. */
  jobId: string;
  host: string;
  units: string[];
  at: string;
}

export interface RunSpec {
  version: 1;
  id: string;
  created: string;
  host: string;
  user: string;
  executor: ExecutorName;
  /** The folder commands ran in: relative paths in options resolve from here. */
  cwd: string;
  /** `hlsched optimize` options applied to every unit (target and out are per unit). */
  optimize: Record<string, unknown>;
  /** Cores per unit (Slurm --cpus-per-task; locally, units run side by side on the cores). */
  cpus: number;
  slurm?: SlurmSettings;
  corpus: string;
  /** This host's index cache for the corpus: read by units, written only by batch (once at the end). */
  index: string;
  units: UnitSpec[];
  models: ModelSpec[];
  submissions: Submission[];
}

/** What a unit left in units/<id>/result.json, written atomically by the task that ran it. */
export interface UnitResult {
  unit: string;
  status: 'done' | 'failed';
  /** Why it failed, one line. */
  reason?: string;
  host: string;
  jobId: string | null;
  /** Slurm's SLURM_RESTART_COUNT: 0 on the first run, 1 after a requeue... */
  restarts: number;
  startedAt: string;
  finishedAt: string;
  seconds: number;
  result?: {
    function: string;
    baselineCycles: number;
    bestCycles: number;
    speedup: number;
    verified: boolean;
    steps: string[];
    recipe: unknown;
    source: string;
    accepted: { id: string; duplicate: boolean } | null;
    outDir: string | null;
    evaluations: number;
    /** What the unit's search came to (improved, at-bound, no-improvement, unsupported, over-budget) and why. */
    outcome?: string;
    reason?: string;
  };
}

/** Left by a task stopped by a signal (scancel, requeue, preemption): the unit was not evaluated. */
export interface UnitInterruption {
  unit: string;
  signal: string;
  host: string;
  jobId: string | null;
  at: string;
}

export type UnitState = 'pending' | 'running' | 'done' | 'failed' | 'lost';

export interface UnitStatus {
  unit: UnitSpec;
  state: UnitState;
  /** For failed: the task's reason; for lost: what is known (interrupted by SIGTERM, not evaluated...). */
  reason?: string;
  result?: UnitResult;
}
