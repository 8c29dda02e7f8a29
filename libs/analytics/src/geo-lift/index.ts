export * from './geo-lift-area';
export * from './geo-lift-estimator';
export * from './geo-lift-report';
export * from './geo-lift.repository';
export * from './geo-lift.service';
export * from './geo-lift.module';
