export * from './template.repository';
