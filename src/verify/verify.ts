import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { HlschedError } from '../errors.js';
import { calleesInText, entryFunctions } from '../ir/entry.js';
import { listFunctions, type FunctionInfo } from '../ir/functions.js';
import { renameSymbols, splitModule } from '../ir/module-text.js';
import { kernelDoesNotParse, makeDiagnostic, parseDiagnostics, type Diagnostic, type SourceMap } from '../toolchain/diagnostics.js';
import { discoverToolchain } from '../toolchain/discover.js';
import { DEFAULT_TOOL_MEMORY_MB, DEFAULT_TOOL_TIMEOUT_MS, describeRunEnd, runTool } from '../toolchain/run-tool.js';
import { withTempDir } from '../toolchain/temp-dir.js';
import type { Toolchain, ToolRun, ToolRunOptions } from '../toolchain/types.js';
import { generateHarness, type HarnessArgument, type HarnessBuffer } from './harness.js';
import { harnessArguments } from './harness-arguments.js';
import { inferIndexRanges } from './index-ranges.js';
import { looksBinary, readInput } from './inputs.js';
import { applySchedule, bufferize, lowerToLlvm, printModule, runHarness } from './mlir-steps.js';
import { parseRunnerOutput } from './runner-output.js';
import { toleranceFor } from './tolerance.js';
import type { ArgumentComparison, VerifyOptions, VerifyResult, VerifyStatus } from './types.js';

const TRANSFORMED_SUFFIX = '__hlsched_xf';

/** Everything one verification works on, gathered once. */
interface Session {
  toolchain: Toolchain;
  dir: string;
  kernelFile: string;
  scheduleFile: string;
  sources: SourceMap;
  tool: ToolRunOptions;
  timings: Record<string, number>;
}

async function timed(session: Session, stage: string, run: Promise<ToolRun>): Promise<ToolRun> {
  const result = await run;
  session.timings[stage] = Math.round(result.durationMs);
  return result;
}

function chooseFunction(functions: FunctionInfo[], requested: string | undefined, kernelFile: string, moduleText: string): FunctionInfo {
  const defined = functions.filter((fn) => !fn.isDeclaration);
  if (requested !== undefined) {
    const found = defined.find((fn) => fn.name === requested);
    if (!found) {
      throw new HlschedError('FUNCTION_NOT_FOUND', `kernel ${kernelFile} has no function @${requested}`,
        { hint: defined.length ? `choose one of: ${defined.map((fn) => fn.name).join(', ')}` : 'the kernel defines no function' });
    }
    return found;
  }
  const publicOnes = defined.filter((fn) => fn.visibility === 'public');
  // Several public functions: the entry is the one no other function calls.
  const bodies = publicOnes.length > 1 ? functionBodies(moduleText, defined) : new Map<string, string>();
  const candidates = entryFunctions(publicOnes, (fn) => fn.name, (fn) => calleesInText(bodies.get(fn.name) ?? ''));
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length === 0) {
    throw new HlschedError('FUNCTION_NOT_FOUND', `kernel ${kernelFile} defines no public function`,
      { hint: 'add a func.func with a body, or name a private one with --func' });
  }
  throw new HlschedError('FUNCTION_NOT_FOUND', `kernel ${kernelFile} defines ${candidates.length} public functions (${candidates.map((fn) => fn.name).join(', ')})`,
    { hint: 'choose one with --func NAME' });
}

/** The text of each function, from its header line to the next function's (enough to find its calls). */
function functionBodies(text: string, functions: FunctionInfo[]): Map<string, string> {
  const lines = text.split('\n');
  const starts = [...functions].sort((a, b) => a.line - b.line);
  return new Map(starts.map((fn, i) => [fn.name, lines.slice(fn.line - 1, (starts[i + 1]?.line ?? lines.length + 1) - 1).join('\n')]));
}

/** Names from the user's source, so reports say %A rather than %arg0. */
function withSourceNames(fn: FunctionInfo, sourceText: string): FunctionInfo {
  const source = listFunctions(sourceText).find((candidate) => candidate.name === fn.name);
  if (!source || source.arguments.length !== fn.arguments.length) return fn;
  return { ...fn, arguments: fn.arguments.map((arg, i) => ({ ...arg, name: source.arguments[i]!.name })) };
}

function planArguments(fn: FunctionInfo, options: VerifyOptions): HarnessArgument[] {
  return harnessArguments(fn, options.shapes ?? {}, options.scalars ?? {}, options.seed ?? 1, {
    ...(options.inputRanges ? { inputRanges: options.inputRanges } : {}), ...(options.floatRange ? { floatRange: options.floatRange } : {}),
  });
}

