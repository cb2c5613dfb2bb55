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
  lut: z.number().min(0).optional().describe('LUTs per instance (FPGA)'),
  ff: z.number().min(0).optional().describe('flip-flops per instance (FPGA)'),
  pipelined: z.boolean().optional().describe('false: an instance is busy for its whole latency (units needed = operations in flight); default true (= operations started per cycle)'),
  delayNs: z.number().min(0).optional().describe('combinational delay in ns; with it, latency = the clock periods the delay needs (0 when it chains into the cycle), so --clock-ns can change the clock'),
}).strict();

/** Bambu's memory allocation policies that the model distinguishes (`--memory-policy`). */
export const MEMORY_POLICIES = ['all-bram', 'no-bram'] as const;
export type MemoryPolicy = (typeof MEMORY_POLICIES)[number];

const memoryInterface = z.object({
  ports: positiveCycles.describe('accesses per cycle'),
  readLatency: positiveCycles.describe('cycles from a load issuing to its value'),
  writeLatency: positiveCycles.describe('cycles a store takes before a later load sees it'),
  readDelayNs: z.number().positive().optional().describe('read access time in ns: readLatency follows the clock when given'),
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
    policy: z.enum(MEMORY_POLICIES).default('all-bram').describe("where the buffers the kernel allocates live, as Bambu's --memory-allocation-policy: 'all-bram' in on-chip block RAM (ALL_BRAM, SODA's flow); 'no-bram' behind the memory interface like the argument arrays (NO_BRAM: no BRAM, the arguments' ports and latencies)"),
  }).strict(),
  frontend: z.object({
    scalarReplacement: z.boolean().describe('the HLS compiler front end (LLVM -O2 in Bambu) forwards stores to loads and drops repeated loads and overwritten stores within straight-line code'),
    ifConversion: z.boolean().default(true).describe('branches of straight-line code (affine.if, scf.if without loops) become predicated datapath: both sides run, a select picks the result; false: the branch runs as control flow, the longer side counts'),
    fullUnrollThreshold: z.number().int().min(0).default(0).describe('the HLS front end fully unrolls a loop with a constant trip count, whose inner loops it has unrolled, when its unrolled size (trip count x body operations and address arithmetic) is below this (LLVM -O2, Bambu\'s front end: 150); 0 = it unrolls nothing the schedule left rolled'),
    argumentsMayAlias: z.boolean().default(false).describe('argument arrays reach the HLS tool as plain pointers (SODA lowers with bare pointers, no noalias): an access to one argument array waits for an earlier store to any other'),
  }).strict(),
  partitioning: z.object({
    maxFactor: positiveCycles.describe('largest array partition factor the tool accepts'),
  }).strict(),
  functionalUnits: z.partialRecord(z.enum(OPERATOR_CLASSES), positiveCycles).describe('most operators of a class that can start in one cycle; missing = no limit'),
  unitInstances: z.partialRecord(z.enum(OPERATOR_CLASSES), positiveCycles).optional()
    .describe('most instances of a class the design may bind (an HLS resource constraint, as Bambu\'s --constraints file gives): an instance that is not pipelined is held for its latency; missing = as many as the schedule keeps busy at once'),
  loops: z.object({
    pipelineByDefault: z.boolean().describe('pipeline every innermost loop without an hls.pipeline mark'),
    targetII: positiveCycles,
    iterationOverhead: cycles.describe('cycles per iteration of a loop that is not pipelined (counter, compare, branch)'),
    entryOverhead: cycles.describe('cycles to enter and leave a loop that is not pipelined'),
    pipelineOverhead: cycles.describe('cycles to fill and drain a pipelined loop beyond its iteration latency'),
  }).strict(),
  function: z.object({
    overhead: cycles.describe('cycles the kernel adds to its body\'s schedule to start and finish (0 for Bambu: fitted on the SODA opt_full points, where the straight-line body is the whole run)'),
    callOverhead: cycles.optional().describe('cycles a call adds to its callee\'s (the start/done handshake of a called module); missing = overhead'),
  }).strict(),
  capacity: z.object({
    lut: z.number().int().positive().optional(),
    ff: z.number().int().positive().optional(),
    dsp: z.number().int().positive().optional(),
    bram18: z.number().int().positive().optional(),
    areaUm2: z.number().positive().optional(),
  }).strict().optional().describe('what the device holds: the budget of `optimize` is a share of it'),
  resources: z.object({
    baseLut: z.number().min(0).describe('LUTs of the controller and interfaces every design has'),
    lutPerState: z.number().min(0).describe('LUTs per state of the finite-state machine (its control and multiplexers)'),
    lutPerPort: z.number().min(0).describe('LUTs per memory port in use (address and data multiplexers)'),
    lutPerOperation: z.number().min(0).default(0).describe('LUTs per operation in the schedule\'s text, each copy of an unrolled body counted: its input to a shared unit\'s operand multiplexers and its result register'),
    lutPerAccess: z.number().min(0).default(0).describe('LUTs per memory access in the schedule\'s text: its address and data multiplexer inputs'),
    ffPerLut: z.number().min(0).describe('flip-flops per LUT of datapath and control'),
    staticPowerW: z.number().min(0).describe('device static power in W'),
    powerPerLutW: z.number().min(0).describe('dynamic W per LUT at this clock'),
    powerPerDspW: z.number().min(0).describe('dynamic W per DSP at this clock'),
    powerPerBramW: z.number().min(0).default(0).describe('dynamic W per BRAM18'),
    baseAreaUm2: z.number().min(0).default(0).describe('ASIC: area of control and interfaces'),
    areaPerStateUm2: z.number().min(0).default(0).describe('ASIC: area per FSM state'),
    sramAreaPerBitUm2: z.number().min(0).default(0).describe('ASIC: area per bit of local memory'),
    powerPerAreaW: z.number().min(0).default(0).describe('ASIC: dynamic W per um^2 of logic at the target clock'),
  }).strict().optional().describe('the resource model beyond operator instances'),
}).strict();

