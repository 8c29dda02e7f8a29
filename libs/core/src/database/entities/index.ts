export * from './business.entity';
export * from './api-key.entity';
export * from './location.entity';
export * from './audit-log.entity';
