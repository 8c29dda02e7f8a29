export * from './recording';
export * from './attribution';
export * from './statistics';
