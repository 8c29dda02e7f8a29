export * from './area-labels';
export * from './fairness-assembly';
export * from './fairness-csv';
export * from './fairness-grid';
export * from './fairness-statistics';
export * from './fairness.repository';
export * from './fairness.service';
export * from './fairness.module';
export { AGE_BAND_STARTS, FAIRNESS_GROUPS_SQL } from './fairness.sql';
