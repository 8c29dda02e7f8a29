export * from './segment.repository';
export * from './segment.service';
export * from './segments.module';
export { checkReferences, collectReferences } from './segment-references';
export * from './segment.input';
