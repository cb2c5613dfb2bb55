export * from './types.js';
export * from './functions.js';
export * from './module-text.js';
