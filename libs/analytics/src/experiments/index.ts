export * from './experiment-decision.repository';
export * from './experiment-decision.service';
export * from './experiments.module';
