import { cac, type CAC } from 'cac';
import { HlschedError } from '../errors.js';
import { runEstimateCommand } from './commands/estimate.js';
import { runIngestCommand, runSearchCommand } from './commands/knowledge.js';
import { runOptimizeCommand } from './commands/optimize.js';
import { runPromptCommand } from './commands/prompt.js';
import { runChunkCommand } from './commands/chunk.js';
import { registerBatchCommands } from './commands/batch-cli.js';
import { runVerifyCommand } from './commands/verify.js';
import { runDoctorCommand } from './commands/doctor.js';
import { runExportCommand } from './commands/export.js';
import { processIo, reportError, type CliIo } from './output.js';
import { onToolCommand } from '../toolchain/run-tool.js';
import { prepareCommand } from './config-defaults.js';

const VERSION = '0.1.0';

type Handler = () => Promise<number>;

/** Declares every command and option; returns the parser and, once parsed, the chosen handler. */
export function createCli(io: CliIo): { cli: CAC; handler: () => Handler | undefined } {
  const cli = cac('hlsched');
  let chosen: Handler | undefined;
  cli.option('--verbose', 'Print every external tool command before it runs');

  cli.command('verify <kernel> <schedule>', 'Apply a Transform-dialect schedule and prove it changes no results')
    .option('--func <name>', 'Function to compare (needed when the kernel defines several)')
    .option('--emit <file>', 'Write the transformed kernel to this file')
    .option('--json', 'Print the result as JSON')
    .option('--shape <name=DxD>', 'Sizes of a dynamic memref argument, e.g. --shape A=64x64 (repeatable)')
    .option('--scalar <name=value>', 'Value of a scalar argument, e.g. --scalar alpha=1.5 (repeatable)')
    .option('--input-range <name=LO:HI>', 'Draw the inputs of a memref argument from [LO, HI), e.g. token ids --input-range ids=0:512 (repeatable)')
    .option('--seed <n>', 'Seed of the pseudo-random inputs', { default: undefined })
    .option('--rtol <x>', 'Relative tolerance for float results (default 1e-4 for f32, 1e-9 for f64)')
    .option('--timeout <seconds>', 'Time limit of each tool run (default 60)')
    .option('--memory <MiB>', 'Address-space cap of each tool run (default 4096)')
    .option('--transformed', 'The second file is a transformed kernel (optimize\'s transformed.mlir when its recipe banks buffers), compared with the first')
    .example('hlsched verify eval/kernels/matmul.mlir eval/schedules/matmul.tile.ok.mlir')
    .example('hlsched verify eval/kernels/eels_encoder.mlir out/eels_encoder-xc7z020/transformed.mlir --transformed')
    .example('hlsched verify kernel.mlir schedule.mlir --json --emit transformed.mlir')
    .action((kernel: string, schedule: string, options: Record<string, unknown>) => {
      chosen = () => runVerifyCommand(kernel, schedule, options, io);
    });

  cli.command('estimate <kernel>', 'Estimate cycles, bottlenecks and resources of a kernel on an HLS target')
    .option('--schedule <file>', 'Apply this Transform-dialect schedule first')
    .option('--target <fpga|asic|file>', 'Target spec: fpga, asic or a JSON file (default fpga)')
    .option('--backend <analytic|bambu>', 'analytic model (default) or Bambu when installed')
    .option('--func <name>', 'Function to estimate (needed when the kernel defines several)')
    .option('--json', 'Print the estimate as JSON')
    .option('--timeout <seconds>', 'Time limit of each tool run (default 60)')
    .option('--clock-ns <ns>', "Clock period in ns (default the target's); latencies follow the operators' delays")
    .option('--memory-policy <all-bram|no-bram>', "Where the kernel's own buffers live: on-chip BRAM (default, SODA's ALL_BRAM) or behind the memory interface (Bambu's NO_BRAM, for buffers that do not fit)")
    .option('--shape <NAME=DxD>', 'Size of a dynamic memref argument (repeatable; inferred from constant loop bounds when certain)')
    .option('--scalar <NAME=VALUE>', 'Value of a scalar (size) argument, folded into the trip counts (repeatable)')
    .option('--units <class=n,...>', 'At most n instances of an operator class (an HLS resource constraint, as optimize\'s limit-units step), e.g. fmul=16,fadd=24')
    .example('hlsched estimate eval/kernels/gemm.mlir')
    .example('hlsched estimate eval/kernels/gemm.mlir --schedule eval/schedules/gemm.unroll.ok.mlir --target asic --json')
    .action((kernel: string, options: Record<string, unknown>) => {
      chosen = () => runEstimateCommand(kernel, options, io);
    });

  cli.command('optimize <kernel>', 'Find a faster verified schedule (tuner, corpus reuse), write it out and add it to the corpus')
    .option('--target <fpga|asic|file>', 'Target spec (default fpga)')
    .option('--llm <none|auto|ollama|llama-cpp|openai>', 'Language-model proposer (default auto: the first that answers, else none)')
    .option('--model <name>', 'Model name (Ollama default llama3.1:8b)')
    .option('--llm-host <url>', 'Ollama host (default OLLAMA_HOST or http://127.0.0.1:11434)')
    .option('--base-url <url>', 'OpenAI-compatible base URL, e.g. http://127.0.0.1:8080/v1')
    .option('--model-path <file>', 'GGUF model file for --llm llama-cpp')
    .option('--context-tokens <n>', "The model's context window (default 8192; llama-cpp: the model's trained context, never more)")
    .option('--llm-threads <n>', 'llama-cpp: evaluation threads (default half the cores, never more than all)')
    .option('--samples <n>', 'Model answers to sample before repairs (default 3)')
    .option('--request <text>', 'Your constraints, passed to the model, e.g. "keep DSPs under 200"')
    .option('--no-tuner', 'Only the model and the corpus propose')
    .option('--timeout <seconds>', 'Time limit of each tool run (default 60)')
    .option('--whole-model <auto|on|off>', 'Search each unique layer once (default auto: 16+ ops with repeats)')
    .option('--budget <n>', 'Most candidate evaluations (default 120)')
    .option('--time <seconds>', 'Time limit of the search (default 600)')
    .option('--out <dir>', 'Output folder (default out/<kernel>-<target>)')
    .option('--func <name>', 'Function to optimize (needed when the kernel defines several)')
    .option('--no-accept', 'Do not add the result to corpus/schedules')
    .option('--explore', 'Search even when the corpus holds a verified schedule for this kernel')
    .option('--no-banks', 'Only plain Transform schedules: no bank steps (our rewrite of the scheduled kernel)')
    .option('--partition-args', 'Let the tuner split argument arrays into several memories (a different accelerator interface, as ScaleHLS partitions the top function\'s arrays): transformed.mlir holds the accelerator @NAME_partitioned and the host side @NAME')
    .option('--no-unit-limits', 'No limit-units steps: no HLS resource constraint beside the schedule (constraints.xml)')
    .option('--corpus <dir>', 'Corpus folder (default corpus/)')
    .option('--index <dir>', 'Index folder (default index/)')
    .option('--json', 'Print the result as JSON')
    .option('--max-util <share>', 'Largest share of every device resource a schedule may use (default 0.8)')
    .option('--limit <resource=n,...>', 'Absolute resource limits, e.g. dsp=200,lut=40000 (lut, ff, dsp, bram18, area)')
    .option('--objective <latency|area|edp>', 'Which point of the verified Pareto front to report (default latency)')
    .option('--clock-ns <ns>', "Clock period in ns (default the target's)")
    .option('--memory-policy <all-bram|no-bram>', "Where the kernel's own buffers live: on-chip BRAM (default, SODA's ALL_BRAM) or behind the memory interface (Bambu's NO_BRAM, for buffers that do not fit)")
    .option('--shape <NAME=DxD>', 'Size of a dynamic memref argument (repeatable; inferred from constant loop bounds when certain)')
    .option('--scalar <NAME=VALUE>', 'Value of a scalar (size) argument, folded into the trip counts (repeatable)')
    .option('--input-range <NAME=LO:HI>', 'Draw the verification inputs of a memref argument from [LO, HI) (repeatable)')
    .option('--verify <whole|layers|auto>', 'Verify the whole kernel, each transformed layer in isolation, or auto (layers for whole models, plus the whole when small)')
    .example('hlsched optimize eval/kernels/eels_encoder.mlir --target fpga')
    .example('hlsched optimize kernel.mlir --target asic --budget 30 --json')
    .action((kernel: string, options: Record<string, unknown>) => {
      chosen = () => runOptimizeCommand(kernel, options, io);
    });

  cli.command('prompt <kernel>', 'Print the exact prompt the model would get for a kernel')
    .option('--target <fpga|asic|file>', 'Target spec (default fpga)')
    .option('--request <text>', 'Your constraints, passed to the model')
    .option('--context-tokens <n>', "The model's context window (default 8192)")
    .option('--index <dir>', 'Index folder for retrieved docs and examples (default index/)')
    .option('--func <name>', 'Function (needed when the kernel defines several)')
    .option('--layer <signature>', 'Whole models: the prompt for one unique layer (a signature from `hlsched chunk`, or `list`)')
    .option('--json', 'Print the messages and the token accounting as JSON')
    .example('hlsched prompt eval/kernels/gemm.mlir --target asic')
    .action((kernel: string, options: Record<string, unknown>) => {
      chosen = () => runPromptCommand(kernel, options, io);
    });

  cli.command('chunk <model>', 'Split a model into op-level snippets; identical layers share one signature')
    .option('--budget <tokens>', 'Most tokens per chunk; larger op bodies are summarised (default 2048)')
    .option('--json', 'Print {"totalOps", "uniqueSignatures", "chunks": [...]}')
    .example('hlsched chunk eval/kernels/eels_encoder.mlir --json')
    .action((model: string, options: Record<string, unknown>) => {
      chosen = () => runChunkCommand(model, options, io);
    });

  cli.command('ingest', 'Build or update the knowledge index from MLIR docs, corpus/ and your folders')
    .option('--source <dir>', 'Also index this folder of .md, .mlir and .td files (repeatable)')
    .option('--embedder <use|ollama|transformers>', 'Embedding model (default use: built in, offline)')
    .option('--embed-model <name|dir>', 'Ollama model name, or the folder of a transformers.js model')
    .option('--rebuild', 'Re-embed everything')
    .option('--index <dir>', 'Index folder (default index/)')
    .option('--corpus <dir>', 'Corpus folder (default corpus/)')
    .option('--json', 'Print the result as JSON')
    .example('hlsched ingest')
    .example('hlsched ingest --source ~/notes/hls --embedder ollama --embed-model nomic-embed-text')
    .action((options: Record<string, unknown>) => {
      chosen = () => runIngestCommand(options, io);
    });

  cli.command('search <query>', 'Search the knowledge index with words or an MLIR snippet')
    .option('--k <n>', 'How many results (default 5)')
    .option('--kind <doc|example|schedule>', 'Only documents of this kind')
    .option('--op <name>', 'Only documents about or using this op or pass')
    .option('--mode <hybrid|lexical|dense>', 'Ranking (default hybrid: both, fused)')
    .option('--index <dir>', 'Index folder (default index/)')
    .option('--embedder <use|ollama|transformers>', 'Embedding model; must be the one the index was built with')
    .option('--embed-model <name|dir>', 'Ollama model name, or the folder of a transformers.js model')
    .option('--json', 'Print the results as JSON')
    .example('hlsched search "tile a matmul for local buffers"')
    .example('hlsched search "transform.loop.unroll" --kind doc --json')
    .action((query: string, options: Record<string, unknown>) => {
      chosen = () => runSearchCommand(query, options, io);
    });

  cli.command('doctor', 'Check what hlsched finds (MLIR 22, C compiler, index, models, Bambu, Slurm) and how to fix what is missing')
    .option('--index <dir>', 'Index folder to check (default index/ or the user data folder)')
    .option('--json', 'Print {"ready", "config", "checks": [{"name", "status", "required", "detail", "fix"}]}')
    .example('hlsched doctor')
    .action((options: Record<string, unknown>) => {
      chosen = () => runDoctorCommand(options, io);
    });

  cli.command('export <outDir>', 'Hand a result to SODA and Bambu: C and MLIR kernel, testbench, exact command lines, run-hls.sh; runs Bambu when installed')
    .option('--to <dir>', 'Hand-off folder (default <outDir>/handoff)')
    .option('--kernel <file>', 'The kernel, when the path in report.json does not resolve from here')
    .option('--target <fpga|asic|file>', 'Target spec (default: the one in report.json)')
    .option('--no-run', 'Do not run Bambu even when it is installed')
    .option('--timeout <seconds>', 'Time limit of each tool run (default 60; Bambu 1800)')
    .option('--json', 'Print {"dir", "files", "commands", "estimateCycles", "measuredCycles", "note"}')
    .example('hlsched export out/gemm-fpga')
    .action((outDir: string, options: Record<string, unknown>) => {
      chosen = () => runExportCommand(outDir, options, io);
    });

  registerBatchCommands(cli, io, (handler) => { chosen = handler; });

  cli.help();
  cli.version(VERSION);
  return { cli, handler: () => chosen };
}

