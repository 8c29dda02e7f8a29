export * from './recording';
export * from './attribution';
