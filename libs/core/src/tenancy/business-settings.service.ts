import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditRepository } from '../audit/audit.repository';
import { DomainError } from '../errors/domain-error';
import { isUniqueViolation } from '../database/sql';
import { resolveBusinessSettings, type BusinessSettings } from './business-settings';
import { BusinessSettingsRepository } from './business-settings.repository';
import { validateSettingsPatch } from './business-settings.validator';
import { SenderEmailService, type ConfirmationLink } from './sender-email.service';
import type { Tenant } from './tenant';

export interface SettingsUpdate {
  settings: BusinessSettings;
  /** Set when the email From address changed to a new one: the confirmation link to mail to it. */
  link: ConfirmationLink | null;
}

/**
 * Reads and patches a business's messaging settings. Always reads the
 * database: the cached Tenant carries no settings, so a change is seen by the
 * very next request in every process.
 */
@Injectable()
export class BusinessSettingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: BusinessSettingsRepository,
    private readonly audit: AuditRepository,
    private readonly senders: SenderEmailService,
  ) {}

  /** The business's settings with every default filled in. */
  async get(tenant: Tenant): Promise<BusinessSettings> {
    return this.forBusiness(tenant.businessId);
  }

  /** Same as get, for callers holding only the business id (the worker). */
  async forBusiness(businessId: string): Promise<BusinessSettings> {
    const stored = await this.settings.findStored(businessId);
    if (stored === undefined) throw DomainError.notFound('business', businessId);
    return resolveBusinessSettings(stored);
  }

  /**
   * Deep-merges a validated partial into the stored settings and records who
   * changed what. Nothing is written when any field is invalid (422
   * INVALID_SETTINGS listing every problem) or when nothing changes. A new
   * email From address starts pending: `link` is the confirmation link to
   * mail to it (409 SENDER_DOMAIN_TAKEN when another business confirmed it
   * or its domain).
   */
  async update(tenant: Tenant, raw: unknown): Promise<SettingsUpdate> {
    return this.dataSource.transaction(async (tx) => {
      const current = await this.settings.lockStored(tx, tenant.businessId);
      if (current === undefined) throw DomainError.notFound('business', tenant.businessId);
      const { patch, stored, settings } = validateSettingsPatch(raw, current, { defaultCountry: tenant.business.country });
      if (JSON.stringify(stored) === JSON.stringify(current)) return { settings, link: null };
      const before = resolveBusinessSettings(current).sender.email.fromAddress;
      const after = settings.sender.email.fromAddress;
      const link = before === after ? null : await this.senders.addressChanged(tx, tenant, after);
      try {
        await this.settings.saveStored(tx, tenant.businessId, stored);
      } catch (error) {
        // business_sms_sender_idx: an SMS sender belongs to one business at most.
        if (isUniqueViolation(error, 'business_sms_sender_idx')) {
          throw DomainError.conflict('SMS_SENDER_TAKEN', 'this SMS sender belongs to another business', [
            { field: 'sender.sms.from', message: 'is the SMS sender of another business; each number or messaging service belongs to one business' },
          ]);
        }
        throw error;
      }
      await this.audit.record(tx, {
        businessId: tenant.businessId, actorKeyId: tenant.keyId, actorRole: tenant.role, action: 'business.settings_updated', entity: 'business', entityId: tenant.businessId,
        details: { changes: patch },
      });
      return { settings, link };
    });
  }
}
