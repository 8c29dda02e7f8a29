export * from './area-labels';
export * from './fairness-assembly';
export * from './fairness-csv';
export * from './fairness-grid';
export * from './fairness-statistics';
export * from './fairness.repository';
export * from './fairness.service';
export * from './fairness.module';
export { FAIRNESS_GROUPS_SQL } from './fairness.sql';
