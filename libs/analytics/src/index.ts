export * from './recording';
export * from './attribution';
export * from './churn';
export * from './reports';
export * from './experiments';
