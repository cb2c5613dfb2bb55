import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyDefaults, readConfig } from '../../src/config/config-file.js';
import { defaultDataDirs, isInstalledPackage, seedCorpus } from '../../src/config/user-dirs.js';
import { hlschedBin, kernel, repoRoot } from '../helpers/paths.js';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(path.join(os.tmpdir(), 'hlsched-config-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

async function folderWithConfig(name: string, config: unknown): Promise<string> {
  const folder = path.join(dir, name);
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, 'hlsched.config.json'), typeof config === 'string' ? config : JSON.stringify(config));
  return folder;
}

describe('config file', () => {
  it('reads ./hlsched.config.json first, then the XDG config; paths are relative to the file', async () => {
    const cwd = await folderWithConfig('local', { defaults: { target: 'targets/mine.json', budget: 5, corpus: 'c' } });
    const xdg = path.join(dir, 'xdg');
    await mkdir(path.join(xdg, 'hlsched'), { recursive: true });
    await writeFile(path.join(xdg, 'hlsched', 'config.json'), JSON.stringify({ defaults: { target: 'asic' }, llm: { host: 'http://h:1' } }));
    const local = await readConfig(cwd, { XDG_CONFIG_HOME: xdg });
    expect(local.file).toBe(path.join(cwd, 'hlsched.config.json'));
    expect(local.config.defaults).toEqual({ target: path.join(cwd, 'targets/mine.json'), budget: 5, corpus: path.join(cwd, 'c') });
    const global = await readConfig(path.join(dir, 'xdg'), { XDG_CONFIG_HOME: xdg });
    expect(global.file).toBe(path.join(xdg, 'hlsched', 'config.json'));
    expect(global.config).toEqual({ defaults: { target: 'asic' }, llm: { host: 'http://h:1' } });
    expect((await readConfig(path.join(dir, 'xdg'), { XDG_CONFIG_HOME: path.join(dir, 'none') })).file).toBeNull();
  });

  it('fills only the flags a command declares and the command line left unset', () => {
    const options: Record<string, unknown> = { target: 'fpga' };
    expect(applyDefaults(options, ['target', 'budget'], { target: 'asic', budget: 7, embedder: 'use' })).toEqual(['budget']);
    expect(options).toEqual({ target: 'fpga', budget: 7 });
  });

  it('optimize takes its defaults from the config file, and a flag overrides them', async () => {
    const cwd = await folderWithConfig('cli', { defaults: { target: 'asic', budget: 4, llm: 'none', corpus: 'corpus' } });
    const args = ['optimize', kernel('gemm.mlir'), '--no-accept', '--index', path.join(dir, 'no-index'), '--json'];
    const fromConfig = await execa(hlschedBin, [...args, '--out', 'a'], { cwd, reject: false });
    expect(fromConfig.exitCode).toBe(0);
    const result = JSON.parse(fromConfig.stdout) as { target: string; llm: { note: string } };
    expect(result.target).toBe('asic');
    expect(result.llm.note).toBe('no LLM (--llm none)');
    const overridden = await execa(hlschedBin, [...args, '--out', 'b', '--target', 'fpga'], { cwd, reject: false });
    expect(JSON.parse(overridden.stdout).target).toBe('fpga');
  });

  it('a config file with an unknown key is exit 2 naming the file and the key', async () => {
    const cwd = await folderWithConfig('bad', { defaults: { budgett: 3 } });
    const run = await execa(hlschedBin, ['optimize', kernel('gemm.mlir')], { cwd, reject: false });
    expect(run.exitCode).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe(`hlsched: error: ${path.join(cwd, 'hlsched.config.json')}: defaults: Unrecognized key: "budgett"`);
    expect(run.stderr).toMatch(/^hint: allowed: /m);
    expect(run.stderr).not.toMatch(/at .*\.js:\d+/);
    const broken = await folderWithConfig('broken', '{"defaults": ');
    const unreadable = await execa(hlschedBin, ['doctor'], { cwd: broken, reject: false });
    expect(unreadable.exitCode).toBe(2);
    expect(unreadable.stderr).toMatch(/hlsched\.config\.json is not JSON/);
  });
});

describe('user data folders', () => {
  it('a clone keeps corpus and index beside package.json; an installed package uses the XDG data folder', () => {
    expect(isInstalledPackage(repoRoot)).toBe(false);
    expect(defaultDataDirs({}, repoRoot)).toEqual({ corpus: path.join(repoRoot, 'corpus'), index: path.join(repoRoot, 'index') });
    const installed = path.join(dir, 'app', 'node_modules', 'hlsched');
    expect(defaultDataDirs({ XDG_DATA_HOME: path.join(dir, 'data') }, installed)).toEqual({ corpus: path.join(dir, 'data', 'hlsched', 'corpus'), index: path.join(dir, 'data', 'hlsched', 'index') });
    expect(defaultDataDirs({ HLSCHED_HOME: path.join(dir, 'home') }, repoRoot).corpus).toBe(path.join(dir, 'home', 'corpus'));
  });

  it('seeds a user corpus from the shipped one once, and leaves it alone afterwards', async () => {
    const target = path.join(dir, 'seeded', 'corpus');
    expect(await seedCorpus(target)).toBe(true);
    expect(await readdir(target)).toEqual(expect.arrayContaining(['examples', 'op-notes.md', 'schedules']));
    await writeFile(path.join(target, 'mine.md'), 'kept');
    expect(await seedCorpus(target)).toBe(false);
    expect(await readdir(target)).toContain('mine.md');
    expect(await readdir(path.dirname(target))).toEqual(['corpus']);
  });
});