export type TargetSpec = z.infer<typeof targetSpecSchema>;

export const BUILTIN_TARGETS = ['fpga', 'asic', 'xc7vx690t', 'xc7z020'] as const;

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

/**
 * How long one operation holds an instance of its class: its latency when the unit is not pipelined,
 * else the one cycle it starts in.
 */
export function holdCycles(target: TargetSpec, operator: OperatorClass, latency = target.operators[operator].latency): number {
  return target.operators[operator].pipelined === false ? Math.max(1, latency) : 1;
}

/**
 * Cycles `count` operations of a class need at least under the target's limits: starts per cycle
 * (functionalUnits) and instances each operation holds (unitInstances). 0 when neither limits it.
 */
export function unitBoundCycles(target: TargetSpec, operator: OperatorClass, count: number, holdTotal = count * holdCycles(target, operator)): number {
  const starts = target.functionalUnits[operator];
  const instances = target.unitInstances?.[operator];
  return Math.max(starts === undefined ? 0 : Math.ceil(count / starts), instances === undefined ? 0 : Math.ceil(holdTotal / instances));
}

/** `--units fmul=16,fadd=24`: at most that many instances per operator class; one-line errors name the field. */
export function parseUnitLimits(values: string[]): Partial<Record<OperatorClass, number>> {
  const units: Partial<Record<OperatorClass, number>> = {};
  for (const item of values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean)) {
    const match = /^([a-z]+)=(.*)$/i.exec(item);
    if (!match) throw new HlschedError('USAGE', `--units ${item} is not CLASS=NUMBER`, { hint: 'write it like --units fmul=16,fadd=24' });
    const operator = match[1]!.toLowerCase();
    if (!(OPERATOR_CLASSES as readonly string[]).includes(operator)) {
      throw new HlschedError('USAGE', `--units ${item}: ${operator} is not an operator class`, { hint: `use one of ${OPERATOR_CLASSES.join(', ')}` });
    }
    const n = Number(match[2]);
    if (!Number.isInteger(n) || n < 1) throw new HlschedError('USAGE', `--units ${item}: the number of ${operator} units must be a positive integer`, { hint: `for example --units ${operator}=16` });
    units[operator as OperatorClass] = n;
  }
  return units;
}

