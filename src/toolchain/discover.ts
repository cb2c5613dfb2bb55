import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { HlschedError } from '../errors.js';
import type { Toolchain, ToolName } from './types.js';

const REQUIRED_MAJOR = 22;
const DEBIAN_BIN_DIR = `/usr/lib/llvm-${REQUIRED_MAJOR}/bin`;
const INSTALL_HINT = `install MLIR ${REQUIRED_MAJOR} with \`bash scripts/install-mlir.sh\` (apt-get install mlir-${REQUIRED_MAJOR}-tools libmlir-${REQUIRED_MAJOR}-dev), or point MLIR_BIN at the folder holding mlir-opt`;

export interface DiscoverOptions {
  /** Environment to read `MLIR_BIN` and `PATH` from. @default process.env */
  env?: NodeJS.ProcessEnv;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Candidate folders in the documented order: MLIR_BIN, then PATH, then the Debian location. */
function candidateBinDirs(env: NodeJS.ProcessEnv): Array<{ dir: string; origin: string }> {
  if (env.MLIR_BIN) return [{ dir: env.MLIR_BIN, origin: 'MLIR_BIN' }];
  const fromPath = (env.PATH ?? '').split(path.delimiter).filter(Boolean)
    .map((dir) => ({ dir, origin: 'PATH' }));
  return [...fromPath, { dir: DEBIAN_BIN_DIR, origin: 'the Debian default' }];
}

/** Debian's tools print `LLVM version 22.1.8`; upstream builds print `MLIR version 22.1.8` or similar. */
export function parseToolVersion(versionText: string): string | undefined {
  return /version\s+(\d+\.\d+(?:\.\d+)?)/i.exec(versionText)?.[1];
}

function findRunnerLibDir(binDir: string): string {
  const candidates = [path.resolve(binDir, '..', 'lib'), `/usr/lib/llvm-${REQUIRED_MAJOR}/lib`];
  return candidates.find((dir) => existsSync(path.join(dir, 'libmlir_c_runner_utils.so'))) ?? candidates[0]!;
}

const cache = new Map<string, Promise<Toolchain>>();

/**
 * Finds mlir-opt and its siblings and checks they are MLIR 22.
 * Throws `TOOLCHAIN_MISSING` or `TOOLCHAIN_WRONG_VERSION` with an install hint.
 */
export function discoverToolchain(options: DiscoverOptions = {}): Promise<Toolchain> {
  const env = options.env ?? process.env;
  const key = `${env.MLIR_BIN ?? ''}\0${env.PATH ?? ''}`;
  let found = cache.get(key);
  if (!found) {
    found = locate(env);
    cache.set(key, found);
    found.catch(() => cache.delete(key));
  }
  return found;
}

async function locate(env: NodeJS.ProcessEnv): Promise<Toolchain> {
  const candidates = candidateBinDirs(env);
  const match = candidates.find(({ dir }) => isExecutable(path.join(dir, 'mlir-opt')));
  if (!match) {
    const where = env.MLIR_BIN ? `in MLIR_BIN=${env.MLIR_BIN}` : `on PATH or in ${DEBIAN_BIN_DIR}`;
    throw new HlschedError('TOOLCHAIN_MISSING', `mlir-opt not found ${where}`, { hint: INSTALL_HINT });
  }
  const binDir = path.resolve(match.dir);
  const mlirOpt = path.join(binDir, 'mlir-opt');
  let versionText: string;
  try {
    const result = await execa(mlirOpt, ['--version'], { timeout: 20_000, reject: false, all: true });
    versionText = result.all ?? '';
  } catch (cause) {
    throw new HlschedError('TOOLCHAIN_MISSING', `${mlirOpt} --version failed to start`, { hint: INSTALL_HINT, cause });
  }
  const version = parseToolVersion(versionText);
  if (!version) {
    throw new HlschedError('TOOLCHAIN_WRONG_VERSION', `cannot read a version from \`${mlirOpt} --version\``, { hint: INSTALL_HINT });
  }
  if (Number(version.split('.')[0]) !== REQUIRED_MAJOR) {
    throw new HlschedError('TOOLCHAIN_WRONG_VERSION',
      `${mlirOpt} (found through ${match.origin}) is version ${version}, hlsched needs ${REQUIRED_MAJOR}.x`,
      { hint: INSTALL_HINT });
  }
  return {
    binDir,
    libDir: findRunnerLibDir(binDir),
    version,
    path: (tool: ToolName) => path.join(binDir, tool),
  };
}
