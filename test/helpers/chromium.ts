import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './paths.js';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's chromium (scripts/setup.sh installs it); CHROMIUM overrides. */
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

// Without the background-networking flags Chromium keeps calling home, which floods a closed network.
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

/** A real headless Chromium with a fresh profile folder, removed by `close()`. */
export async function openChromium(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'hlsched-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, timeout: 60_000 });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Where tests keep screenshots for a person to look at (git-ignored). */
export const ARTIFACTS_DIR = path.join(repoRoot, 'test-artifacts');
