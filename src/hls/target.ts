import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { HlschedError } from '../errors.js';
import { PACKAGE_ROOT } from '../package-root.js';

/**
 * Target hardware specifications: small JSON files, validated here, that the analytic model reads and
 * that a language model can be shown as they are. Latencies are in clock cycles at `clockNs`.
 */

/** What an MLIR op costs in hardware is decided by its class; `src/hls/operations.ts` maps ops to classes. */
export const OPERATOR_CLASSES = ['fadd', 'fmul', 'fdiv', 'fcmp', 'fmath', 'fconvert', 'iadd', 'imul', 'idiv', 'icmp', 'ilogic', 'select'] as const;
export type OperatorClass = (typeof OPERATOR_CLASSES)[number];

const cycles = z.number().int().min(0);
const positiveCycles = z.number().int().min(1);

const operatorSpec = z.object({
  latency: cycles.describe('cycles from operands to result; 0 = chained into the same cycle'),
  dsp: z.number().min(0).default(0).describe('DSP blocks (FPGA) per instance'),
  area: z.number().min(0).optional().describe('area per instance in um^2 (ASIC)'),
}).strict();

const memoryInterface = z.object({
  ports: positiveCycles.describe('accesses per cycle'),
  readLatency: positiveCycles.describe('cycles from a load issuing to its value'),
  writeLatency: positiveCycles.describe('cycles a store takes before a later load sees it'),
}).strict();

export const targetSpecSchema = z.object({
  $schema: z.string().optional(),
  name: z.string().min(1),
  description: z.string(),
  device: z.string().min(1).describe('device or technology as the HLS tool names it'),
  clockNs: z.number().positive(),
  operators: z.object(Object.fromEntries(OPERATOR_CLASSES.map((c) => [c, operatorSpec])) as Record<OperatorClass, typeof operatorSpec>).strict(),
  memory: z.object({
    arguments: memoryInterface.extend({
      sharing: z.enum(['per-array', 'shared']).describe("'per-array': every argument array has its own ports; 'shared': all arguments share the ports"),
    }).strict(),
    local: memoryInterface.describe('buffers the kernel allocates (memref.alloc/alloca/get_global)'),
    bramBits: z.number().int().positive().optional().describe('bits per on-chip RAM block, for the memory estimate'),
  }).strict(),
  frontend: z.object({
    scalarReplacement: z.boolean().describe('the HLS compiler front end (LLVM -O2 in Bambu) forwards stores to loads and drops repeated loads and overwritten stores within straight-line code'),
  }).strict(),
  partitioning: z.object({
    maxFactor: positiveCycles.describe('largest array partition factor the tool accepts'),
  }).strict(),
  functionalUnits: z.partialRecord(z.enum(OPERATOR_CLASSES), positiveCycles).describe('most operators of a class that can start in one cycle; missing = no limit'),
  loops: z.object({
    pipelineByDefault: z.boolean().describe('pipeline every innermost loop without an hls.pipeline mark'),
    targetII: positiveCycles,
    iterationOverhead: cycles.describe('cycles per iteration of a loop that is not pipelined (counter, compare, branch)'),
    entryOverhead: cycles.describe('cycles to enter and leave a loop that is not pipelined'),
    pipelineOverhead: cycles.describe('cycles to fill and drain a pipelined loop beyond its iteration latency'),
  }).strict(),
  function: z.object({
    overhead: cycles.describe('cycles to start and finish the kernel or a call'),
  }).strict(),
}).strict();

export type TargetSpec = z.infer<typeof targetSpecSchema>;

export const BUILTIN_TARGETS = ['fpga', 'asic'] as const;

export const TARGETS_DIR = path.join(PACKAGE_ROOT, 'targets');

/** The JSON Schema of target files, as shipped in `targets/target.schema.json`. */
export function targetJsonSchema(): object {
  return z.toJSONSchema(targetSpecSchema, { io: 'input' });
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)';
  return `${where}: ${issue.message}`;
}

/** Validates a parsed target; the error names the first failing field. */
export function parseTargetSpec(value: unknown, source: string): TargetSpec {
  const result = targetSpecSchema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues;
  throw new HlschedError('TARGET_INVALID', `target spec ${source} is invalid: ${describeIssue(issues[0]!)}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`, {
    hint: `compare it with ${path.join(TARGETS_DIR, 'fpga.json')}; the schema is ${path.join(TARGETS_DIR, 'target.schema.json')}`,
  });
}

/** Loads `fpga`, `asic`, or a JSON file path. */
export async function loadTarget(nameOrFile: string): Promise<TargetSpec> {
  const builtin = (BUILTIN_TARGETS as readonly string[]).includes(nameOrFile);
  if (!builtin && !nameOrFile.endsWith('.json') && !nameOrFile.includes('/')) {
    throw new HlschedError('USAGE', `unknown target ${nameOrFile}`, { hint: `use --target ${BUILTIN_TARGETS.join('|')} or the path of a JSON target spec` });
  }
  const file = builtin ? path.join(TARGETS_DIR, `${nameOrFile}.json`) : nameOrFile;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new HlschedError('INPUT_UNREADABLE', `cannot read target spec ${file}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}`, {
      hint: `use --target ${BUILTIN_TARGETS.join('|')} or the path of a JSON target spec`, cause,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new HlschedError('TARGET_INVALID', `target spec ${file} is not JSON: ${(cause as Error).message}`, {
      hint: 'a target spec is one JSON object; see targets/fpga.json', cause,
    });
  }
  return parseTargetSpec(value, file);
}
