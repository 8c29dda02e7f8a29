import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, DomainError, ProblemList, type Clock, type Tenant } from '@localreach/core';
import { CampaignService } from '../campaigns/campaign.service';
import type { EmailStep, SmsStep } from '../definition';
import { ProviderError } from '../delivery/delivery.errors';
import { asProviderError } from '../delivery/delivery-recorder';
import { EMAIL_PROVIDER, type EmailProvider } from '../delivery/providers/email-provider';
import { SMS_PROVIDER, type SmsProvider } from '../delivery/providers/sms-provider';
import { SuppressionRepository } from '../delivery/suppression.repository';
import { testRecipient } from './test-message';
import { TestMessageComposer, type TestComposition } from './test-message-composer';
import { TestSendRepository } from './test-send.repository';

/** Test sends a business may make per rolling hour. */
export const TEST_SENDS_PER_HOUR = 20;
const HOUR_MS = 60 * 60 * 1000;

export interface TestSendRequest {
  stepId: string;
  to: string;
  customerId?: string;
}

export interface TestSendResult {
  id: string;
  campaignId: string;
  version: number;
  stepId: string;
  channel: 'email' | 'sms';
  to: string;
  customerId: string | null;
  /** sent: the provider accepted it; failed: it refused or could not be reached (errorCode is its code). */
  status: 'sent' | 'failed';
  subject: string | null;
  body: string | null;
  providerId: string | null;
  errorCode: string | null;
  error: string | null;
  createdAt: Date;
  sentAt: Date | null;
  /** Test sends the business has left in the current hour. */
  remaining: number;
}

/**
 * POST /v1/campaigns/:id/test: renders an email or SMS step for a customer
 * (or the sample one) and sends it through the real providers to the address
 * given, marked as a test. Nothing of it reaches `message`: no enrolment, no
 * report figure, no frequency cap, no attribution, no engagement. At most
 * TEST_SENDS_PER_HOUR per business per rolling hour; never to an address on
 * the business's suppression list. A provider failure is the test's result
 * (status failed with its code), not an error of the request.
 */
@Injectable()
export class TestSendService {
  constructor(
    private readonly campaigns: CampaignService,
    private readonly composer: TestMessageComposer,
    private readonly tests: TestSendRepository,
    private readonly suppressions: SuppressionRepository,
    @Inject(EMAIL_PROVIDER) private readonly email: EmailProvider,
    @Inject(SMS_PROVIDER) private readonly sms: SmsProvider,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async send(tenant: Tenant, campaignId: string, request: TestSendRequest): Promise<TestSendResult> {
    const campaign = await this.campaigns.get(tenant, campaignId);
    const { step, to } = this.readRequest(tenant, campaign.definition.steps, campaign.version, request);
    if (await this.suppressions.isSuppressed(tenant.businessId, step.type, to)) {
      throw DomainError.conflict('TEST_RECIPIENT_SUPPRESSED', `${to} is on the business's ${step.type} suppression list`, [
        { field: 'to', message: 'is on the suppression list (it bounced, unsubscribed or texted STOP); nothing is ever sent to it' },
      ]);
    }
    const id = randomUUID();
    const now = this.clock.now();
    // Rendered before the slot is taken: a template that cannot render costs no test send.
    const composition = await this.composer.compose(tenant, { id, campaignId, step, to, customerId: request.customerId, now });
    const subject = composition.channel === 'email' ? composition.mail.subject : null;
    const reservation = await this.tests.reserve(
      { id, businessId: tenant.businessId, campaignId, campaignVersion: campaign.version, stepId: step.id, channel: step.type, to, customerId: request.customerId ?? null, apiKeyId: tenant.keyId, subject },
      now, TEST_SENDS_PER_HOUR, HOUR_MS,
    );
    if (!reservation.ok) {
      const limit = `at most ${TEST_SENDS_PER_HOUR} test sends per hour per business`;
      throw DomainError.tooManyRequests('TEST_SEND_RATE_LIMITED', `${limit}; the next is possible at ${reservation.retryAt.toISOString()}`, (reservation.retryAt.getTime() - now.getTime()) / 1000, [
        { field: 'campaign', message: `${limit}; try again after ${reservation.retryAt.toISOString()}` },
      ]);
    }
    const base = {
      id, campaignId, version: campaign.version, stepId: step.id, channel: step.type, to, customerId: request.customerId ?? null, subject,
      body: composition.channel === 'sms' ? composition.sms.body : null, createdAt: now, remaining: reservation.remaining,
    };
    let providerId: string;
    try {
      providerId = await this.deliver(composition);
    } catch (error) {
      const failure: ProviderError = asProviderError(error);
      await this.tests.finish(tenant.businessId, id, { errorCode: failure.code, error: failure.message });
      return { ...base, status: 'failed', providerId: null, errorCode: failure.code, error: failure.message, sentAt: null };
    }
    const sentAt = this.clock.now();
    await this.tests.finish(tenant.businessId, id, { providerId, sentAt });
    return { ...base, status: 'sent', providerId, errorCode: null, error: null, sentAt };
  }

  private async deliver(composition: TestComposition): Promise<string> {
    if (composition.channel === 'email') return (await this.email.send(composition.mail)).providerId;
    return (await this.sms.send(composition.sms)).providerId;
  }

  private readRequest(tenant: Tenant, steps: readonly { id: string; type: string }[], version: number, request: TestSendRequest): { step: EmailStep | SmsStep; to: string } {
    const out = new ProblemList();
    const step = steps.find((s) => s.id === request.stepId);
    if (!step) out.add('stepId', `is not a step of version ${version} of this campaign`);
    else if (step.type !== 'email' && step.type !== 'sms') out.add('stepId', `is a ${step.type} step; only email and SMS steps can be sent as a test`);
    const message = step && (step.type === 'email' || step.type === 'sms') ? (step as EmailStep | SmsStep) : undefined;
    const recipient = message ? testRecipient(message.type, request.to, tenant.business.country) : undefined;
    if (recipient && 'problem' in recipient) out.add('to', recipient.problem);
    if (!out.ok || !message || !recipient || 'problem' in recipient) throw DomainError.invalid('INVALID_TEST_SEND', out.problems);
    return { step: message, to: recipient.to };
  }
}
