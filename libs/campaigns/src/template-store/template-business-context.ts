import { Injectable } from '@nestjs/common';
import { BusinessSettingsService, TenancyService, type Tenant } from '@localreach/core';
import { addressContext, type BusinessContext } from '../templates';

/** The business as previews show it: its profile and contact settings. */
@Injectable()
export class TemplateBusinessContext {
  constructor(
    private readonly tenancy: TenancyService,
    private readonly settings: BusinessSettingsService,
  ) {}

  /** Every key is set so no sample value shows through. */
  async load(tenant: Tenant): Promise<BusinessContext> {
    const [business, settings] = await Promise.all([this.tenancy.getBusiness(tenant), this.settings.get(tenant)]);
    return {
      name: business.name, address: addressContext(business.address), phone: settings.contact.phone, website: settings.contact.website,
      currency: business.currency, timezone: business.timezone, locale: null,
    };
  }
}
