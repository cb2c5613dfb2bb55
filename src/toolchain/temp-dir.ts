import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** Runs `work` in a fresh temporary folder and removes the folder afterwards, whatever happens. */
export async function withTempDir<T>(work: (dir: string) => Promise<T>, prefix = 'hlsched-'): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
