export * from './churn-risk';
