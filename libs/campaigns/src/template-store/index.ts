export * from './template.repository';
export * from './template.service';
export * from './preview-context.schema';
export * from './template.input';
export * from './template-partial.repository';
export * from './template-partial.service';
export * from './template-partial.input';
