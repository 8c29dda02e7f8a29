import { Inject, Injectable } from '@nestjs/common';
import {
  APP_CONFIG, BusinessSettingsService, CLOCK, SenderEmailService, type AppConfig, type BusinessSettings, type Clock, type ConfirmationLink,
  type SenderEmailConfirmation, type Tenant,
} from '@localreach/core';
import { asProviderError } from '../delivery/delivery-recorder';
import { EMAIL_PROVIDER, type EmailProvider } from '../delivery/providers/email-provider';
import { composeConfirmationMail } from './sender-confirmation-mail';

/** The settings with the state of the email From address's confirmation (null when none is set). */
export interface SettingsView {
  settings: BusinessSettings;
  emailConfirmation: SenderEmailConfirmation | null;
}

/**
 * GET/PATCH /v1/settings and the confirmation re-send: the settings use
 * cases, plus mailing the confirmation link whenever a new email From
 * address is set or the owner asks again. A mail the server refused or
 * could not take is the confirmation's state (`sendError`), not an error of
 * the request: the settings are saved and the owner can re-send.
 */
@Injectable()
export class SenderSettingsService {
  constructor(
    private readonly settings: BusinessSettingsService,
    private readonly senders: SenderEmailService,
    @Inject(EMAIL_PROVIDER) private readonly email: EmailProvider,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async get(tenant: Tenant): Promise<SettingsView> {
    const [settings, emailConfirmation] = await Promise.all([this.settings.get(tenant), this.senders.confirmation(tenant.businessId)]);
    return { settings, emailConfirmation };
  }

  async update(tenant: Tenant, raw: unknown): Promise<SettingsView> {
    const { settings, link } = await this.settings.update(tenant, raw);
    if (link) await this.mail(tenant, link);
    return { settings, emailConfirmation: await this.senders.confirmation(tenant.businessId) };
  }

  /** A new link to the pending From address (the previous one stops working). */
  async resendConfirmation(tenant: Tenant): Promise<SenderEmailConfirmation> {
    const link = await this.senders.renewLink(tenant);
    await this.mail(tenant, link);
    return (await this.senders.confirmation(tenant.businessId)) as SenderEmailConfirmation;
  }

  private async mail(tenant: Tenant, link: ConfirmationLink): Promise<void> {
    const mail = composeConfirmationMail({
      businessName: tenant.business.name, address: link.address, token: link.token, expiresAt: link.expiresAt, publicBaseUrl: this.config.publicBaseUrl,
    });
    try {
      await this.email.send(mail);
    } catch (error) {
      const failure = asProviderError(error);
      await this.senders.recordSend(link, { error: `${failure.code}: ${failure.message}` });
      return;
    }
    await this.senders.recordSend(link, { sentAt: this.clock.now() });
  }
}
