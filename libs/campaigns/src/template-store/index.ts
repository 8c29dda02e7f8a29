export * from './template.repository';
export * from './template.service';
export * from './preview-context.schema';
export * from './template.input';
