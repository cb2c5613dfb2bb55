/**
 * LLVM's full-unroll rule, as Bambu's front end (clang/LLVM at -O2) applies it to what the MLIR flow
 * left rolled: a loop with a constant trip count, whose inner loops are already unrolled (LLVM unrolls
 * from the innermost loop outwards), is fully unrolled when its unrolled size, trip count x body size,
 * is at most the threshold (LLVM's LoopUnrollPass: 150 at -O2). Size counts the body's operations,
 * address arithmetic and constants excluded (LLVM folds them into the accesses).
 *
 * `planFullUnrolls` decides, `applyFullUnrolls` rewrites the normalized kernel with MLIR's own
 * `transform.loop.unroll`, one handle per loop.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { KEEP_LOCATIONS } from '../src/hls/normalize.js';
import { parseGenericModule, type GenericOp } from '../src/ir/generic.js';
import { discoverToolchain } from '../src/toolchain/discover.js';
import { runTool } from '../src/toolchain/run-tool.js';
import { withTempDir } from '../src/toolchain/temp-dir.js';

export const LLVM_O2_FULL_UNROLL_THRESHOLD = 150;

const FREE = new Set(['affine.yield', 'arith.constant', 'affine.apply', 'arith.index_cast']);

/**
 * For every affine.for in post-order (the order `transform.structured.match` returns them): the
 * factor it is fully unrolled by, or 0 where it stays a loop.
 */
export function planFullUnrolls(module: GenericOp, threshold: number): number[] {
  const factors: number[] = [];
  /** The size of everything nested in `op`, and whether every loop in it is unrolled. */
  const body = (op: GenericOp) => op.regions.flat().flatMap((b) => b.ops).reduce((acc, inner) => {
    const r = visit(inner);
    return { size: acc.size + r.size, unrolled: acc.unrolled && r.unrolled };
  }, { size: 0, unrolled: true });
  function visit(op: GenericOp): { size: number; unrolled: boolean } {
    const inner = body(op);
    if (op.name !== 'affine.for') return { size: inner.size + (FREE.has(op.name) ? 0 : 1), unrolled: inner.unrolled };
    const upper = /^affine_map<\(\) -> \((\d+)\)>$/.exec(op.properties.get('upperBoundMap') ?? '');
    const fromZero = /^affine_map<\(\) -> \(0\)>$/.test(op.properties.get('lowerBoundMap') ?? '');
    const trip = upper && fromZero ? Number(upper[1]) : undefined;
    const unroll = trip !== undefined && inner.unrolled && trip * inner.size <= threshold;
    factors.push(unroll ? trip : 0);
    // A loop left rolled adds its compare and branch.
    return { size: unroll ? trip * inner.size : inner.size + 2, unrolled: unroll };
  }
  visit(module);
  return factors;
}

/** The normalized kernel (generic form) with the planned loops fully unrolled, in generic form again. */
export async function applyFullUnrolls(generic: string, threshold = LLVM_O2_FULL_UNROLL_THRESHOLD): Promise<string> {
  const factors = planFullUnrolls(parseGenericModule(generic), threshold);
  if (!factors.some((factor) => factor > 1)) return generic;
  const loop = '!transform.op<"affine.for">';
  const handles = factors.map((_, i) => `%l${i}`);
  const schedule = `module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %loops = transform.structured.match ops{["affine.for"]} in %root : (!transform.any_op) -> ${loop}
    ${handles.join(', ')} = transform.split_handle %loops : (${loop}) -> (${factors.map(() => loop).join(', ')})
${factors.map((factor, i) => (factor > 1 ? `    transform.loop.unroll ${handles[i]} {factor = ${factor}} : ${loop}\n` : '')).join('')}    transform.yield
  }
}
`;
  return rewriteNormalized(generic, 'LLVM-style full unroll', (dir) => [
    `--transform-preload-library=transform-library-paths=${path.join(dir, 'full-unroll.mlir')}`, '--transform-interpreter', '--canonicalize',
  ], { 'full-unroll.mlir': schedule });
}

/**
 * The normalized kernel through mlir-opt with `args` (and `files` written beside it first), printed
 * in generic form with locations again: how each front-end hypothesis rewrites a kernel.
 */
export async function rewriteNormalized(generic: string, what: string, args: (dir: string) => string[],
  files: Record<string, string> = {}): Promise<string> {
  const toolchain = await discoverToolchain();
  return withTempDir(async (dir) => {
    const input = path.join(dir, 'normalized.mlir');
    await writeFile(input, generic);
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
    const run = await runTool(toolchain, 'mlir-opt', [input, ...args(dir), '--mlir-print-op-generic', ...KEEP_LOCATIONS], { timeoutMs: 300_000 });
    if (run.exitCode !== 0) throw new Error(`${what} failed: ${run.stderr.trim().split('\n')[0]}`);
    return run.stdout;
  }, 'hlsched-unroll-');
}