function usesTensors(fn: FunctionInfo): boolean {
  return [...fn.arguments.map((a) => a.type), ...fn.results].some((type) => type.kind === 'tensor');
}

function outcome(status: VerifyStatus, fn: string, diagnostics: Diagnostic[], session: Session, transformed?: string): VerifyResult {
  return {
    status, equivalent: false, maxAbsDiff: null, function: fn, arguments: [], diagnostics,
    ...(transformed === undefined ? {} : { transformed }), timings: session.timings,
  };
}

/**
 * Applies `schedulePath` to `kernelPath` with MLIR 22's transform interpreter and proves by
 * differential execution that the transformed kernel computes what the original did.
 *
 * Returns a result for every verdict on the schedule; throws `HlschedError` (exit 2) only
 * when the kernel or the command is at fault: unreadable files, a kernel that does not parse,
 * a missing function, arguments the harness cannot drive.
 */
export async function verify(kernelPath: string, schedulePath: string, options: VerifyOptions = {}): Promise<VerifyResult> {
  // readInput refuses kernels that are empty, binary or not UTF-8; a schedule's content is judged below.
  const [kernelText, scheduleText] = await Promise.all([readInput(kernelPath, 'kernel'), readInput(schedulePath, 'schedule')]);
  const toolchain = await discoverToolchain();
  return withTempDir(async (dir) => {
    const kernelFile = path.join(dir, 'kernel.mlir');
    const scheduleFile = path.join(dir, 'schedule.mlir');
    await Promise.all([writeFile(kernelFile, kernelText), writeFile(scheduleFile, scheduleText)]);
    const session: Session = {
      toolchain, dir, kernelFile, scheduleFile, timings: {},
      sources: {
        [kernelFile]: { role: 'kernel', file: kernelPath },
        [scheduleFile]: { role: 'schedule', file: schedulePath },
      },
      tool: { timeoutMs: options.timeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS, memoryMb: options.memoryMb ?? DEFAULT_TOOL_MEMORY_MB, cwd: dir },
    };
    return verifyInSession(session, kernelPath, kernelText, scheduleText, options);
  });
}

/**
 * Proves by differential execution that `transformedText`, a kernel rewritten by us after a schedule
 * (banking: src/memory/banking.ts), computes what the kernel in `kernelPath` did. Same record as verify();
 * a transformed text that does not parse is 'malformed'.
 */
export async function verifyTransformed(kernelPath: string, transformedText: string, options: VerifyOptions = {}): Promise<VerifyResult> {
  const kernelText = await readInput(kernelPath, 'kernel');
  const toolchain = await discoverToolchain();
  return withTempDir(async (dir) => {
    const kernelFile = path.join(dir, 'kernel.mlir');
    const transformedFile = path.join(dir, 'rewritten.mlir');
    await Promise.all([writeFile(kernelFile, kernelText), writeFile(transformedFile, transformedText)]);
    const session: Session = {
      toolchain, dir, kernelFile, scheduleFile: transformedFile, timings: {},
      sources: { [kernelFile]: { role: 'kernel', file: kernelPath }, [transformedFile]: { role: 'schedule', file: 'rewritten kernel' } },
      tool: { timeoutMs: options.timeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS, memoryMb: options.memoryMb ?? DEFAULT_TOOL_MEMORY_MB, cwd: dir },
    };
    const [original, rewritten] = await Promise.all([
      timed(session, 'parse', printModule(toolchain, kernelFile, session.tool)),
      timed(session, 'parse-rewritten', printModule(toolchain, transformedFile, session.tool)),
    ]);
    if (original.exitCode !== 0) throw kernelDoesNotParse(kernelPath, parseDiagnostics(original.stderr, session.sources), `mlir-opt ${describeRunEnd(original)}`);
    const fn = withSourceNames(chooseFunction(listFunctions(original.stdout), options.func, kernelPath, original.stdout), kernelText);
    if (rewritten.exitCode !== 0) {
      const diagnostics = parseDiagnostics(rewritten.stderr, session.sources);
      return outcome('malformed', fn.name, diagnostics.length ? diagnostics : [makeDiagnostic('schedule', `the rewritten kernel does not parse: ${describeRunEnd(rewritten)}`)], session);
    }
    return compareByExecution(session, fn, usesTensors(fn) ? undefined : planArguments(fn, options), original.stdout, rewritten.stdout, options);
  });
}

