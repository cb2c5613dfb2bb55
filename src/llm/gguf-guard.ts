import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { HlschedError } from '../errors.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { describeRunEnd, runExecutable } from '../toolchain/run-tool.js';

/**
 * A user-supplied GGUF is checked before the process that runs hlsched loads it: llama.cpp aborts the
 * whole process on some malformed files, which no try/catch can stop. In order: the path is a regular
 * file, it starts with the GGUF magic, its header and metadata parse (node-llama-cpp's reader, in
 * JavaScript), the tensor data it announces is all there, and a child process loads it with llama.cpp.
 * Each failure is an exit-2 error in one line. A file that passed is not probed again in this process.
 */
export interface GgufFacts {
  /** The model's trained context (`<arch>.context_length`), when the metadata has it. */
  trainContext?: number;
  architecture?: string;
}

const checked = new Map<string, GgufFacts>();

const bad = (file: string, what: string, hint = 'give --model-path a GGUF model file (llama.cpp format), e.g. one converted with llama.cpp\'s convert_hf_to_gguf.py') =>
  new HlschedError('INPUT_UNREADABLE', `${file} ${what}`, { hint });

export async function checkGguf(file: string, probeTimeoutMs = 60_000): Promise<GgufFacts> {
  let info;
  try {
    info = await stat(file);
  } catch {
    throw new HlschedError('INPUT_UNREADABLE', `no GGUF model at ${file}`, { hint: 'check the path given with --model-path (or llm.modelPath in hlsched.config.json)' });
  }
  if (info.isDirectory()) throw bad(file, 'is a directory, not a GGUF model file');
  if (!info.isFile()) throw bad(file, 'is not a regular file');
  const key = `${path.resolve(file)}:${info.size}:${info.mtimeMs}`;
  const known = checked.get(key);
  if (known) return known;
  if (info.size < 24) throw bad(file, `is not a GGUF model (${info.size} bytes; a GGUF file starts with a 24-byte header)`);
  const handle = await open(file, 'r');
  const head = Buffer.alloc(8);
  try {
    await handle.read(head, 0, 8, 0);
  } finally {
    await handle.close();
  }
  if (head.subarray(0, 4).toString('latin1') !== 'GGUF') {
    const printable = /^[\x20-\x7e\t\r\n]{4}$/.test(head.subarray(0, 4).toString('latin1'));
    throw bad(file, `is not a GGUF model (it starts with ${printable ? `the text ${JSON.stringify(head.subarray(0, 4).toString('latin1'))}` : `bytes ${head.subarray(0, 4).toString('hex')}`}, not "GGUF")`);
  }
  const version = head.readUInt32LE(4);
  if (version < 2 || version > 3) throw bad(file, `is GGUF version ${version}; this llama.cpp reads versions 2 and 3`);

  const { readGgufFileInfo } = await import('node-llama-cpp');
  let gguf;
  try {
    gguf = await readGgufFileInfo(file, { readTensorInfo: true, ignoreKeys: ['tokenizer.ggml.tokens', 'tokenizer.ggml.scores', 'tokenizer.ggml.token_type', 'tokenizer.ggml.merges'] });
  } catch (cause) {
    throw bad(file, `is a damaged GGUF: its header or metadata does not parse (${(cause as Error).message.split('\n')[0]})`, 'the file is probably truncated or corrupt: copy it again');
  }
  // Tensor data must be all there: a truncated download parses fine up to here.
  const tensors = gguf.tensorInfo ?? [];
  if (gguf.infoEndOffset !== undefined && tensors.length > 0) {
    const last = tensors.reduce((max, tensor) => (Number(tensor.offset) > Number(max.offset) ? tensor : max));
    if (info.size <= gguf.infoEndOffset + Number(last.offset)) {
      throw bad(file, `is a truncated GGUF (${info.size} bytes; its tensor ${last.name} starts at byte ${gguf.infoEndOffset + Number(last.offset)})`, 'copy the file again: it was cut short');
    }
  }
  const architecture = gguf.metadata.general?.architecture;
  const contextLength = (gguf.architectureMetadata as { context_length?: number | bigint } | undefined)?.context_length;

  const probe = path.join(PACKAGE_ROOT, 'dist', 'src', 'llm', 'gguf-probe.js');
  const run = await runExecutable(process.execPath, [probe, file], { timeoutMs: probeTimeoutMs, memoryMb: 65_536 });
  if (run.exitCode !== 0) {
    const reason = run.stderr.split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('[node-llama-cpp]')).at(-1) ?? '';
    throw bad(file, `cannot be loaded by llama.cpp: the loader ${describeRunEnd(run, probeTimeoutMs)}${reason ? ` (${reason.slice(0, 200)})` : ''}`,
      'is it a model architecture this llama.cpp (node-llama-cpp 3.21.1) supports, complete and not corrupt?');
  }
  let probed: { trainContext?: number } = {};
  try {
    probed = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as { trainContext?: number };
  } catch {
    // The probe loaded it; the context then comes from the metadata alone.
  }
  const trainContext = contextLength !== undefined ? Number(contextLength) : probed.trainContext;
  const facts: GgufFacts = { ...(trainContext ? { trainContext } : {}), ...(architecture ? { architecture } : {}) };
  checked.set(key, facts);
  return facts;
}
