export * from './segment-definition';
export * from './segment-validator';
export * from './segment-compiler';
export * from './segment-evaluator';
export * from './segment.errors';
export * from './segments';
