import { Module } from '@nestjs/common';
import { SenderConfirmationModule } from '@localreach/campaigns';
import { SenderConfirmationController } from './sender-confirmation.controller';
import { SettingsController } from './settings.controller';

/** The settings and the public page confirming an email sender. */
@Module({
  imports: [SenderConfirmationModule],
  controllers: [SettingsController, SenderConfirmationController],
})
export class SettingsApiModule {}
