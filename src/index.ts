export * from './errors.js';
export * from './toolchain/index.js';
export * from './ir/index.js';
export * from './verify/index.js';
export * from './hls/index.js';
