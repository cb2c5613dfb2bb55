import { readFileSync } from 'node:fs';
import { HlschedError } from '../errors.js';
import { formatDiagnostic, type SourceTexts } from '../toolchain/code-frame.js';
import type { Diagnostic } from '../toolchain/diagnostics.js';

/** Where the CLI writes; tests pass buffers. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};


/**
 * The one place errors become output: a known error is one line plus a hint (and code frames
 * when MLIR pointed somewhere); anything else is a bug and shows its stack.
 */
/** Reads the files diagnostics point into, for code frames; a file that cannot be read gets none. */
function readSources(diagnostics: Diagnostic[]): SourceTexts {
  const sources: SourceTexts = {};
  for (const file of new Set(diagnostics.flatMap((d) => (d.file === undefined ? [] : [d.file])))) {
    try {
      sources[file] = readFileSync(file, 'utf8');
    } catch {
      // The message still carries file:line:col.
    }
  }
  return sources;
}

/** Prints diagnostics with code frames from the files they point into. */
export function printDiagnostics(io: CliIo, diagnostics: Diagnostic[]): void {
  const sources = readSources(diagnostics);
  for (const diagnostic of diagnostics) io.stderr(`${formatDiagnostic(diagnostic, sources)}\n`);
}

export function reportError(io: CliIo, error: unknown, json: boolean): number {
  if (HlschedError.isInstance(error)) {
    io.stderr(`hlsched: error: ${error.message}\n`);
    printDiagnostics(io, error.diagnostics.filter((d) => d.line !== undefined).slice(0, 3));
    if (error.hint) io.stderr(`hint: ${error.hint}\n`);
    if (json) io.stdout(`${JSON.stringify({ error: { code: error.code, message: error.message, hint: error.hint ?? null } })}\n`);
    return error.exitCode;
  }
  io.stderr(`hlsched: internal error (this is a bug, please report it with the command you ran):\n${error instanceof Error ? error.stack : String(error)}\n`);
  return 70;
}