async function verifyInSession(session: Session, kernelPath: string, kernelText: string, scheduleText: string,
  options: VerifyOptions): Promise<VerifyResult> {
  const { toolchain, tool } = session;
  // The schedule's malformedness is only checked when applying fails: the happy path stays at two runs here.
  const [original, applied] = await Promise.all([
    timed(session, 'parse', printModule(toolchain, session.kernelFile, tool)),
    timed(session, 'apply', applySchedule(toolchain, session.kernelFile, session.scheduleFile, tool)),
  ]);
  if (original.exitCode !== 0) {
    if (original.timedOut) throw new HlschedError('KERNEL_INVALID', `parsing kernel ${kernelPath} timed out`, { hint: 'raise --timeout' });
    throw kernelDoesNotParse(kernelPath, parseDiagnostics(original.stderr, session.sources), `mlir-opt ${describeRunEnd(original)}`);
  }
  const fn = withSourceNames(chooseFunction(listFunctions(original.stdout), options.func, kernelPath, original.stdout), kernelText);
  // Check what the harness can drive before spending time on the schedule; tensor kernels only after bufferizing.
  const args = usesTensors(fn) ? undefined : planArguments(fn, options);

  if (applied.exitCode !== 0) return classifyApplyFailure(session, applied, fn.name, scheduleText);
  if (applied.stdout === original.stdout) {
    return outcome('no-op', fn.name, [makeDiagnostic('schedule',
      'the schedule applied but changed nothing: a match probably found no ops (check op names and the order of matches)',
      { file: session.sources[session.scheduleFile]!.file })], session, applied.stdout);
  }
  return compareByExecution(session, fn, args, original.stdout, applied.stdout, options);
}

async function classifyApplyFailure(session: Session, applied: ToolRun, fn: string, scheduleText: string): Promise<VerifyResult> {
  const scheduleFile = session.sources[session.scheduleFile]!.file;
  if (applied.timedOut) {
    return outcome('timeout', fn, [makeDiagnostic('tool', `applying the schedule ${describeRunEnd(applied, session.tool.timeoutMs)}`)], session);
  }
  const check = await timed(session, 'check-schedule', printModule(session.toolchain, session.scheduleFile, session.tool));
  if (check.exitCode !== 0 || looksBinary(scheduleText)) {
    const diagnostics = parseDiagnostics(check.stderr, session.sources);
    return outcome('malformed', fn, diagnostics.length ? diagnostics
      : [makeDiagnostic('schedule', 'the schedule is not MLIR text', { file: scheduleFile })], session);
  }
  if (!/@__transform_main\b/.test(check.stdout)) {
    return outcome('malformed', fn, [makeDiagnostic('schedule',
      'the schedule has no `transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly})` inside a module with the `transform.with_named_sequence` attribute',
      { file: scheduleFile })], session);
  }
  const diagnostics = parseDiagnostics(applied.stderr, session.sources);
  if (diagnostics.length === 0) {
    // Some transform ops (structured.fuse on memrefs) fail without printing anything.
    diagnostics.push(makeDiagnostic('schedule', `the transform interpreter ${describeRunEnd(applied)} without a diagnostic; a transform op in the schedule failed silently (structured.fuse on memrefs does this)`, { file: scheduleFile }));
  }
  return outcome('not-applicable', fn, diagnostics, session);
}

/** Writes `text` to `name` in the session folder and returns the path. */
async function stage(session: Session, name: string, text: string): Promise<string> {
  const file = path.join(session.dir, name);
  await writeFile(file, text);
  return file;
}

async function bufferizeBoth(session: Session, original: string, transformed: string): Promise<[ToolRun, ToolRun]> {
  const [originalFile, transformedFile] = await Promise.all([stage(session, 'original.mlir', original), stage(session, 'transformed.mlir', transformed)]);
  return Promise.all([
    timed(session, 'bufferize', bufferize(session.toolchain, originalFile, session.tool)),
    timed(session, 'bufferize-transformed', bufferize(session.toolchain, transformedFile, session.tool)),
  ]);
}

