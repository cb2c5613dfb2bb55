import { HlschedError } from '../errors.js';
/** Which input a diagnostic points into. `harness` is hlsched's own generated code; `tool` has no location. */
export type DiagnosticRole = 'kernel' | 'schedule' | 'harness' | 'tool';
export type Severity = 'error' | 'warning' | 'note' | 'remark';

/** One diagnostic, as MLIR reports it, ready for a person (`formatDiagnostic`) or a model (JSON). */
export interface Diagnostic {
  role: DiagnosticRole;
  severity: Severity;
  message: string;
  /** The file as the user named it, when the diagnostic has a location. */
  file?: string;
  line?: number;
  column?: number;
  notes: Diagnostic[];
}

/** Maps a file name printed by a tool to the input it stands for. */
export interface SourceMap {
  [printedPath: string]: { role: DiagnosticRole; file: string };
}

const LOCATED = /^(.+?):(\d+):(\d+): (error|warning|note|remark): (.*)$/;
const UNLOCATED = /^(error|warning|note|remark): (.*)$/;
const MAX_MESSAGE_LENGTH = 2000;

function truncate(message: string): string {
  return message.length > MAX_MESSAGE_LENGTH ? `${message.slice(0, MAX_MESSAGE_LENGTH)}…` : message;
}

/**
 * Parses MLIR's `file:line:col: severity: message` output into records.
 * Notes attach to the diagnostic before them; source excerpts, carets and IR dumps that follow
 * a header are dropped (the location already says where).
 */
export function parseDiagnostics(stderr: string, sources: SourceMap = {}): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const line of stderr.split('\n')) {
    const record = parseHeader(line, sources);
    if (!record) continue;
    const parent = diagnostics.at(-1);
    if (record.severity === 'note' && parent) parent.notes.push(record);
    else diagnostics.push(record);
  }
  return diagnostics;
}

function parseHeader(line: string, sources: SourceMap): Diagnostic | undefined {
  const located = LOCATED.exec(line);
  if (located) {
    const [, printed, lineText, columnText, severity, message] = located;
    const source = sources[printed!];
    const lineNumber = Number(lineText);
    const record: Diagnostic = {
      role: source?.role ?? 'tool',
      severity: severity as Severity,
      message: truncate(message!.trim()),
      notes: [],
    };
    record.file = source?.file ?? printed!;
    // MLIR uses 0:0 for "somewhere in this file"; that is no location to show a person.
    if (lineNumber > 0) {
      record.line = lineNumber;
      record.column = Number(columnText);
    }
    return record;
  }
  const unlocated = UNLOCATED.exec(line);
  if (unlocated) {
    return { role: 'tool', severity: unlocated[1] as Severity, message: truncate(unlocated[2]!.trim()), notes: [] };
  }
  return undefined;
}

/** `file:line:col: message`, with as much of the location as the diagnostic has. */
export function locatedMessage(diagnostic: Diagnostic): string {
  if (diagnostic.file === undefined) return diagnostic.message;
  return `${diagnostic.file}${diagnostic.line === undefined ? '' : `:${diagnostic.line}:${diagnostic.column}`}: ${diagnostic.message}`;
}

/** The one error for an input MLIR rejects: the first diagnostic with its location, all of them attached. */
export function kernelDoesNotParse(file: string, diagnostics: Diagnostic[], fallback: string, what = 'kernel'): HlschedError {
  const first = diagnostics[0];
  return new HlschedError('KERNEL_INVALID', `${what} ${file} does not parse: ${first ? locatedMessage(first) : fallback}`,
    { hint: `fix the ${what} so that \`mlir-opt ${what.toUpperCase()}\` accepts it`, diagnostics });
}

/** A diagnostic made by hlsched itself, in the same shape as MLIR's. */
export function makeDiagnostic(role: DiagnosticRole, message: string,
  location: { file?: string; line?: number; column?: number } = {}): Diagnostic {
  return { role, severity: 'error', message, ...location, notes: [] };
}
