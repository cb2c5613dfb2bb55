import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { HlschedError } from '../../errors.js';
import { mentionedOps, prose, type KnowledgeDocument } from '../types.js';

/**
 * The corpus on disk (plain files, git-friendly):
 *   corpus/examples/<name>/README.md      title (first heading) and rationale
 *   corpus/examples/<name>/kernel.mlir    the kernel
 *   corpus/examples/<name>/schedule.mlir  the expert schedule (checked with `hlsched verify` in the tests)
 *   corpus/schedules/<id>/schedule.mlir   an accepted schedule
 *   corpus/schedules/<id>/meta.json       what it was accepted for (acceptedScheduleSchema)
 */

export const acceptedScheduleSchema = z.object({
  kernel: z.object({
    name: z.string().min(1).describe('the function the schedule was accepted for'),
    signature: z.string().min(1).describe('its argument types, e.g. (memref<32x32xf32>, f32) -> ()'),
    file: z.string().optional().describe('where the kernel came from'),
    sha256: z.string().regex(/^[0-9a-f]{64}$/).describe('hash of the kernel text'),
  }).strict(),
  target: z.string().min(1).describe('target spec name (fpga, asic, or a user spec name)'),
  cyclesBefore: z.number().int().nonnegative(),
  cyclesAfter: z.number().int().nonnegative(),
  verification: z.object({
    status: z.literal('ok'),
    maxAbsDiff: z.number().nullable(),
  }).strict(),
  tools: z.object({ mlir: z.string(), hlsched: z.string() }).strict(),
  model: z.string().nullable().describe('the LLM that proposed it, or null for the tuner or a person'),
  date: z.string().datetime({ offset: true }),
  rationale: z.string().optional(),
  provenance: z.object({
    host: z.string(),
    user: z.string(),
    runId: z.string().nullable().describe('the `hlsched batch` run that produced it, if any'),
    node: z.string().optional(),
  }).strict().optional().describe('who wrote the entry, from where (tool versions are in tools)'),
  resources: z.object({
    lut: z.number().optional(), ff: z.number().optional(), dsp: z.number(), bram18: z.number().optional(),
    area: z.number().optional(), power: z.number().optional(),
  }).strict().optional().describe("the schedule's estimated resources on the target: reuse checks them against the budget"),
  clockNs: z.number().positive().optional().describe('the clock the cycles were counted at'),
}).strict();

export type Provenance = NonNullable<z.infer<typeof acceptedScheduleSchema>['provenance']>;

export type AcceptedScheduleMeta = z.infer<typeof acceptedScheduleSchema>;

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

async function subfolders(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  } catch {
    return [];
  }
}

/** Kernel signature lines, not whole kernels: what an example is about, without 300 lines of loops. */
function kernelSummary(kernel: string): string {
  const lines = kernel.split('\n');
  const comments = lines.filter((line) => line.trim().startsWith('//')).slice(0, 6);
  const signatures = lines.filter((line) => /func\.func/.test(line));
  const ops = [...new Set(lines.flatMap((line) => /\b((?:linalg|affine|scf)\.[a-z_]+)/.exec(line)?.[1] ?? []))];
  return [...comments, ...signatures, ops.length ? `// uses ${ops.join(', ')}` : ''].join('\n');
}

export async function readExamples(corpusDir: string): Promise<KnowledgeDocument[]> {
  const root = path.join(corpusDir, 'examples');
  const documents: KnowledgeDocument[] = [];
  for (const name of await subfolders(root)) {
    const dir = path.join(root, name);
    const [readme, kernel, schedule] = await Promise.all(['README.md', 'kernel.mlir', 'schedule.mlir'].map((f) => readIfExists(path.join(dir, f))));
    if (readme === undefined || schedule === undefined) {
      throw new HlschedError('INPUT_UNREADABLE', `example ${dir} needs README.md and schedule.mlir`, { hint: 'see corpus/README.md for the layout of an example' });
    }
    const title = /^#\s+(.*)$/m.exec(readme)?.[1]?.trim() ?? name;
    documents.push({
      id: `example:${name}`, kind: 'example', title, source: path.join(dir, 'schedule.mlir'),
      // Whole kernels when they are short: an MLIR snippet in a query then meets the kernel it resembles.
      text: `${readme.trim()}\n\nKernel:\n${(kernel ?? '').length <= 3000 ? (kernel ?? '').trim() : kernelSummary(kernel ?? '')}\n\nSchedule:\n${schedule.trim()}`,
      summary: `${title}. ${prose(readme.replace(/^#.*$/m, '')).slice(0, 400)}`,
      ops: mentionedOps(`${schedule}\n${kernel ?? ''}`),
    });
  }
  return documents;
}

