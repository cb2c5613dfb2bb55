import type { Command } from 'cac';
import { applyDefaults, readConfig } from '../config/config-file.js';
import { seedCorpus } from '../config/user-dirs.js';
import { DEFAULT_CORPUS_DIR } from '../knowledge/ingest.js';

/** Commands that read or write the corpus: an installed hlsched copies the shipped one to the user folder first. */
const CORPUS_COMMANDS = new Set(['optimize', 'ingest']);

/**
 * Before a command runs: config-file defaults for the flags the command line left unset (flags win),
 * and, on first use of an installed package, the shipped corpus copied into the user data folder.
 */
export async function prepareCommand(command: Command, options: Record<string, unknown>): Promise<void> {
  const { config } = await readConfig();
  applyDefaults(options, command.options.map((option) => option.name), config.defaults);
  if (CORPUS_COMMANDS.has(command.name) && options.corpus === undefined) await seedCorpus(DEFAULT_CORPUS_DIR);
}
