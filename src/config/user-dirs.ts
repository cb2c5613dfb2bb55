import { existsSync } from 'node:fs';
import { cp, mkdir, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PACKAGE_ROOT } from '../package-root.js';

/** True when hlsched runs from an installed package (inside node_modules), not from a clone. */
export function isInstalledPackage(root: string = PACKAGE_ROOT): boolean {
  return root.split(path.sep).includes('node_modules');
}

/**
 * Where an installed hlsched keeps what it writes (corpus, index): `HLSCHED_HOME`, else
 * `$XDG_DATA_HOME/hlsched` (default `~/.local/share/hlsched`). Never inside node_modules.
 */
export function userDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.HLSCHED_HOME) return path.resolve(env.HLSCHED_HOME);
  return path.join(env.XDG_DATA_HOME || path.join(os.homedir(), '.local', 'share'), 'hlsched');
}

/**
 * The default corpus and index folders. A clone keeps them beside package.json (as it always has);
 * an installed package, or any run with `HLSCHED_HOME` set, uses the user data folder.
 */
export function defaultDataDirs(env: NodeJS.ProcessEnv = process.env, root: string = PACKAGE_ROOT): { corpus: string; index: string } {
  const base = env.HLSCHED_HOME || isInstalledPackage(root) ? userDataDir(env) : root;
  return { corpus: path.join(base, 'corpus'), index: path.join(base, 'index') };
}

/** The corpus shipped in the package: op notes, examples and accepted schedules, copied on first use. */
export const SHIPPED_CORPUS_DIR = path.join(PACKAGE_ROOT, 'corpus');

/**
 * First use of a user corpus folder: copy the shipped corpus there, so the package folder is only read.
 * Returns true when it copied. An existing folder is left alone.
 */
export async function seedCorpus(corpusDir: string, shipped: string = SHIPPED_CORPUS_DIR): Promise<boolean> {
  if (existsSync(corpusDir) || path.resolve(corpusDir) === path.resolve(shipped) || !existsSync(shipped)) return false;
  await mkdir(path.dirname(corpusDir), { recursive: true });
  // Copied beside the destination and renamed, so a half copy never looks like a corpus.
  const staging = `${corpusDir}.seeding-${process.pid}`;
  await cp(shipped, staging, { recursive: true });
  try {
    await rename(staging, corpusDir);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    if (!existsSync(corpusDir)) throw error;
  }
  return true;
}
