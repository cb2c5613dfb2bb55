import { existsSync } from 'node:fs';
import { execa } from 'execa';
import { HlschedError } from '../errors.js';
import type { Toolchain, ToolName, ToolRun, ToolRunOptions } from './types.js';

export const DEFAULT_TOOL_TIMEOUT_MS = 60_000;
export const DEFAULT_TOOL_MEMORY_MB = 4096;

const PRLIMIT = ['/usr/bin/prlimit', '/bin/prlimit'].find((file) => existsSync(file));

/** Listeners that see every command before it runs (the CLI's `--verbose`). */
const commandListeners = new Set<(command: string) => void>();
export function onToolCommand(listener: (command: string) => void): () => void {
  commandListeners.add(listener);
  return () => commandListeners.delete(listener);
}

/**
 * Runs one MLIR tool with an argument array, a time limit and an address-space cap.
 * Exit codes, signals and time-outs come back in the result; only a failure to start throws.
 */
export function runTool(toolchain: Toolchain, tool: ToolName, args: readonly string[],
  options: ToolRunOptions = {}): Promise<ToolRun> {
  return runExecutable(toolchain.path(tool), args, options,
    'check that the MLIR 22 installation is complete (bash scripts/install-mlir.sh)');
}

/** `runTool` for any executable (gcc, bambu): same limits, same result. */
export async function runExecutable(executable: string, args: readonly string[], options: ToolRunOptions = {},
  hintWhenMissing = `check that ${executable} is installed`): Promise<ToolRun> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS;
  const memoryMb = options.memoryMb ?? DEFAULT_TOOL_MEMORY_MB;
  // prlimit caps the address space of the tool itself, so a runaway kernel cannot take the machine.
  const [file, fileArgs] = PRLIMIT
    ? [PRLIMIT, [`--as=${memoryMb * 1024 * 1024}`, '--', executable, ...args]]
    : [executable, [...args]];
  const started = performance.now();
  for (const listener of commandListeners) listener([executable, ...args].join(' '));
  try {
    // Its own process group, so a time-out kills whatever the tool started too: a grandchild that
    // keeps the output pipe open would otherwise hold the run past its limit.
    const subprocess = execa(file, fileArgs, {
      reject: false,
      detached: true,
      stripFinalNewline: false,
      maxBuffer: 256 * 1024 * 1024,
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      ...(options.input === undefined ? { stdin: 'ignore' as const } : { input: options.input }),
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-subprocess.pid!, 'SIGKILL');
      } catch {
        subprocess.kill('SIGKILL');
      }
    }, timeoutMs);
    const result = await subprocess.finally(() => clearTimeout(timer));
    if (result.failed && result.exitCode === undefined && !result.signal) {
      throw result.cause ?? new Error(result.shortMessage);
    }
    return {
      command: result.escapedCommand,
      exitCode: result.exitCode,
      signal: timedOut ? undefined : result.signal,
      timedOut,
      stdout: String(result.stdout ?? ''),
      stderr: String(result.stderr ?? ''),
      durationMs: performance.now() - started,
    };
  } catch (cause) {
    throw new HlschedError('TOOL_FAILED', `cannot start ${executable}`, { hint: hintWhenMissing, cause });
  }
}

/** One line that says how a run ended, for messages. */
export function describeRunEnd(run: ToolRun, timeoutMs?: number): string {
  if (run.timedOut) return `timed out${timeoutMs === undefined ? '' : ` after ${timeoutMs / 1000} s`}`;
  if (run.signal) return `was killed by ${run.signal}`;
  return `exited with code ${run.exitCode}`;
}
