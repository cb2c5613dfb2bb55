import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { arraySpec, expandArrayIndices, parseSbatchJobId, parseSqueue, queueState } from '../../src/batch/slurm-parse.js';
import { layerKernelText, identityLayout, splitTopLevel } from '../../src/batch/layers.js';
import { mapLayerRecipe, moveLoopId } from '../../src/batch/stitch.js';
import { sbatchArgs, batchScript } from '../../src/batch/slurm.js';
import type { RunSpec } from '../../src/batch/types.js';
import { repoRoot } from '../helpers/paths.js';

const recorded = (name: string) => readFileSync(path.join(repoRoot, 'test', 'fixtures', 'slurm', name), 'utf8');

describe('reading what Slurm prints (recorded from Slurm 22.05)', () => {
  it('takes the job id from sbatch --parsable, with or without a cluster name, and refuses anything else', () => {
    expect(parseSbatchJobId(recorded('sbatch-parsable.txt'))).toBe('19');
    expect(parseSbatchJobId(recorded('sbatch-parsable-cluster.txt'))).toBe('19');
    expect(() => parseSbatchJobId('sbatch: error: Batch job submission failed: Invalid partition name specified\n')).toThrow(/no job id/);
  });

  it('reads squeue per task (-r) and folded pending ranges into the same states per index', () => {
    const perTask = parseSqueue(recorded('squeue-per-task.txt'));
    const folded = parseSqueue(recorded('squeue-folded.txt'));
    const byIndex = (entries: typeof perTask) => Object.fromEntries(entries.map((e) => [e.task, queueState(e.state)]));
    expect(byIndex(perTask)).toEqual({ 0: 'running', 1: 'pending', 2: 'pending', 3: 'pending', 4: 'pending', 5: 'pending' });
    expect(byIndex(folded)).toEqual(byIndex(perTask));
    expect(perTask.every((e) => e.jobId === '19')).toBe(true);
    expect(parseSqueue('')).toEqual([]);
  });

  it('expands and compresses array index lists', () => {
    expect(expandArrayIndices('[0-3,7%2]')).toEqual([0, 1, 2, 3, 7]);
    expect(expandArrayIndices('0-6:3')).toEqual([0, 3, 6]);
    expect(expandArrayIndices('N/A')).toEqual([undefined]);
    expect(arraySpec([5, 0, 1, 2, 8, 7])).toBe('0-2,5,7-8');
    expect(arraySpec([3], 4)).toBe('3%4');
  });

  it('maps finished or unknown states to nothing (result files decide), queued ones to pending or running', () => {
    expect(queueState('REQUEUED')).toBe('pending');
    expect(queueState('COMPLETING')).toBe('running');
    expect(queueState('COMPLETED')).toBeUndefined();
    expect(queueState('CANCELLED')).toBeUndefined();
  });

  it('builds sbatch arguments from the run settings, escape hatch last before the script', () => {
    const spec = { id: 'r1', cwd: '/lab', cpus: 2 } as RunSpec;
    const args = sbatchArgs(spec, { cpus: 2, partition: 'short', account: 'hls', time: '20', mem: '4G', maxRunning: 3, extra: ['--qos=low'] },
      [{ index: 0 }, { index: 1 }, { index: 4 }] as never, '/runs/r1/task.sh', '/runs/r1/logs');
    expect(args).toEqual(expect.arrayContaining(['--parsable', '--array=0-1,4%3', '--cpus-per-task=2', '--partition=short', '--account=hls', '--time=20', '--mem=4G', '--chdir=/lab', '--requeue']));
    expect(args.slice(-2)).toEqual(['--qos=low', '/runs/r1/task.sh']);
    expect(batchScript('/runs/r 1')).toMatch(/exec '.*node[^']*' '.*main\.js' 'batch-task' '\/runs\/r 1' "\$\{SLURM_ARRAY_TASK_ID\}"/);
  });
});

describe('whole-model layers', () => {
  const model = [
    'func.func @m(%x: memref<1x8x4xf32>, %w: memref<4x4xf32>, %y: memref<1x10x4xf32>) {',
    '  %zero = arith.constant 0.0 : f32',
    '  %win = memref.subview %y[0, 1, 0] [1, 8, 4] [1, 1, 1] : memref<1x10x4xf32> to memref<1x8x4xf32, strided<[40, 4, 1], offset: 4>>',
    '  linalg.copy ins(%x : memref<1x8x4xf32>) outs(%win : memref<1x8x4xf32, strided<[40, 4, 1], offset: 4>>)',
    '  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} outs(%w : memref<4x4xf32>) {',
    '  ^bb0(%acc: f32):',
    '    %r = arith.maximumf %acc, %zero : f32',
    '    linalg.yield %r : f32',
    '  }',
    '  return',
    '}',
  ].join('\n');
  const op = (name: string, line: number) => ({ id: 'op1', function: 'm', name, index: 0, line, operandTypes: [], resultTypes: [], indexingMaps: [], iterators: [], attributes: [], body: [], producers: [], consumers: [], signature: 'abc' });

  it('extracts an op as a kernel: operands become arguments with identity layouts, constants are copied in', () => {
    const copy = layerKernelText(model, op('linalg.copy', 4), 'layer1');
    expect(copy).toContain('func.func @layer1(%x: memref<1x8x4xf32>, %win: memref<1x8x4xf32>)');
    expect(copy).not.toContain('strided');
    const generic = layerKernelText(model, op('linalg.generic', 5), 'layer2');
    expect(generic).toContain('%zero = arith.constant 0.0 : f32');
    expect(generic).toContain('func.func @layer2(%w: memref<4x4xf32>)');
    expect(generic).toContain('linalg.yield %r : f32');
    expect(() => layerKernelText(model, op('linalg.matmul', 4), 'x')).toThrow(/does not hold/);
  });

  it('splits at top-level commas and drops layouts', () => {
    expect(splitTopLevel('memref<4xf32, strided<[1], offset: 2>>, f32')).toEqual(['memref<4xf32, strided<[1], offset: 2>>', 'f32']);
    expect(identityLayout('memref<1x8x4xf32, strided<[40, 4, 1], offset: 4>>')).toBe('memref<1x8x4xf32>');
  });

  it('maps a layer recipe onto every member: op index, loop ids moved to the member nest, function-wide steps left out', () => {
    expect(moveLoopId('L1.2.1', 7)).toBe('L7.2.1');
    const steps = mapLayerRecipe({ version: 1, steps: [
      { kind: 'interchange', op: { name: 'linalg.matmul', index: 0 }, permutation: [0, 2, 1] },
      { kind: 'pipeline', loop: 'L1.1' },
      { kind: 'scalar-replacement' },
    ] }, [{ index: 0, top: 3 }, { index: 1, top: 9 }]);
    expect(steps).toEqual([
      { kind: 'interchange', op: { name: 'linalg.matmul', index: 0 }, permutation: [0, 2, 1] },
      { kind: 'pipeline', loop: 'L3.1' },
      { kind: 'interchange', op: { name: 'linalg.matmul', index: 1 }, permutation: [0, 2, 1] },
      { kind: 'pipeline', loop: 'L9.1' },
    ]);
  });
});