async function compareByExecution(session: Session, fnBefore: FunctionInfo, memrefArgs: HarnessArgument[] | undefined,
  original: string, transformed: string, options: VerifyOptions): Promise<VerifyResult> {
  let [originalMemref, transformedMemref] = [original, transformed];
  let fn = fnBefore;
  if (usesTensors(fnBefore)) {
    const [a, b] = await bufferizeBoth(session, original, transformed);
    if (a.exitCode !== 0) {
      throw new HlschedError('KERNEL_UNSUPPORTED', `kernel @${fn.name} uses tensors and cannot be bufferized: ${parseDiagnostics(a.stderr)[0]?.message ?? describeRunEnd(a)}`,
        { hint: 'give the kernel on memrefs, or make it bufferizable with one-shot-bufferize' });
    }
    if (b.exitCode !== 0) {
      return outcome('runtime-error', fn.name, [makeDiagnostic('tool', `the transformed kernel cannot be bufferized: ${parseDiagnostics(b.stderr)[0]?.message ?? describeRunEnd(b)}`)], session, transformed);
    }
    [originalMemref, transformedMemref] = [a.stdout, b.stdout];
    const bufferizedFn = listFunctions(a.stdout).find((candidate) => candidate.name === fn.name)!;
    fn = { ...bufferizedFn, arguments: bufferizedFn.arguments.map((arg, i) => ({ ...arg, name: fnBefore.arguments[i]?.name ?? `result${i - fnBefore.arguments.length}` })) };
  }
  // Integer arguments that index a gather get values in range (inferred; --input-range overrides).
  const gathered = await indexRanges(session, fn, originalMemref, options);
  const args = gathered ? planArguments(fn, { ...options, inputRanges: gathered }) : memrefArgs ?? planArguments(fn, options);
  const originalOps = splitModule(originalMemref);
  const transformedOps = splitModule(transformedMemref);
  const shared = new Set(originalOps.filter((op) => op.isDeclaration && op.symbol).map((op) => op.symbol!));
  const renamed = transformedOps.filter((op) => op.symbol && !shared.has(op.symbol)).map((op) => op.symbol!);
  const moduleOps = [
    ...originalOps.map((op) => op.text),
    ...transformedOps.filter((op) => !(op.symbol && shared.has(op.symbol))).map((op) => renameSymbols(op.text, renamed, TRANSFORMED_SUFFIX)),
  ];
  const harness = generateHarness({ moduleOps, original: fn.name, transformed: `${fn.name}${TRANSFORMED_SUFFIX}`, arguments: args });
  const harnessFile = await stage(session, 'harness.mlir', harness);
  const llvmFile = path.join(session.dir, 'harness.llvm.mlir');
  const lowered = await timed(session, 'lower', lowerToLlvm(session.toolchain, harnessFile, llvmFile, session.tool));
  if (lowered.exitCode !== 0) return loweringFailure(session, lowered, fn, originalOps.map((op) => op.text), args, transformed);

  const run = await timed(session, 'run', runHarness(session.toolchain, llvmFile, session.tool));
  const output = parseRunnerOutput(run.stdout);
  if (run.timedOut) {
    const which = output.originalDone ? 'the transformed kernel' : 'the original kernel';
    return outcome('timeout', fn.name, [makeDiagnostic('tool', `running ${which} ${describeRunEnd(run, session.tool.timeoutMs)}`)], session, transformed);
  }
  if (!output.originalDone) {
    // Either the original kernel fails, or the module did not load (the transformed half can cause that).
    await checkOriginalAlone(session, fn, originalOps.map((op) => op.text), args);
    return outcome('runtime-error', fn.name, [makeDiagnostic('tool', `the transformed kernel cannot be run: mlir-runner ${describeRunEnd(run)}${firstLine(run.stderr)}`)], session, transformed);
  }
  if (!output.transformedDone || run.exitCode !== 0) {
    return outcome('runtime-error', fn.name, [makeDiagnostic('tool', `the transformed kernel crashed: mlir-runner ${describeRunEnd(run)}${firstLine(run.stderr)}`)], session, transformed);
  }
  return judge(session, fn.name, args, output, options, transformed);
}

async function indexRanges(session: Session, fn: FunctionInfo, moduleText: string, options: VerifyOptions): Promise<Record<string, [number, number]> | undefined> {
  const integers = fn.arguments.filter((a) => a.type.kind === 'memref' && /^i\d+$/.test(a.type.element) && !options.inputRanges?.[a.name]);
  if (integers.length === 0) return undefined;
  const printed = await runTool(session.toolchain, 'mlir-opt', [await stage(session, 'ranges.mlir', moduleText), '--mlir-print-op-generic', '--mlir-print-local-scope'], session.tool);
  if (printed.exitCode !== 0) return undefined;
  let inferred: Map<number, [number, number]>;
  try {
    inferred = inferIndexRanges(printed.stdout, fn.name);
  } catch {
    return undefined;
  }
  if (inferred.size === 0) return undefined;
  const ranges: Record<string, [number, number]> = { ...(options.inputRanges ?? {}) };
  for (const [position, range] of inferred) {
    const name = fn.arguments[position]?.name;
    if (name && !options.inputRanges?.[name]) ranges[name] = range;
  }
  return ranges;
}

