import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, CustomerRepository, DomainError, type AppConfig, type Tenant } from '@localreach/core';
import type { EmailStep, SmsStep } from '../definition';
import { DeliveryContextRepository } from '../delivery/delivery-context.repository';
import { trackingUrls } from '../delivery/link-tracking';
import { buildTemplateContext, type CustomerForSend, type OfferSpec } from '../delivery/message-composition';
import type { ClaimedMessage } from '../delivery/message.repository';
import type { OutgoingEmail } from '../delivery/providers/email-provider';
import type { OutgoingSms } from '../delivery/providers/sms-provider';
import { customerContextOf, sampleEvent, sampleTemplateContext, TemplateLibrary, type TemplateRenderer } from '../templates';
import { assembleTestEmail, assembleTestSms } from './test-message';

export type TestComposition =
  | { channel: 'email'; mail: OutgoingEmail }
  | { channel: 'sms'; sms: OutgoingSms };

export interface TestComposeInput {
  id: string;
  campaignId: string;
  step: EmailStep | SmsStep;
  to: string;
  /** Render for this customer of the business; without it, the sample customer. */
  customerId?: string;
  now: Date;
}


function sampleCustomer(): CustomerForSend {
  const s = sampleTemplateContext().customer;
  return {
    id: s.id, firstName: s.firstName ?? null, lastName: s.lastName ?? null, email: s.email ?? null, phone: s.phone ?? null, birthday: s.birthday ?? null,
    timezone: s.timezone ?? null, attributes: s.attributes, tags: s.tags,
  };
}

/**
 * Renders a step's template for a test send with what a real send would use
 * (the business, its sender, the customer's store, the step's offer with a
 * recognisable TEST coupon code), against a real customer or the sample one.
 * Problems the caller can fix are 422 INVALID_TEST_SEND naming the field.
 */
@Injectable()
export class TestMessageComposer {
  private renderer?: TemplateRenderer;

  constructor(
    private readonly contexts: DeliveryContextRepository,
    private readonly customers: CustomerRepository,
    private readonly library: TemplateLibrary,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async compose(tenant: Tenant, input: TestComposeInput): Promise<TestComposition> {
    const customer = input.customerId === undefined ? undefined : await this.customers.findById(tenant.businessId, input.customerId);
    if (input.customerId !== undefined && !customer) throw invalid('customerId', 'is not a customer of this business');
    const { step } = input;
    const offer: OfferSpec | null = step.offer ? { couponPrefix: step.offer.couponPrefix, description: step.offer.description, validDays: step.offer.validDays } : null;
    // Only the fields loadSendContexts reads: the store comes from the customer's nearest store.
    const claim = {
      id: input.id, businessId: tenant.businessId, customerId: customer?.id ?? input.id, campaignId: input.campaignId, enrollmentId: null,
      templateId: step.templateId, channel: step.type,
    } as ClaimedMessage;
    const context = (await this.contexts.loadSendContexts([claim])).get(input.id);
    const template = context?.template;
    if (!context || !template || template.channel !== step.type) throw invalid('stepId', `its ${step.type} template ${step.templateId} no longer exists`);
    const templateContext = buildTemplateContext({
      messageId: input.id, campaignName: context.campaignName, customer: customer ? customerContextOf(customer) : sampleCustomer(), business: context.business,
      store: customer ? context.store : null, offer, couponCode: offer ? `${offer.couponPrefix}-TEST` : null,
      // A test has no triggering event: a template reading event.… shows the sample cart.
      event: sampleEvent(input.now),
      urls: trackingUrls(this.config.publicBaseUrl, this.config.trackingSecret, input.id), now: input.now,
    });
    this.renderer ??= this.library.createRenderer();
    try {
      if (template.channel === 'sms') {
        const sms = assembleTestSms(this.renderer.render(template, templateContext, context.partials), { to: input.to, from: context.business.settings.sender.sms.from });
        return { channel: 'sms', sms };
      }
      return { channel: 'email', mail: assembleTestEmail(this.renderer.render(template, templateContext, context.partials), { id: input.id, to: input.to, business: context.business, date: input.now }) };
    } catch (error) {
      throw invalid('stepId', `its template does not render: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

function invalid(field: string, message: string): DomainError {
  return DomainError.invalid('INVALID_TEST_SEND', [{ field, message }]);
}
