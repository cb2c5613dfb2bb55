import type { CAC } from 'cac';
import type { CliIo } from '../output.js';
import { runBatchCommand, runBatchTaskCommand, runRunsCommand } from './batch.js';

/** `hlsched batch`, `hlsched runs` and the task entry, declared here so cli.ts only gains one line. */
export function registerBatchCommands(cli: CAC, io: CliIo, choose: (handler: () => Promise<number>) => void): void {
  cli.command('batch [...inputs]', 'Optimize many kernels, folders of kernels or whole models (one unit per kernel or unique layer, x target) locally or as a Slurm job array')
    .option('--target <fpga|asic|file>', 'Target spec; several with commas or repeated: --target fpga,asic (default fpga)')
    .option('--executor <local|slurm>', 'Run units on this machine\'s cores (default) or as one Slurm job array')
    .option('--run-dir <dir>', 'Run folder on a filesystem every node sees (default runs/<id>)')
    .option('--cpus <n>', 'Cores per unit (Slurm --cpus-per-task; locally, cores / n units at once) (default 1)')
    .option('--partition <name>', 'Slurm partition')
    .option('--account <name>', 'Slurm account')
    .option('--slurm-time <limit>', 'Slurm time limit per task (default: from --time, 1.5x + 5 min)')
    .option('--mem <size>', 'Slurm memory per task, e.g. 4G')
    .option('--max-running <n>', 'Most array tasks running at once (sbatch --array=...%n)')
    .option('--sbatch-arg <arg>', 'Extra sbatch argument, e.g. --sbatch-arg=--qos=short (repeatable)')
    .option('--no-wait', 'Submit and return; follow with `hlsched runs status`, finish with `hlsched runs collect`')
    .option('--poll <seconds>', 'Seconds between queue polls (one squeue call per poll; default 1, at most every 2 s on Slurm)')
    .option('--ingest', 'Build this host\'s index at the end even when it does not exist yet')
    .option('--llm <none|auto|ollama|llama-cpp|openai>', 'Language-model proposer for every unit (default auto)')
    .option('--model <name>', 'Model name')
    .option('--llm-host <url>', 'Ollama host')
    .option('--base-url <url>', 'OpenAI-compatible base URL')
    .option('--model-path <file>', 'GGUF model file for --llm llama-cpp')
    .option('--context-tokens <n>', "The model's context window")
    .option('--samples <n>', 'Model answers to sample before repairs')
    .option('--request <text>', 'Your constraints, passed to the model')
    .option('--no-tuner', 'Only the model and the corpus propose')
    .option('--timeout <seconds>', 'Time limit of each tool run (default 60)')
    .option('--whole-model <auto|on|off>', 'Treat a file as a whole model whose unique layers are units (default auto: 16+ ops with repeats)')
    .option('--budget <n>', 'Most candidate evaluations per unit (default 120)')
    .option('--time <seconds>', 'Time limit of the search per unit (default 600)')
    .option('--func <name>', 'Function to optimize in every kernel')
    .option('--llm-threads <n>', 'Threads of the in-process llama.cpp model (default half the cores)')
    .option('--max-util <share>', 'Largest share of every device resource a schedule may use (default 0.8)')
    .option('--limit <resource=n,...>', 'Absolute resource limits, e.g. dsp=200,lut=40000 (lut, ff, dsp, bram18, area)')
    .option('--objective <latency|area|edp>', 'Which point of the verified Pareto front each unit reports (default latency)')
    .option('--clock-ns <ns>', "Clock period in ns (default the target's)")
    .option('--memory-policy <all-bram|no-bram>', "Where the kernel's own buffers live: on-chip BRAM (default, SODA's ALL_BRAM) or behind the memory interface (Bambu's NO_BRAM, for buffers that do not fit)")
    .option('--verify <whole|layers|auto>', 'How each unit verifies its candidates (default auto)')
    .option('--no-accept', 'Do not add results to the corpus')
    .option('--explore', 'Search even when the corpus holds a verified schedule')
    .option('--corpus <dir>', 'Corpus folder shared by every task (default corpus/)')
    .option('--index <dir>', 'Index folder (default: this host\'s cache, index/hosts/<hostname>/)')
    .option('--json', 'Print the run summary as JSON')
    .example('hlsched batch eval/kernels --target fpga,asic --budget 20')
    .example('hlsched batch kernels/ --target fpga --executor slurm --partition short --cpus 4 --max-running 50')
    .action((inputs: string[], options: Record<string, unknown>) => {
      choose(() => runBatchCommand(inputs, options, io));
    });

  cli.command('runs <action> <run>', 'A batch run: status (per unit), collect (stitch, ingest, summary), cancel, resume (resubmit missing or lost units)')
    .option('--poll <seconds>', 'Seconds between queue polls while resume waits')
    .option('--no-wait', 'resume: submit and return')
    .option('--ingest', 'collect/resume: build this host\'s index even when it does not exist yet')
    .option('--json', 'Print JSON')
    .example('hlsched runs status runs/20261122-021500-a1b2c3')
    .example('hlsched runs resume runs/20261122-021500-a1b2c3')
    .action((action: string, run: string, options: Record<string, unknown>) => {
      choose(() => runRunsCommand(action, run, options, io));
    });

  cli.command('batch-task <run> <unit>', '(internal) Run one unit of a batch run: what each Slurm array task executes')
    .action((run: string, unit: string) => {
      choose(() => runBatchTaskCommand(run, unit, io));
    });
}
