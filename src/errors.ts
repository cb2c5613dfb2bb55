import type { Diagnostic } from './toolchain/diagnostics.js';

/**
 * Every failure hlsched reports on purpose is an `HlschedError` with a code from this catalogue.
 * The code decides the exit status: bad input or usage is 2, a rejected schedule is 1.
 */
export const errorCodes = {
  USAGE: { exitCode: 2, summary: 'the command line is wrong' },
  INPUT_UNREADABLE: { exitCode: 2, summary: 'an input file cannot be read' },
  KERNEL_INVALID: { exitCode: 2, summary: 'the kernel does not parse or verify' },
  KERNEL_UNSUPPORTED: { exitCode: 2, summary: 'the kernel uses something the harness cannot drive' },
  TARGET_INVALID: { exitCode: 2, summary: 'a target hardware spec is malformed' },
  BACKEND_UNAVAILABLE: { exitCode: 2, summary: 'the requested HLS backend is not installed' },
  FUNCTION_NOT_FOUND: { exitCode: 2, summary: 'the requested function is not in the kernel' },
  TOOLCHAIN_MISSING: { exitCode: 2, summary: 'MLIR 22 tools are not installed or not found' },
  TOOLCHAIN_WRONG_VERSION: { exitCode: 2, summary: 'the MLIR tools found are not version 22' },
  TOOL_FAILED: { exitCode: 1, summary: 'an external tool failed unexpectedly' },
  SCHEDULE_REJECTED: { exitCode: 1, summary: 'the schedule was rejected' },
} as const;

export type HlschedErrorCode = keyof typeof errorCodes;

export interface HlschedErrorOptions {
  /** What the user can do about it, one line. */
  hint?: string;
  cause?: unknown;
  /** MLIR diagnostics behind the error, shown with code frames. */
  diagnostics?: Diagnostic[];
}

export class HlschedError extends Error {
  readonly code: HlschedErrorCode;
  readonly hint?: string;
  readonly diagnostics: Diagnostic[];

  constructor(code: HlschedErrorCode, message: string, options: HlschedErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HlschedError';
    this.code = code;
    if (options.hint !== undefined) this.hint = options.hint;
    this.diagnostics = options.diagnostics ?? [];
  }

  get exitCode(): number {
    return errorCodes[this.code].exitCode;
  }

  /** Works across module copies, unlike `instanceof`. */
  static isInstance(value: unknown): value is HlschedError {
    return typeof value === 'object' && value !== null && (value as { name?: unknown }).name === 'HlschedError'
      && typeof (value as { code?: unknown }).code === 'string';
  }
}
