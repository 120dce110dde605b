export * from './types.js';
export * from './errors.js';
export * from './validation.js';
export * from './integrity/index.js';
export * from './abortable.js';