/** Two sets of unit limits as one: per class the tighter. */
export function tighterUnits(a: Partial<Record<OperatorClass, number>>, b: Partial<Record<OperatorClass, number>>): Partial<Record<OperatorClass, number>> {
  const merged: Partial<Record<OperatorClass, number>> = { ...a };
  for (const [operator, n] of Object.entries(b) as Array<[OperatorClass, number]>) merged[operator] = Math.min(n, merged[operator] ?? n);
  return merged;
}

/** The target with at most `units` instances per operator class (a recipe's limit-units step); tighter limits win. */
export function withUnitInstances(target: TargetSpec, units: Partial<Record<OperatorClass, number>>): TargetSpec {
  return { ...target, unitInstances: tighterUnits(target.unitInstances ?? {}, units) };
}

/** Cycles a delay needs at a clock: 0 when it fits in a fraction of the period and chains with its neighbours. */
export function cyclesFor(delayNs: number, clockNs: number): number {
  if (delayNs <= clockNs * CHAIN_FRACTION) return 0;
  return Math.max(1, Math.ceil(delayNs / clockNs - 1e-9));
}

/**
 * The target with its buffers placed by another memory policy (`--memory-policy`): with 'no-bram' the
 * buffers the kernel allocates sit behind the memory interface as the argument arrays do (their ports and
 * latencies, no block RAM): Bambu's NO_BRAM, for kernels whose buffers do not fit on chip (whole models).
 */
export function withMemoryPolicy(target: TargetSpec, policy: string): TargetSpec {
  return { ...target, memory: { ...target.memory, policy: parseMemoryPolicy(policy) } };
}

/** `--memory-policy` checked: one of MEMORY_POLICIES, or a usage error naming the flag. */
export function parseMemoryPolicy(policy: string): MemoryPolicy {
  if (!(MEMORY_POLICIES as readonly string[]).includes(policy)) {
    throw new HlschedError('USAGE', `--memory-policy ${policy} is not a memory policy`, { hint: `use --memory-policy ${MEMORY_POLICIES.join('|')}` });
  }
  return policy as MemoryPolicy;
}

/** The target at the run's clock and memory policy (`--clock-ns`, `--memory-policy`), each applied when given. */
export function withRunSettings(target: TargetSpec, settings: { clockNs?: number | undefined; memoryPolicy?: string | undefined }): TargetSpec {
  const clocked = settings.clockNs === undefined ? target : withClock(target, settings.clockNs);
  return settings.memoryPolicy === undefined ? clocked : withMemoryPolicy(clocked, settings.memoryPolicy);
}

/** Operators whose delay is at most this share of the period are chained into the cycle of their producer. */
export const CHAIN_FRACTION = 0.25;

/**
 * The target at another clock: every operator and memory that gives its delay in ns gets the latency
 * that delay needs at `clockNs`; the others keep their cycles.
 */
export function withClock(target: TargetSpec, clockNs: number): TargetSpec {
  if (!Number.isFinite(clockNs) || clockNs <= 0) {
    throw new HlschedError('USAGE', `invalid --clock-ns ${clockNs}: the clock period must be a positive number of ns`, { hint: 'for example --clock-ns 5' });
  }
  const operators = Object.fromEntries(Object.entries(target.operators).map(([name, spec]) =>
    [name, spec.delayNs === undefined ? spec : { ...spec, latency: cyclesFor(spec.delayNs, clockNs) }])) as TargetSpec['operators'];
  const memory = (m: { readLatency: number; readDelayNs?: number | undefined }) =>
    (m.readDelayNs === undefined ? {} : { readLatency: Math.max(1, Math.ceil(m.readDelayNs / clockNs - 1e-9)) });
  return {
    ...target, clockNs, operators,
    memory: {
      ...target.memory,
      arguments: { ...target.memory.arguments, ...memory(target.memory.arguments) },
      local: { ...target.memory.local, ...memory(target.memory.local) },
    },
  };
}
