export * from './template-definition';
export * from './template-context';
export { TEMPLATE_HELPERS, type HelperSpec } from './template-helpers';
export * from './template-validator';
export { checkTemplateSource, partialsUsed, sourceReadsRoot, type ContextualRoot, type SourceCheckOptions } from './template-source-check';
export * from './template-renderer';
export * from './template-library';
export { htmlToText } from './html-to-text';
export * from './sms-segments';
