import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { HlschedError } from '../errors.js';
import { acceptedScheduleSchema, type AcceptedScheduleMeta, type Provenance } from '../knowledge/sources/corpus.js';
import { canonicalRecipe, recipeSchema, type Recipe } from './recipe.js';
import { processAlive } from '../process-alive.js';

/**
 * Accepted schedules in `corpus/schedules/<id>/`: written whole into a staging folder and renamed
 * into place (no lock), so several users and hosts sharing one corpus never see half an entry; the
 * same recipe for the same kernel and target is stored once.
 */
export interface StoredSchedule {
  id: string;
  dir: string;
  meta: AcceptedScheduleMeta;
  recipe?: Recipe;
  schedule: string;
}

export async function readStoredSchedules(corpusDir: string): Promise<StoredSchedule[]> {
  const root = path.join(corpusDir, 'schedules');
  let names: string[];
  try {
    names = (await readdir(root, { withFileTypes: true })).filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name);
  } catch {
    return [];
  }
  const stored: StoredSchedule[] = [];
  for (const id of names.sort()) {
    const dir = path.join(root, id);
    try {
      const meta = acceptedScheduleSchema.parse(JSON.parse(await readFile(path.join(dir, 'meta.json'), 'utf8')));
      const schedule = await readFile(path.join(dir, 'schedule.mlir'), 'utf8');
      const recipeText = await readFile(path.join(dir, 'recipe.json'), 'utf8').catch(() => undefined);
      const recipe = recipeText === undefined ? undefined : recipeSchema.safeParse(JSON.parse(recipeText)).data;
      stored.push({ id, dir, meta, schedule, ...(recipe ? { recipe } : {}) });
    } catch {
      // An entry someone is still writing, or a broken one: ingest reports broken ones.
    }
  }
  return stored;
}

export interface AcceptInput {
  meta: AcceptedScheduleMeta;
  schedule: string;
  recipe?: Recipe;
  /** The batch run that produced it (default: HLSCHED_RUN_ID from the environment, set by batch tasks). */
  runId?: string;
}

/** Who wrote an entry, from where: kept in meta.json beside the tool versions. */
export function currentProvenance(runId?: string): Provenance {
  let user = process.env.USER ?? process.env.LOGNAME ?? '';
  try {
    user = os.userInfo().username;
  } catch {
    // No passwd entry (a container): the environment's name, if any.
  }
  return { host: os.hostname(), user: user || 'unknown', runId: runId ?? process.env.HLSCHED_RUN_ID ?? null, node: process.version };
}

/** A host name as a file-name part. */
function safeHost(host: string): string {
  return host.replace(/[^\w-]/g, '_');
}

/** Staging folders left by writers that died before their rename. */
const ABANDONED_AFTER_MS = 60 * 60_000;

/**
 * Staging folders are `.<id>.<host>.<pid>.<random>.tmp`: one of this host whose process is gone is
 * removed at once; another host's only after an hour (its pid means nothing here, and clocks differ).
 */
async function removeAbandonedStaging(root: string): Promise<void> {
  const names = await readdir(root).catch(() => [] as string[]);
  const here = safeHost(os.hostname());
  await Promise.all(names.map(async (name) => {
    const match = /^\..*\.([\w-]+)\.(\d+)\.[0-9a-f]+\.tmp$/.exec(name);
    if (!match) return;
    const file = path.join(root, name);
    const abandoned = match[1] === here ? !processAlive(Number(match[2]))
      : await stat(file).then((s) => Date.now() - s.mtimeMs > ABANDONED_AFTER_MS, () => false);
    if (abandoned) await rm(file, { recursive: true, force: true });
  }));
}

/** The folder name: kernel, target and content hashed, so the same schedule always lands in the same folder. */
export function scheduleId(input: Pick<AcceptInput, 'meta' | 'schedule' | 'recipe'>): string {
  const content = input.recipe ? canonicalRecipe(input.recipe) : input.schedule;
  const digest = createHash('sha256').update(`${input.meta.kernel.sha256}\n${input.meta.target}\n${content}`).digest('hex').slice(0, 12);
  return `${input.meta.kernel.name}-${input.meta.target}-${digest}`.replace(/[^\w.-]/g, '_');
}

/**
 * Stores an accepted schedule without any lock, so many hosts can grow one corpus on a shared (NFS)
 * folder: the entry is written whole in a staging folder of its own and renamed to its
 * content-addressed name. rename(2) of a folder onto an existing one fails (ENOTEMPTY/EEXIST) and is
 * atomic on NFS too: a clash means another writer stored the very same schedule first, a duplicate.
 */
export async function acceptSchedule(corpusDir: string, input: AcceptInput): Promise<{ id: string; duplicate: boolean }> {
  const root = path.join(corpusDir, 'schedules');
  await mkdir(root, { recursive: true });
  const id = scheduleId(input);
  const final = path.join(root, id);
  if (await stat(final).then(() => true, () => false)) return { id, duplicate: true };
  await removeAbandonedStaging(root);
  const meta = acceptedScheduleSchema.parse({ ...input.meta, provenance: input.meta.provenance ?? currentProvenance(input.runId) });
  const staging = path.join(root, `.${id}.${safeHost(os.hostname())}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await mkdir(staging);
    await writeFile(path.join(staging, 'schedule.mlir'), input.schedule);
    await writeFile(path.join(staging, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
    if (input.recipe) await writeFile(path.join(staging, 'recipe.json'), `${JSON.stringify(input.recipe, null, 2)}\n`);
    await rename(staging, final);
    return { id, duplicate: false };
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    const code = (error as NodeJS.ErrnoException).code;
    if ((code === 'ENOTEMPTY' || code === 'EEXIST') && await stat(path.join(final, 'meta.json')).then(() => true, () => false)) {
      return { id, duplicate: true };
    }
    throw new HlschedError('INPUT_UNREADABLE', `cannot store schedule ${id} in ${root}: ${(error as Error).message}`,
      { hint: 'check that the corpus folder is writable', cause: error });
  }
}
