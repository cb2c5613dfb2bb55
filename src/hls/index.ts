export * from './types.js';
export { AnalyticBackend } from './estimate.js';
export { estimateGenericModule, type AnalyzeOptions } from './analytic.js';
export { normalizeForEstimate, NORMALIZE_PASSES } from './normalize.js';
export { loadTarget, parseTargetSpec, targetJsonSchema, targetSpecSchema, BUILTIN_TARGETS, OPERATOR_CLASSES, type TargetSpec, type OperatorClass } from './target.js';
export { BambuBackend, findBambu, bambuArguments } from './bambu/backend.js';
export { emitKernelC } from './bambu/emit-c.js';
export { checkEmittedC, type CCheckResult } from './bambu/c-check.js';
export { parseBambuCycles } from './bambu/log.js';
