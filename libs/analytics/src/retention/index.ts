export * from './engagement-retention.service';
export * from './retention.module';
