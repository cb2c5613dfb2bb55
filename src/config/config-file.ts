import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { HlschedError } from '../errors.js';

/** Flag defaults a config file may set; the command line always wins. Paths are relative to the config file. */
const defaultsSchema = z.object({
  target: z.string(), llm: z.string(), model: z.string(), llmHost: z.string(), baseUrl: z.string(), modelPath: z.string(),
  budget: z.number().positive(), time: z.number().positive(), timeout: z.number().positive(), samples: z.number().positive(),
  contextTokens: z.number().positive(), corpus: z.string(), index: z.string(), embedder: z.string(), embedModel: z.string(),
}).partial().strict();

export const PATH_DEFAULTS = ['target', 'modelPath', 'corpus', 'index'] as const;

const configSchema = z.object({
  /** Defaults for command-line flags, by their camelCase name: `{"target": "asic", "budget": 30}`. */
  defaults: defaultsSchema.optional(),
  /** Language-model settings (see src/llm/types.ts). */
  llm: z.record(z.string(), z.unknown()).optional(),
}).strict();

export type ConfigDefaults = z.infer<typeof defaultsSchema>;
export type HlschedConfig = z.infer<typeof configSchema>;

export interface LoadedConfig {
  /** The file read, or null when there is none. */
  file: string | null;
  config: HlschedConfig;
}

/**
 * Where the config file is looked for, first found wins: `HLSCHED_CONFIG`, `./hlsched.config.json`,
 * `$XDG_CONFIG_HOME/hlsched/config.json` (default `~/.config/hlsched/config.json`).
 */
export function configCandidates(cwd: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): string[] {
  if (env.HLSCHED_CONFIG) return [path.resolve(cwd, env.HLSCHED_CONFIG)];
  const xdg = env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  return [path.join(cwd, 'hlsched.config.json'), path.join(xdg, 'hlsched', 'config.json')];
}

/** Reads and validates the config file; a broken one is exit 2 naming the file and the field. */
export async function readConfig(cwd: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): Promise<LoadedConfig> {
  const candidates = configCandidates(cwd, env);
  for (const file of candidates) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      if (env.HLSCHED_CONFIG) throw new HlschedError('INPUT_UNREADABLE', `cannot read the config file ${file} (HLSCHED_CONFIG)`, { hint: 'point HLSCHED_CONFIG at an existing hlsched.config.json, or unset it' });
      continue;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (cause) {
      throw new HlschedError('INPUT_UNREADABLE', `${file} is not JSON: ${(cause as Error).message}`, { hint: 'fix it or remove it', cause });
    }
    const parsed = configSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new HlschedError('USAGE', `${file}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`,
        { hint: 'allowed: {"defaults": {"target", "llm", "model", "budget", "time", "timeout", "corpus", "index", ...}, "llm": {...}}' });
    }
    const config = parsed.data;
    if (config.defaults) {
      for (const key of PATH_DEFAULTS) {
        const value = config.defaults[key];
        // `fpga`/`asic` name shipped targets; anything else is a file path.
        if (value !== undefined && !(key === 'target' && !/[/\\.]/.test(value))) config.defaults[key] = path.resolve(path.dirname(file), value);
      }
    }
    return { file, config };
  }
  return { file: null, config: {} };
}

/**
 * Fills the options a command declares but the command line left unset from the config defaults.
 * `declared` are the command's camelCase option names.
 */
export function applyDefaults(options: Record<string, unknown>, declared: string[], defaults: ConfigDefaults | undefined): string[] {
  const applied: string[] = [];
  for (const [key, value] of Object.entries(defaults ?? {})) {
    if (declared.includes(key) && options[key] === undefined && value !== undefined) {
      options[key] = value;
      applied.push(key);
    }
  }
  return applied;
}
