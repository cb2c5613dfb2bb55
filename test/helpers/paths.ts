import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const kernel = (name: string) => path.join(repoRoot, 'eval', 'kernels', name);
export const schedule = (name: string) => path.join(repoRoot, 'eval', 'schedules', name);
export const fixture = (name: string) => path.join(repoRoot, 'test', 'fixtures', 'mlir', name);
export const hlschedBin = path.join(repoRoot, 'bin', 'hlsched');
