import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { extractOps } from '../chunking/chunk.js';
import { HlschedError } from '../errors.js';
import { analyzeKernel } from '../optimize/kernel-info.js';
import { discoverToolchain } from '../toolchain/discover.js';
import { readInput } from '../verify/inputs.js';
import { writeLayerKernels } from './layers.js';
import type { ModelSpec, UnitSpec } from './types.js';

/**
 * What a batch is made of: kernel files, folders of them (every .mlir inside, recursively), and whole
 * models, whose unique layers become units of their own. One unit per kernel (or layer) and target.
 */

async function mlirFiles(input: string): Promise<string[]> {
  let info;
  try {
    info = await stat(input);
  } catch {
    throw new HlschedError('INPUT_UNREADABLE', `${input} does not exist`, { hint: 'pass kernel files, folders of .mlir files, or a model' });
  }
  if (!info.isDirectory()) return [path.resolve(input)];
  const entries = await readdir(input, { withFileTypes: true, recursive: true });
  const files = entries.filter((e) => e.isFile() && e.name.endsWith('.mlir')).map((e) => path.resolve(e.parentPath, e.name)).sort();
  if (files.length === 0) throw new HlschedError('INPUT_UNREADABLE', `${input} holds no .mlir files`, { hint: 'pass a folder of kernels, or kernel files' });
  return files;
}

export interface PlannedUnits {
  units: UnitSpec[];
  models: ModelSpec[];
}

export async function planUnits(inputs: string[], targets: string[], options: { wholeModel: 'auto' | 'on' | 'off'; func?: string; layersDir: string }): Promise<PlannedUnits> {
  if (inputs.length === 0) throw new HlschedError('USAGE', 'no kernels given', { hint: 'hlsched batch KERNEL... | FOLDER | MODEL --target fpga' });
  const files = [...new Set((await Promise.all(inputs.map(mlirFiles))).flat())];
  // Bad input first, all of it: a batch should not start and then trip over file 37.
  for (const file of files) await readInput(file, 'kernel');
  const toolchain = await discoverToolchain();
  const units: UnitSpec[] = [];
  const models: ModelSpec[] = [];
  const add = (unit: Omit<UnitSpec, 'id' | 'index'>) => {
    const index = units.length;
    units.push({ id: `u${String(index).padStart(3, '0')}`, index, ...unit });
  };
  for (const file of files) {
    let asModel = options.wholeModel === 'on';
    let layers: Awaited<ReturnType<typeof writeLayerKernels>> | undefined;
    let func: string | undefined = options.func;
    if (options.wholeModel !== 'off') {
      const kernel = await analyzeKernel(toolchain, file, options.func);
      func = kernel.functionName;
      const ops = extractOps(kernel.printed.generic, kernel.printed.generalized).filter((op) => op.function === kernel.functionName && op.line !== undefined);
      const signatures = new Set(ops.map((op) => op.signature));
      asModel ||= ops.length >= 16 && signatures.size < ops.length;
      if (asModel) layers = await writeLayerKernels(kernel.text, ops, options.layersDir, `${path.basename(file, '.mlir').replace(/\W/g, '_')}_${models.length}`);
      if (asModel && (!layers || layers.layers.length === 0)) {
        throw new HlschedError('KERNEL_UNSUPPORTED', `${file}: no layer could be extracted (${layers?.skipped[0] ?? 'no linalg ops'})`,
          { hint: 'run it with `hlsched optimize` instead, or --whole-model off' });
      }
    }
    for (const target of targets) {
      if (!layers) {
        add({ kind: 'kernel', kernel: file, target, label: `${path.basename(file)} on ${target}`, ...(options.func ? { func: options.func } : {}) });
        continue;
      }
      const model: ModelSpec = { index: models.length, path: file, func: func!, target, layers: [], skipped: layers.skipped };
      for (const [i, layer] of layers.layers.entries()) {
        add({ kind: 'layer', kernel: layer.file, target, model: model.index, label: `${path.basename(file)} layer ${i + 1} (${layer.op} x${layer.members.length}) on ${target}` });
        model.layers.push({ unit: units.at(-1)!.id, signature: layer.signature, op: layer.op, members: layer.members });
      }
      models.push(model);
    }
  }
  return { units, models };
}
