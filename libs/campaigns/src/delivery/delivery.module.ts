import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@localreach/core';
import { TemplateLibrary, TemplateRenderer } from '../templates';
import { DEFAULT_RETRY_POLICY, RETRY_POLICY } from './backoff';
import { DeliveryContextRepository } from './delivery-context.repository';
import { DeliveryRecorder } from './delivery-recorder';
import { DeliveryService } from './delivery.service';
import { MessageComposer } from './message-composer';
import { MessageDispatcher } from './message-dispatcher';
import { MessageRepository } from './message.repository';
import { EMAIL_PROVIDER, type EmailProvider } from './providers/email-provider';
import { SMS_PROVIDER } from './providers/sms-provider';
import { SmtpEmailProvider } from './providers/smtp-email-provider';
import { TwilioSmsProvider } from './providers/twilio-sms-provider';
import { SendGate } from './send-gate';
import { SuppressionRepository } from './suppression.repository';

/**
 * Sending: the SMTP and Twilio providers built from config, the send queue
 * repositories and DeliveryService (the worker runs its passes). Relies on
 * the global CoreModule for the DataSource, APP_CONFIG and CLOCK. Tests
 * override CLOCK, RETRY_POLICY or the providers.
 */
@Module({
  providers: [
    { provide: EMAIL_PROVIDER, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new SmtpEmailProvider(config) },
    { provide: SMS_PROVIDER, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new TwilioSmsProvider(config) },
    { provide: RETRY_POLICY, inject: [APP_CONFIG], useFactory: (config: AppConfig) => ({ ...DEFAULT_RETRY_POLICY, baseMs: config.deliveryRetryBaseMs }) },
    { provide: TemplateRenderer, useFactory: () => new TemplateLibrary().createRenderer() },
    MessageRepository, SuppressionRepository, DeliveryContextRepository,
    SendGate, MessageComposer, DeliveryRecorder, MessageDispatcher, DeliveryService,
  ],
  exports: [DeliveryService, MessageRepository, SuppressionRepository, DeliveryContextRepository, EMAIL_PROVIDER, SMS_PROVIDER],
})
export class DeliveryModule implements OnApplicationShutdown {
  constructor(@Inject(EMAIL_PROVIDER) private readonly email: EmailProvider) {}

  // Module hooks run after those of the modules importing this one, so the worker's pass has stopped by now.
  async onApplicationShutdown(): Promise<void> {
    await this.email.close();
  }
}
