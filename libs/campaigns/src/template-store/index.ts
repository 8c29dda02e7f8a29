export * from './template.repository';
export * from './template.service';
