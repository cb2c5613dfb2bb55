import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { verify } from '../../src/verify/verify.js';
import { kernel, repoRoot, schedule } from '../helpers/paths.js';

const schedules = readdirSync(path.join(repoRoot, 'eval', 'schedules')).filter((f) => f.endsWith('.mlir')).sort();
const kernels = readdirSync(path.join(repoRoot, 'eval', 'kernels')).filter((f) => f.endsWith('.mlir')).map((f) => f.replace(/\.mlir$/, ''));

describe('eval/schedules: each schedule is classified as its name says', () => {
  it('every benchmark kernel has a correct and a subtly wrong schedule', () => {
    for (const name of kernels) {
      expect(schedules.filter((s) => s.startsWith(`${name}.`) && s.endsWith('.ok.mlir')), name).not.toHaveLength(0);
      expect(schedules.filter((s) => s.startsWith(`${name}.`) && s.endsWith('.wrong.mlir')), name).not.toHaveLength(0);
    }
  });

  it.each(schedules)('%s', async (file) => {
    const expected = file.endsWith('.ok.mlir') ? 'ok' : 'wrong-result';
    const result = await verify(kernel(`${file.split('.')[0]}.mlir`), schedule(file));
    expect(result.status, JSON.stringify(result.diagnostics)).toBe(expected);
  });
});
