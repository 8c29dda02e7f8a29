export * from './mercator';
