import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { HlschedError } from '../../errors.js';
import { listFunctions } from '../../ir/functions.js';
import { discoverToolchain } from '../../toolchain/discover.js';
import { DEFAULT_TOOL_TIMEOUT_MS, runExecutable, runTool } from '../../toolchain/run-tool.js';
import { bambuConstraints, unitConstraintsOf } from './constraints.js';
import { withTempDir } from '../../toolchain/temp-dir.js';
import { harnessArguments } from '../../verify/harness-arguments.js';
import type { TargetSpec } from '../target.js';
import type { Estimate, EstimateOptions, LatencyBackend } from '../types.js';
import { generateBambuTestbench, harnessInputValues } from './c-harness.js';
import { emitKernelC } from './emit-c.js';
import { firstBambuError, parseBambuCycles } from './log.js';

/** Finds Bambu: `$BAMBU`, else `bambu` on PATH. */
export async function findBambu(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const candidates = env.BAMBU ? [env.BAMBU] : (env.PATH ?? '').split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, 'bambu'));
  for (const candidate of candidates) {
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // next
    }
  }
  return undefined;
}

/** The SODA experiments' Bambu flags, with the device, clock and memory policy from the target spec. */
export function bambuArguments(target: TargetSpec, top: string, cFile: string, testbench: string): string[] {
  return [
    '-lm', '--soft-float', '-O2', `--device=${target.device}`, `--clock-period=${target.clockNs}`, '--no-iob',
    '--experimental-setup=BAMBU-BALANCED-MP', `--channels-number=${target.memory.arguments.ports}`,
    `--memory-allocation-policy=${target.memory.policy === 'no-bram' ? 'NO_BRAM' : 'ALL_BRAM'}`, '--disable-function-proxy', `--generate-tb=${testbench}`,
    '--simulate', '--simulator=VERILATOR', `--top-fname=${top}`,
    // Unit limits (limit-units, --units) as Bambu's resource constraints: constraints.xml beside the C.
    ...(unitConstraintsOf(target) ? ['--constraints=constraints.xml'] : []), cFile,
  ];
}

/** `void gemm(float v1, float v3[2][2])` -> ['v1', 'v3']: the names Bambu's testbench must use. */
export function cParameterNames(c: string, functionName: string): string[] {
  const signature = new RegExp(`\\b${functionName}\\(([^)]*)\\)\\s*\\{`).exec(c);
  if (!signature) return [];
  return signature[1]!.split(',').map((parameter) => /(\w+)\s*(?:\[[^\]]*\])*\s*$/.exec(parameter.trim())?.[1] ?? '');
}

function cacheDir(): string {
  return path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'hlsched', 'bambu');
}

export interface BambuInputs {
  /** The kernel (after the schedule) in C, through MLIR's EmitC route. */
  c: string;
  /** Bambu's testbench XML with the harness's seeded inputs. */
  testbench: string;
  /** Bambu's arguments, reading `kernel.c` and `testbench.xml` from the working folder. */
  flags: string[];
  functionName: string;
}

/** What a Bambu run needs: the C, the testbench and the flags; shared by the backend and `hlsched export`. */
export async function prepareBambuInputs(kernelPath: string, target: TargetSpec, options: EstimateOptions = {}): Promise<BambuInputs> {
  const toolchain = await discoverToolchain();
  const tool = { timeoutMs: options.timeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS };
  const c = await emitKernelC(toolchain, kernelPath, options.schedule, tool);
  const printed = await runTool(toolchain, 'mlir-opt', [kernelPath], tool);
  const functions = listFunctions(printed.stdout).filter((fn) => !fn.isDeclaration);
  const fn = options.func ? functions.find((f) => f.name === options.func) : functions[0];
  if (!fn) throw new HlschedError('FUNCTION_NOT_FOUND', `the kernel has no function${options.func ? ` @${options.func}` : ''}`);
  const args = harnessArguments(fn, {}, {}, 1);
  const parameterNames = cParameterNames(c, fn.name);
  const values = new Map(args.flatMap((a, i) => (a.kind === 'buffer' ? [[i, harnessInputValues(a)] as const] : [])));
  const testbench = generateBambuTestbench(args, parameterNames, values);
  const flags = bambuArguments(target, fn.name, 'kernel.c', 'testbench.xml');
  return { c, testbench, flags, functionName: fn.name };
}

/** Runs Bambu on the kernel's C (EmitC route) and reads the simulated cycle count; results are cached by content hash. */
export class BambuBackend implements LatencyBackend {
  readonly name = 'bambu' as const;

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  async estimate(kernelPath: string, target: TargetSpec, options: EstimateOptions = {}): Promise<Estimate> {
    const bambu = await findBambu(this.env);
    if (!bambu) {
      throw new HlschedError('BACKEND_UNAVAILABLE', 'Bambu is not installed: no `bambu` on PATH and BAMBU is not set',
        { hint: 'install PandA Bambu and put it on PATH (or set BAMBU=/path/to/bambu), or use --backend analytic' });
    }
    const { c, testbench, flags, functionName } = await prepareBambuInputs(kernelPath, target, options);
    const units = unitConstraintsOf(target);
    const key = createHash('sha256').update(JSON.stringify({ c, testbench, flags, ...(units ? { units } : {}) })).digest('hex');
    const cacheFile = path.join(cacheDir(), `${key}.json`);
    let cycles: number | undefined;
    try {
      cycles = (JSON.parse(await readFile(cacheFile, 'utf8')) as { cycles: number }).cycles;
    } catch {
      cycles = await withTempDir(async (dir) => {
        await writeFile(path.join(dir, 'kernel.c'), c);
        await writeFile(path.join(dir, 'testbench.xml'), testbench);
        if (units) await writeFile(path.join(dir, 'constraints.xml'), bambuConstraints(units));
        const run = await runExecutable(bambu, flags, { cwd: dir, timeoutMs: options.timeoutMs ?? 30 * 60_000, memoryMb: 16384 });
        let text = `${run.stdout}\n${run.stderr}`;
        try { text += `\n${await readFile(path.join(dir, 'results.txt'), 'utf8')}`; } catch { /* Bambu did not simulate */ }
        const found = parseBambuCycles(text);
        if (found === undefined) {
          throw new HlschedError('TOOL_FAILED', `Bambu gave no cycle count for ${kernelPath}: ${firstBambuError(text) ?? `exited with code ${run.exitCode}`}`,
            { hint: 'run it again with --verbose to see the command, and run that command by hand' });
        }
        return found;
      });
      await mkdir(cacheDir(), { recursive: true });
      const temporary = `${cacheFile}.${process.pid}.tmp`;
      await writeFile(temporary, JSON.stringify({ cycles, kernel: kernelPath, flags }));
      await rename(temporary, cacheFile);
    }
    return {
      backend: 'bambu', target: target.name, function: functionName, cycles, lowerBound: 0, clockNs: target.clockNs,
      timeNs: cycles * target.clockNs, loops: [], bottlenecks: [], resources: { operators: {}, dsp: 0, memories: [] },
      notes: ['Bambu reports total cycles only: use --backend analytic for the per-loop breakdown and bottlenecks'],
    };
  }
}
