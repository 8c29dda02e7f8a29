export * from './campaign-audience.repository';
export * from './campaign-audience.service';