function firstLine(stderr: string): string {
  // LLVM's crash banner ("PLEASE submit a bug report...", "Stack dump:") says nothing about the kernel.
  const line = stderr.split('\n').find((l) => l.trim() !== '' && !/PLEASE submit a bug report|^Stack dump|Program arguments:|^\s*#?\d+ 0x/.test(l));
  return line ? ` (${line.trim().slice(0, 300)})` : '';
}

/**
 * Runs the original kernel against itself. Throws `KERNEL_UNSUPPORTED` (exit 2) when it cannot be
 * lowered or run: then the kernel, not the schedule, is at fault.
 */
async function checkOriginalAlone(session: Session, fn: FunctionInfo, originalOps: string[],
  args: HarnessArgument[]): Promise<void> {
  const alone = generateHarness({ moduleOps: originalOps, original: fn.name, transformed: fn.name, arguments: args });
  const aloneFile = await stage(session, 'harness-original.mlir', alone);
  const llvmFile = path.join(session.dir, 'original.llvm.mlir');
  const lowered = await lowerToLlvm(session.toolchain, aloneFile, llvmFile, session.tool);
  if (lowered.exitCode !== 0) {
    throw new HlschedError('KERNEL_UNSUPPORTED', `kernel @${fn.name} cannot be lowered for execution: ${parseDiagnostics(lowered.stderr)[0]?.message ?? describeRunEnd(lowered)}`,
      { hint: 'use linalg, affine, scf, memref, arith and math ops in the kernel' });
  }
  const run = await runHarness(session.toolchain, llvmFile, session.tool);
  if (!parseRunnerOutput(run.stdout).originalDone) {
    throw new HlschedError('KERNEL_UNSUPPORTED', `the original kernel @${fn.name} fails when run on test inputs: mlir-runner ${describeRunEnd(run, session.tool.timeoutMs)}${firstLine(run.stderr)}`,
      { hint: 'check the kernel for out-of-bounds accesses; give dynamic sizes with --shape and scalar values with --scalar' });
  }
}

/** Tells a transformed kernel that cannot be lowered from a kernel hlsched cannot lower at all. */
async function loweringFailure(session: Session, lowered: ToolRun, fn: FunctionInfo, originalOps: string[],
  args: HarnessArgument[], transformed: string): Promise<VerifyResult> {
  await checkOriginalAlone(session, fn, originalOps, args);
  const diagnostics = parseDiagnostics(lowered.stderr).map((d) => ({ ...d, role: 'harness' as const }));
  return outcome('runtime-error', fn.name, [makeDiagnostic('tool', 'the transformed kernel cannot be lowered for execution'), ...diagnostics], session, transformed);
}

function judge(session: Session, fn: string, args: HarnessArgument[],
  output: ReturnType<typeof parseRunnerOutput>, options: VerifyOptions, transformed: string): VerifyResult {
  const buffers = args.filter((a): a is HarnessBuffer => a.kind === 'buffer');
  const comparisons: ArgumentComparison[] = buffers.map((buffer) => {
    const measured = output.measurements.get(args.indexOf(buffer)) ?? { diff: Number.NaN, scale: Number.NaN };
    const finite = Number.isFinite(measured.diff) && Number.isFinite(measured.scale);
    const tolerance = toleranceFor(buffer.element, Number.isFinite(measured.scale) ? measured.scale : 0, options.rtol);
    return {
      name: buffer.name, type: buffer.type,
      maxAbsDiff: Number.isNaN(measured.diff) ? null : measured.diff,
      maxAbsOriginal: Number.isNaN(measured.scale) ? null : measured.scale,
      tolerance,
      equivalent: finite && measured.diff <= tolerance,
    };
  });
  const equivalent = comparisons.every((c) => c.equivalent);
  const diffs = comparisons.map((c) => c.maxAbsDiff);
  const maxAbsDiff = diffs.includes(null) ? null : Math.max(0, ...(diffs as number[]));
  const diagnostics = comparisons.filter((c) => !c.equivalent).map((c) => makeDiagnostic('kernel', c.maxAbsDiff === null
    ? `%${c.name}: ${c.maxAbsOriginal === null ? 'the original kernel produces NaN on the test inputs' : 'the transformed kernel produces NaN'}`
    : `%${c.name}: max |diff| ${c.maxAbsDiff.toPrecision(3)} exceeds the tolerance ${c.tolerance.toPrecision(3)} (largest |value| ${c.maxAbsOriginal?.toPrecision(3)})`));
  return {
    status: equivalent ? 'ok' : 'wrong-result', equivalent, maxAbsDiff, function: fn,
    arguments: comparisons, diagnostics, transformed, timings: session.timings,
  };
}
