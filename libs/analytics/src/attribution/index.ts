export * from './attribution-chooser';
export * from './attribution.repository';
export * from './attribution.service';
export * from './attribution.module';
