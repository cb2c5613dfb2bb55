import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kernel, repoRoot, schedule } from '../helpers/paths.js';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(path.join(os.tmpdir(), 'hlsched-pack-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

/** Every file under a folder, relative, sorted: to prove a run wrote nothing into the installed package. */
async function listFiles(root: string): Promise<string[]> {
  return (await readdir(root, { recursive: true, withFileTypes: true })).filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name))).sort();
}

describe('the npm package', () => {
  it('packs, installs into an empty folder, and runs --help, verify and optimize from there', async () => {
    // dist/ is already built by the set-up; --ignore-scripts keeps pack from rebuilding it under other tests' feet.
    const packed = await execa('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: repoRoot });
    const [{ filename, files }] = JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    const shipped = files.map((f) => f.path);
    expect(shipped).toEqual(expect.arrayContaining(['bin/hlsched', 'dist/src/cli/main.js', 'dist/src/langchain/index.js', 'targets/fpga.json', 'corpus/op-notes.md']));
    expect(shipped.filter((p) => /^(test|eval|scripts|src|node_modules)\//.test(p))).toEqual([]);

    const app = path.join(dir, 'app');
    await mkdir(app);
    // npm 11 runs a dependency's install script only when allowed: hnswlib-node builds its addon.
    await writeFile(path.join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, allowScripts: { 'hnswlib-node': true } }));
    const env = { ONNXRUNTIME_NODE_INSTALL_CUDA: 'skip', XDG_DATA_HOME: path.join(app, 'data'), XDG_CONFIG_HOME: path.join(app, 'config') };
    await execa('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', path.join(dir, filename)], { cwd: app, env, timeout: 480_000 });
    // LangChain is an optional peer: the CLI installs and runs without it.
    expect(existsSync(path.join(app, 'node_modules', '@langchain', 'core'))).toBe(false);
    const installed = path.join(app, 'node_modules', 'hlsched');
    // The subpath export resolves (using it needs @langchain/core installed beside it).
    const resolved = await execa('node', ['--input-type=module', '-e', "console.log(import.meta.resolve('hlsched/langchain'))"], { cwd: app });
    expect(resolved.stdout).toBe(`file://${path.join(installed, 'dist', 'src', 'langchain', 'index.js')}`);
    const before = await listFiles(installed);

    const npx = (...args: string[]) => execa('npx', ['--no-install', 'hlsched', ...args], { cwd: app, env, reject: false });
    const help = await npx('--help');
    expect(help.exitCode).toBe(0);
    for (const command of ['verify', 'optimize', 'doctor', 'export']) expect(help.stdout).toMatch(new RegExp(`^\\s+${command} `, 'm'));

    await cp(kernel('gemm.mlir'), path.join(app, 'gemm.mlir'));
    await cp(schedule('gemm.unroll.ok.mlir'), path.join(app, 'schedule.mlir'));
    const verified = await npx('verify', 'gemm.mlir', 'schedule.mlir');
    expect(verified.exitCode).toBe(0);
    expect(verified.stdout).toMatch(/^ok: the schedule preserves the results of @gemm/);

    const optimized = await npx('optimize', 'gemm.mlir', '--llm', 'none', '--budget', '6', '--explore', '--json');
    expect(optimized.exitCode, optimized.stderr).toBe(0);
    const result = JSON.parse(optimized.stdout) as { verified: boolean; speedup: number; outDir: string };
    expect(result.verified).toBe(true);
    expect(result.speedup).toBeGreaterThan(1);
    expect((await readdir(path.join(app, 'out', 'gemm-fpga'))).sort()).toEqual(expect.arrayContaining(['report.html', 'report.md', 'schedule.mlir']));
    // The corpus went to the user data folder, seeded from the package; the package itself is untouched.
    const corpus = path.join(app, 'data', 'hlsched', 'corpus');
    expect(await readdir(corpus)).toEqual(expect.arrayContaining(['examples', 'op-notes.md', 'schedules']));
    expect(await listFiles(installed)).toEqual(before);
  }, 600_000);
});
