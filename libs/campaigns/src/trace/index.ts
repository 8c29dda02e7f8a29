export * from './journey-trace';
export * from './journey-trace.repository';
export * from './journey-trace.service';
