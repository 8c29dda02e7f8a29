import { Module } from '@nestjs/common';
import { DevOutboxModule } from '@localreach/campaigns';
import { DevOutboxController } from './dev-outbox.controller';

@Module({ imports: [DevOutboxModule], controllers: [DevOutboxController] })
export class DevOutboxApiModule {}
