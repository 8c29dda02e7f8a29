import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { CoreModule, type AppConfig } from '@localreach/core';
import { HeartbeatService } from './heartbeat.service';

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [CoreModule.forRoot(config, 'localreach-worker'), LoggerModule.forRoot({ pinoHttp: { level: config.logLevel } })],
      providers: [HeartbeatService],
    };
  }
}