export async function readAcceptedSchedules(corpusDir: string): Promise<KnowledgeDocument[]> {
  const root = path.join(corpusDir, 'schedules');
  const documents: KnowledgeDocument[] = [];
  for (const id of await subfolders(root)) {
    const dir = path.join(root, id);
    const [metaText, schedule, recipe] = await Promise.all(['meta.json', 'schedule.mlir', 'recipe.json'].map((f) => readIfExists(path.join(dir, f))));
    if (metaText === undefined || schedule === undefined) {
      throw new HlschedError('INPUT_UNREADABLE', `accepted schedule ${dir} needs meta.json and schedule.mlir`);
    }
    let meta: AcceptedScheduleMeta;
    try {
      meta = acceptedScheduleSchema.parse(JSON.parse(metaText));
    } catch (cause) {
      const issue = cause instanceof z.ZodError ? cause.issues[0] : undefined;
      throw new HlschedError('INPUT_UNREADABLE', `accepted schedule ${dir}/meta.json is invalid: ${issue ? `${issue.path.join('.')}: ${issue.message}` : (cause as Error).message}`,
        { hint: 'fix or remove it; the format is acceptedScheduleSchema in src/knowledge/sources/corpus.ts', cause });
    }
    const speedup = meta.cyclesAfter > 0 ? (meta.cyclesBefore / meta.cyclesAfter).toFixed(2) : '?';
    documents.push({
      id: `schedule:${id}`, kind: 'schedule', title: `@${meta.kernel.name} ${meta.kernel.signature} on ${meta.target}: ${speedup}x`,
      source: path.join(dir, 'schedule.mlir'),
      text: `Accepted schedule for @${meta.kernel.name} ${meta.kernel.signature} on ${meta.target}: ${meta.cyclesBefore} -> ${meta.cyclesAfter} cycles (${speedup}x).`
        + `${meta.rationale ? `\n${meta.rationale}` : ''}${recipe ? `\n\nRecipe:\n${recipe.trim()}` : `\n\nSchedule:\n${schedule.trim()}`}`,
      summary: `Accepted schedule for @${meta.kernel.name} on ${meta.target}, ${speedup}x faster. ${meta.rationale ?? ''}`,
      ops: mentionedOps(schedule), mlirVersion: meta.tools.mlir,
    });
  }
  return documents;
}

/** A folder a user names: .md split by headings, .mlir whole; .td files go through mlir-tblgen in the caller. */
export async function readUserFolder(dir: string): Promise<{ documents: KnowledgeDocument[]; tdFiles: string[] }> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new HlschedError('INPUT_UNREADABLE', `--source ${dir} is not a folder`, { hint: 'name a folder holding .md, .mlir or .td files' });
  }
  const documents: KnowledgeDocument[] = [];
  const tdFiles: string[] = [];
  const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name)).sort();
  for (const file of files) {
    const relative = path.relative(dir, file);
    if (file.endsWith('.td')) { tdFiles.push(file); continue; }
    if (!file.endsWith('.md') && !file.endsWith('.mlir')) continue;
    const text = await readFile(file, 'utf8');
    if (file.endsWith('.mlir')) {
      documents.push({ id: `doc:user:${relative}`, kind: 'doc', title: relative, source: file, text, summary: `${relative}: ${text.slice(0, 400)}`, ops: mentionedOps(text) });
      continue;
    }
    const sections = text.split(/^(?=#{1,3} )/m).filter((section) => section.trim());
    sections.forEach((section, index) => {
      const title = /^#{1,3}\s+(.*)$/m.exec(section)?.[1]?.trim() ?? relative;
      documents.push({ id: `doc:user:${relative}#${index}`, kind: 'doc', title, source: file, text: section.trim(), summary: `${title}. ${prose(section).slice(0, 400)}`, ops: mentionedOps(section) });
    });
  }
  return { documents, tdFiles };
}

/**
 * `corpus/op-notes.md`: our notes per op or pass (`## transform.annotate`, `## pass affine-scalrep`),
 * merged into the generated documentation of the same name. Returns doc id -> note.
 */
export async function readOpNotes(corpusDir: string): Promise<Map<string, string>> {
  const text = await readIfExists(path.join(corpusDir, 'op-notes.md'));
  const notes = new Map<string, string>();
  if (text === undefined) return notes;
  for (const section of text.split(/^## /m).slice(1)) {
    const newline = section.indexOf('\n');
    const heading = section.slice(0, newline).trim();
    const pass = /^pass\s+(\S+)$/.exec(heading);
    notes.set(pass ? `doc:pass:${pass[1]}` : `doc:${heading}`, section.slice(newline + 1).trim());
  }
  return notes;
}
