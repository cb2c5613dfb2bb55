import { checkEmbedder, checkIndex, checkVectorLibrary, checkLlamaCpp, checkOllama, checkOpenAi } from './services.js';
import { checkBambu, checkCompiler, checkMlir, checkSlurm } from './tools.js';
import type { DoctorCheck, DoctorContext } from './types.js';

const CHECKS = [checkMlir, checkCompiler, checkIndex, checkVectorLibrary, checkEmbedder, checkOllama, checkLlamaCpp, checkOpenAi, checkBambu, checkSlurm];

/** Runs every check at once; the order of the answer is the order above. */
export async function runDoctor(context: DoctorContext): Promise<DoctorCheck[]> {
  return Promise.all(CHECKS.map((check) => check(context)));
}

/** `ok       MLIR 22            mlir-opt ... 22.1.8 in ...` and, under a failed check, `         fix: ...`. */
export function formatDoctor(checks: DoctorCheck[]): string {
  const width = Math.max(...checks.map((c) => c.name.length));
  return checks.map((c) => {
    const head = `${c.status.padEnd(8)} ${c.name.padEnd(width)}  ${c.detail}`;
    return c.fix && c.status !== 'ok' ? `${head}\n${' '.repeat(9 + width + 2)}fix: ${c.fix}` : head;
  }).join('\n');
}
