import type { TargetSpec } from '../hls/target.js';
import { bambuArguments } from '../hls/bambu/backend.js';

/** The exact command lines of the hand-off, as argument arrays (run from the hand-off folder). */
export interface HandoffCommands {
  /** SODA route, step 1: soda-opt lowers the already-scheduled kernel; SODA's own unrolling is off (the schedule did it). */
  sodaOpt: string[];
  /** SODA route, step 2: LLVM IR for Bambu. */
  translate: string[];
  /** SODA route, step 3: Bambu on the LLVM IR. */
  bambuSoda: string[];
  /** C route (what `hlsched estimate --backend bambu` runs): Bambu on the C from MLIR's EmitC route. */
  bambuC: string[];
}

/** A target with unit limits (the recipe's limit-units) gives every Bambu run the hand-off's constraints.xml. */
export function handoffCommands(target: TargetSpec, functionName: string): HandoffCommands {
  return {
    sodaOpt: ['soda-opt', 'transformed.mlir', '--soda-opt-pipeline-for-bambu=use-bare-ptr-memref-call-conv no-buffer-trick number-of-full-unrolls=0', '-o', 'model.mlir'],
    translate: ['mlir-translate', '--mlir-to-llvmir', 'model.mlir', '-o', 'model.ll'],
    bambuSoda: ['bambu', ...bambuArguments(target, functionName, 'model.ll', 'testbench.xml')],
    bambuC: ['bambu', ...bambuArguments(target, functionName, 'kernel.c', 'testbench.xml')],
  };
}

/** One argument as the shell reads it: plain when safe, single-quoted otherwise. */
export function shellQuote(argument: string): string {
  return /^[\w@%+=:,./-]+$/.test(argument) ? argument : `'${argument.replace(/'/g, `'\\''`)}'`;
}

export const shellLine = (argv: string[]) => argv.map(shellQuote).join(' ');

/** run-hls.sh: runs the hand-off where the tools are installed; ROUTE=c (default) or ROUTE=soda. */
export function runScript(commands: HandoffCommands, about: { function: string; target: TargetSpec; estimate: number }): string {
  const tool = (argv: string[]) => `"\${${argv[0]!.toUpperCase().replace('-', '_')}:-${argv[0]}}" ${shellLine(argv.slice(1))}`;
  return `#!/usr/bin/env bash
# Hand-off written by \`hlsched export\`: @${about.function} on ${about.target.name} (${about.target.device}, ${about.target.clockNs} ns clock).
# hlsched's analytic estimate: ${about.estimate} cycles. This script asks Bambu for the measured figure.
#   ROUTE=c    (default) Bambu on kernel.c, the C that MLIR's EmitC route made of the scheduled kernel
#   ROUTE=soda soda-opt + mlir-translate + Bambu on LLVM IR, the SODA flow
# Tools are taken from PATH, or from SODA_OPT, MLIR_TRANSLATE and BAMBU.
set -euo pipefail
cd "$(dirname "$0")"
need() {
  local name="$1" variable="$2" hint="$3"
  if [ -n "\${!variable:-}" ]; then return 0; fi
  command -v "$name" >/dev/null 2>&1 || { echo "run-hls.sh: $name is not on PATH (nor set in $variable): $hint" >&2; exit 127; }
}
ROUTE="\${ROUTE:-c}"
case "$ROUTE" in
  c)
    need bambu BAMBU "install PandA Bambu (https://panda.deib.polimi.it) or set BAMBU=/path/to/bambu"
    ${tool(commands.bambuC)} 2>&1 | tee bambu.log
    ;;
  soda)
    need soda-opt SODA_OPT "install soda-opt (github.com/pnnl/soda-opt, or its docker image agostini01/soda) or set SODA_OPT"
    need mlir-translate MLIR_TRANSLATE "install MLIR (the one soda-opt was built with) or set MLIR_TRANSLATE"
    need bambu BAMBU "install PandA Bambu or set BAMBU=/path/to/bambu"
    ${tool(commands.sodaOpt)}
    ${tool(commands.translate)}
    ${tool(commands.bambuSoda)} 2>&1 | tee bambu.log
    ;;
  *) echo "run-hls.sh: ROUTE must be c or soda, not $ROUTE" >&2; exit 2 ;;
esac
grep -E 'Total cycles|execution time' bambu.log results.txt 2>/dev/null || true
`;
}
