import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { withDirectoryLock } from '../safe-files.js';
import { acceptedScheduleSchema, type AcceptedScheduleMeta } from '../knowledge/sources/corpus.js';
import { canonicalRecipe, recipeSchema, type Recipe } from './recipe.js';

/**
 * Accepted schedules in `corpus/schedules/<id>/`: written whole into a temporary folder and renamed
 * into place under a lock, so several users sharing one corpus never see half an entry; the same
 * recipe for the same kernel and target is stored once.
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
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Staging folders of writers that died before their rename (`.<id>.<pid>.tmp`). */
async function removeAbandonedStaging(root: string): Promise<void> {
  const names = await readdir(root).catch(() => [] as string[]);
  await Promise.all(names.map(async (name) => {
    const pid = /^\..*\.(\d+)\.tmp$/.exec(name)?.[1];
    if (pid && !alive(Number(pid))) await rm(path.join(root, name), { recursive: true, force: true });
  }));
}

/** Stores an accepted schedule; returns its id, or undefined when the same one is already there. */
export async function acceptSchedule(corpusDir: string, input: AcceptInput): Promise<{ id: string; duplicate: boolean }> {
  const root = path.join(corpusDir, 'schedules');
  await mkdir(root, { recursive: true });
  const content = input.recipe ? canonicalRecipe(input.recipe) : input.schedule;
  const digest = createHash('sha256').update(`${input.meta.kernel.sha256}\n${input.meta.target}\n${content}`).digest('hex').slice(0, 12);
  const id = `${input.meta.kernel.name}-${input.meta.target}-${digest}`.replace(/[^\w.-]/g, '_');
  return withDirectoryLock(root, async () => {
    // The id hashes kernel, target and content: the same schedule always lands in the same folder.
    if (await stat(path.join(root, id)).then(() => true, () => false)) return { id, duplicate: true };
    await removeAbandonedStaging(root);
    const staging = path.join(root, `.${id}.${process.pid}.tmp`);
    await rm(staging, { recursive: true, force: true });
    await mkdir(staging);
    await writeFile(path.join(staging, 'schedule.mlir'), input.schedule);
    await writeFile(path.join(staging, 'meta.json'), `${JSON.stringify(acceptedScheduleSchema.parse(input.meta), null, 2)}\n`);
    if (input.recipe) await writeFile(path.join(staging, 'recipe.json'), `${JSON.stringify(input.recipe, null, 2)}\n`);
    await rename(staging, path.join(root, id));
    return { id, duplicate: false };
  }, { busy: { message: `the corpus ${root} is locked by another writer`, hint: 'try again in a moment' } });
}
