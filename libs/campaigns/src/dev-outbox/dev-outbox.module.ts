import { Module } from '@nestjs/common';
import { DevOutboxRepository } from './dev-outbox.repository';
import { DevOutboxService } from './dev-outbox.service';

/** The dev outbox for the API. Relies on the global CoreModule (config, data source). */
@Module({
  providers: [DevOutboxRepository, DevOutboxService],
  exports: [DevOutboxService],
})
export class DevOutboxModule {}
