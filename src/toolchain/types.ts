/** The MLIR executables hlsched drives. */
export type ToolName = 'mlir-opt' | 'mlir-runner' | 'mlir-tblgen' | 'mlir-translate';

export interface Toolchain {
  /** Folder holding the executables. */
  binDir: string;
  /** Folder holding `libmlir_c_runner_utils.so` and friends, for mlir-runner. */
  libDir: string;
  /** Full version reported by `mlir-opt --version`, for example `22.1.8`. */
  version: string;
  /** Absolute path of each tool. */
  path(tool: ToolName): string;
}

export interface ToolRunOptions {
  /** Kill the tool after this long. @default 60_000 */
  timeoutMs?: number;
  /** Address-space cap in MiB, applied with prlimit where available. @default 4096 */
  memoryMb?: number;
  /** Working directory; relative paths in `args` resolve against it. */
  cwd?: string;
  /** Text fed to the tool's standard input. */
  input?: string;
}

/** What a tool run produced. A non-zero exit is a result, not an exception. */
export interface ToolRun {
  /** The command as a person would type it, arguments escaped. */
  command: string;
  exitCode: number | undefined;
  signal: string | undefined;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  durationMs: number;
}
