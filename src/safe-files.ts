import { renameSync, writeFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { HlschedError } from './errors.js';

/**
 * Writing shared files so that nothing is ever seen half-written: one file at a time by rename, and
 * folders (the index, the corpus) under a lock that a killed holder cannot keep.
 */

/** Writes through `FILE.<pid>.tmp` and a rename, so a reader sees the old file or the new one. */
export async function writeAtomically(file: string, data: string | Buffer): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, data);
  await rename(temporary, file);
}

/** `writeAtomically`, done before it returns: for a signal handler that exits right after. */
export function writeAtomicallySync(file: string, data: string | Buffer): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, data);
  renameSync(temporary, file);
}

export interface LockOptions {
  /** How long a second writer waits for the first. @default 10 minutes */
  waitMs?: number;
  /** The one-line error when the wait runs out. */
  busy: { message: string; hint: string };
}

/**
 * Runs `work` holding `dir/.lock`. A live holder refreshes the lock every second; one left by a killed
 * process goes stale after 5 s and is taken over.
 */
export async function withDirectoryLock<T>(dir: string, work: () => Promise<T>, options: LockOptions): Promise<T> {
  await mkdir(dir, { recursive: true });
  const waitMs = options.waitMs ?? 10 * 60_000;
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dir, {
      lockfilePath: path.join(dir, '.lock'), stale: 5_000, update: 1_000, realpath: false,
      retries: { retries: Math.ceil(waitMs / 200), minTimeout: 50, maxTimeout: 500, factor: 1.2 },
    });
  } catch (cause) {
    throw new HlschedError('INPUT_UNREADABLE', options.busy.message, { hint: options.busy.hint, cause });
  }
  try {
    return await work();
  } finally {
    await release().catch(() => undefined);
  }
}
