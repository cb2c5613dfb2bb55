import { readFile } from 'node:fs/promises';
import { HlschedError } from '../errors.js';

export type InputRole = 'kernel' | 'schedule';

/** Reads an input file, turning file-system errors into one-line, actionable errors (exit 2). */
export async function readInput(file: string, role: InputRole): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : String(code ?? cause);
    throw new HlschedError('INPUT_UNREADABLE', `cannot read ${role} file ${file}: ${reason}`,
      { hint: `give the path of an MLIR text file (.mlir) as the ${role}`, cause });
  }
  return bytes.toString('utf8');
}

/** MLIR text never holds NUL bytes; a file that does is a binary (a bytecode file, an object file...). */
export function looksBinary(text: string): boolean {
  return text.includes('\u0000') || text.startsWith('ML\u00efR');
}
