export * from './recording';
export * from './attribution';
export * from './statistics';
export * from './reports';
export * from './experiments';
export * from './retention';
export * from './fairness';
export * from './geo-lift';
