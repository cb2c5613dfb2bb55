import { open } from 'node:fs/promises';
import { HlschedError } from '../errors.js';

export type InputRole = 'kernel' | 'schedule' | 'transformed kernel';

/** Larger inputs are refused before reading: a whole model of 10,000 layers is about 3 MB of MLIR. */
export const MAX_INPUT_BYTES = 32 * 2 ** 20;

/**
 * Reads an input file, turning every way it can be unusable into one actionable line (exit 2):
 * missing, a folder, unreadable, too large, empty, binary (bytecode, an object file) or not UTF-8.
 */
export async function readInput(file: string, role: InputRole): Promise<string> {
  const unreadable = (reason: string, hint = `give the path of an MLIR text file (.mlir) as the ${role}`, cause?: unknown) =>
    new HlschedError('INPUT_UNREADABLE', `cannot read ${role} file ${file}: ${reason}`, { hint, ...(cause ? { cause } : {}) });
  let bytes: Buffer;
  try {
    const handle = await open(file, 'r');
    try {
      const { size } = await handle.stat();
      if (size > MAX_INPUT_BYTES) {
        throw unreadable(`it is ${(size / 2 ** 20).toFixed(0)} MiB, more than the ${MAX_INPUT_BYTES / 2 ** 20} MiB hlsched reads`,
          'split the model into smaller modules, or strip large dense constants (weights) out of the MLIR');
      }
      bytes = await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (cause) {
    if (HlschedError.isInstance(cause)) throw cause;
    const code = (cause as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : String(code ?? cause);
    throw unreadable(reason, undefined, cause);
  }
  // A schedule's content is what verify judges (an empty or binary one is `malformed`, exit 1): only a
  // kernel is refused here for what it holds.
  if (role === 'schedule') return bytes.toString('utf8');
  if (bytes.length === 0 || bytes.toString('utf8').trim() === '') throw unreadable('it is empty');
  if (bytes.includes(0) || bytes.subarray(0, 4).toString('latin1') === 'ML\u00efR') {
    throw unreadable('it is a binary file, not MLIR text', 'MLIR bytecode prints as text with `mlir-opt FILE`');
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (cause) {
    const at = bytes.findIndex((byte) => byte >= 0x80);
    throw unreadable(`it is not UTF-8 text (first non-ASCII byte at offset ${at})`, 'save it as UTF-8', cause);
  }
}

/** MLIR text never holds NUL bytes; a file that does is a binary (a bytecode file, an object file...). */
export function looksBinary(text: string): boolean {
  return text.includes('\u0000') || text.startsWith('ML\u00efR');
}
