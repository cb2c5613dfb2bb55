import path from 'node:path';
import { HlschedError } from '../../errors.js';
import { describeRunEnd, runTool } from '../../toolchain/run-tool.js';
import type { Toolchain } from '../../toolchain/types.js';
import { humanizeName, mentionedOps, prose, type KnowledgeDocument } from '../types.js';

/**
 * Documentation generated from the installed MLIR's own TableGen files, so every op name and syntax a
 * model sees is the one the compiler that runs the schedule accepts.
 */
export const OP_DOC_FILES = [
  'Transform/IR/TransformOps.td',
  'Transform/TuneExtension/TuneExtensionOps.td',
  'Linalg/TransformOps/LinalgTransformOps.td',
  'Linalg/TransformOps/LinalgMatchOps.td',
  'SCF/TransformOps/SCFTransformOps.td',
  'Affine/TransformOps/AffineTransformOps.td',
  'Func/TransformOps/FuncTransformOps.td',
  'MemRef/TransformOps/MemRefTransformOps.td',
  'Bufferization/TransformOps/BufferizationTransformOps.td',
  'Tensor/TransformOps/TensorTransformOps.td',
];

/** Passes `transform.apply_registered_pass` can run on the loops HLS cares about. */
export const PASS_DOC_FILES = ['Affine/Transforms/Passes.td', 'Linalg/Passes.td', 'SCF/Transforms/Passes.td'];

/** The include folder that belongs to the toolchain: `<prefix>/include` beside `<prefix>/bin`. */
export function includeDir(toolchain: Toolchain): string {
  return path.join(path.dirname(toolchain.binDir), 'include');
}

/** Splits mlir-tblgen markdown into one section per `### \`name\`` heading. */
export function splitDocSections(markdown: string): Array<{ name: string; heading: string; body: string }> {
  const sections: Array<{ name: string; heading: string; body: string }> = [];
  const parts = markdown.split(/^### /m).slice(1);
  for (const part of parts) {
    const newline = part.indexOf('\n');
    const heading = part.slice(0, newline).trim();
    const name = /^`([^`]+)`/.exec(heading)?.[1];
    if (!name) continue;
    sections.push({ name: name.replace(/^-/, ''), heading, body: part.slice(newline + 1).trim() });
  }
  return sections;
}

async function tblgen(toolchain: Toolchain, kind: 'op' | 'pass', file: string): Promise<string> {
  const include = includeDir(toolchain);
  const tdFile = path.join(include, 'mlir', 'Dialect', file);
  const run = await runTool(toolchain, 'mlir-tblgen', [kind === 'op' ? '-gen-op-doc' : '-gen-pass-doc', '-I', include, tdFile], { timeoutMs: 60_000 });
  if (run.exitCode !== 0) {
    throw new HlschedError('TOOLCHAIN_MISSING', `mlir-tblgen cannot read ${tdFile}: ${run.stderr.split('\n')[0] || describeRunEnd(run)}`,
      { hint: 'install libmlir-22-dev, which ships the .td files (bash scripts/install-mlir.sh)' });
  }
  return run.stdout;
}

export function sectionToDocument(section: { name: string; heading: string; body: string }, kind: 'op' | 'pass', source: string, version: string): KnowledgeDocument {
  const title = kind === 'op' ? section.name : `pass ${section.name}`;
  const text = kind === 'op'
    ? `${section.name}\n${section.body}`
    : `Pass ${section.name} (run it with transform.apply_registered_pass "${section.name}" or mlir-opt --${section.name})\n${section.body}`;
  const summary = `${humanizeName(section.name)}: ${prose(section.body).slice(0, 400)}`;
  return {
    id: `doc:${kind === 'op' ? '' : 'pass:'}${section.name}`, kind: 'doc', title, source, text, summary,
    ops: [...new Set([section.name, ...mentionedOps(section.body)])], mlirVersion: version,
  };
}

/** One document per transform op and per pass, tagged with the MLIR version. */
export async function generateMlirDocs(toolchain: Toolchain): Promise<KnowledgeDocument[]> {
  const runs = await Promise.all([
    ...OP_DOC_FILES.map(async (file) => ({ kind: 'op' as const, file, markdown: await tblgen(toolchain, 'op', file) })),
    ...PASS_DOC_FILES.map(async (file) => ({ kind: 'pass' as const, file, markdown: await tblgen(toolchain, 'pass', file) })),
  ]);
  const documents = new Map<string, KnowledgeDocument>();
  for (const run of runs) {
    for (const section of splitDocSections(run.markdown)) {
      const document = sectionToDocument(section, run.kind, `mlir-tblgen ${run.file} (MLIR ${toolchain.version})`, toolchain.version);
      documents.set(document.id, document);
    }
  }
  return [...documents.values()];
}
