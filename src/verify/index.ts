export * from './types.js';
export { verify, verifyTransformed } from './verify.js';
export { generateHarness, type HarnessSpec, type HarnessArgument } from './harness.js';
export { harnessArguments } from './harness-arguments.js';
export { toleranceFor } from './tolerance.js';