function isCacError(error: unknown): error is Error {
  return error instanceof Error && error.name === 'CACError';
}

/** Runs hlsched with `argv` (without `node` and the script) and returns the exit code. */
export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  const json = argv.includes('--json');
  const { cli, handler } = createCli(io);
  const stopEcho = argv.includes('--verbose') ? onToolCommand((command) => io.stderr(`$ ${command}\n`)) : undefined;
  try {
    const parsed = cli.parse(['node', 'hlsched', ...argv], { run: false });
    if (parsed.options.help || parsed.options.version) return 0;
    if (!cli.matchedCommand) {
      const [command] = parsed.args;
      throw new HlschedError('USAGE', command === undefined ? 'no command given' : `unknown command ${command}`,
        { hint: 'run `hlsched --help` to see the commands' });
    }
    await prepareCommand(cli.matchedCommand, parsed.options);
    cli.runMatchedCommand();
    const run = handler();
    return run ? await run() : 0;
  } catch (error) {
    if (isCacError(error)) {
      const command = cli.matchedCommand?.name;
      return reportError(io, new HlschedError('USAGE', error.message.replace(/\.$/, ''),
        { hint: `run \`hlsched ${command ? `${command} ` : ''}--help\` for the usage` }), json);
    }
    return reportError(io, error, json);
  } finally {
    stopEcho?.();
  }
}
