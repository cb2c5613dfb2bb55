/**
 * Child-process probe: loads a GGUF with llama.cpp and prints `{"trainContext"}` on success. A malformed
 * file can abort llama.cpp (not a catchable error), so `gguf-guard.ts` runs this in its own process first.
 */
import { getLlama, LlamaLogLevel } from 'node-llama-cpp';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: gguf-probe FILE.gguf\n');
  process.exit(2);
}
try {
  const llama = await getLlama({ gpu: false, build: 'never', logLevel: LlamaLogLevel.error, progressLogs: false });
  const model = await llama.loadModel({ modelPath: file });
  process.stdout.write(`${JSON.stringify({ trainContext: model.trainContextSize })}\n`);
  await model.dispose();
  await llama.dispose();
  process.exit(0);
} catch (error) {
  process.stderr.write(`${(error as Error).message.split('\n')[0]}\n`);
  process.exit(1);
}
