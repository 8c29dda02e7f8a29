import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BusinessSettingsService, CLOCK, type Clock, type Tenant } from '@localreach/core';
import { compileSegment, WHOLE_SEGMENT_PLAN, wholeSegmentBehaviour, type SegmentDefinition } from '@localreach/segmentation';
import { CampaignService } from '../campaigns/campaign.service';
import { triggerInWords, type CampaignDefinition, type TriggerType } from '../definition';
import { CampaignAudienceRepository, type AudienceChannel, type AudienceMember, type ChannelReach } from './campaign-audience.repository';

/** What the estimate counts: the trigger's segment now, customers with the date a date trigger fires on, or nothing countable ahead of time. */
export type AudienceBasis = 'segment' | 'date_field' | 'none';

export interface AudienceEstimate {
  campaignId: string;
  trigger: { type: TriggerType; summary: string };
  basis: AudienceBasis;
  note: string;
  /** Customers the basis holds now (after the campaign's entry filter); null when there is nothing to count. */
  audience: number | null;
  /** Of those, reached now on at least one of the campaign's message channels. */
  reachable: number | null;
  channels: ChannelReach[];
  holdoutPercent: number;
  sample: AudienceMember[];
  computedAt: Date;
}

const SAMPLE_SIZE = 10;

const NOTES: Record<Exclude<TriggerType, 'segment' | 'broadcast' | 'date'>, string> = {
  customer_created: 'Enrols customers as they are created; nobody can be counted ahead of time.',
  event: 'Enrols customers as the event arrives; nobody can be counted ahead of time.',
  geofence: 'Enrols customers as their location pings enter the geofence; nobody can be counted ahead of time.',
};

/** The channels the campaign's steps send on, email first. */
function channelsOf(definition: CampaignDefinition): AudienceChannel[] {
  const used = new Set(definition.steps.map((s) => s.type));
  return (['email', 'sms'] as const).filter((ch) => used.has(ch));
}

/**
 * Who a campaign would reach: for a broadcast (and a segment trigger) the
 * segment's members now, for a date trigger the customers with that date,
 * each narrowed by the entry filter, with how many each message channel
 * reaches (address, consent, suppression list: what the send gate checks;
 * quiet hours and frequency caps only delay a message) and a sample. For
 * the other triggers, the trigger in words.
 */
@Injectable()
export class CampaignAudienceService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly campaigns: CampaignService,
    private readonly audience: CampaignAudienceRepository,
    private readonly settings: BusinessSettingsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async estimate(tenant: Tenant, id: string): Promise<AudienceEstimate> {
    const campaign = await this.campaigns.get(tenant, id);
    const definition = campaign.definition;
    const trigger = definition.trigger;
    const now = this.clock.now();
    const base = { campaignId: id, holdoutPercent: definition.holdoutPercent ?? 0, computedAt: now };
    const segment = trigger.type === 'segment' || trigger.type === 'broadcast' ? await this.audience.segment(tenant.businessId, trigger.segmentId) : undefined;
    const geofence = trigger.type === 'geofence' ? await this.audience.geofenceName(tenant.businessId, trigger.geofenceId) : undefined;
    const summary = triggerInWords(trigger, { segment: () => segment?.name, geofence: () => geofence });
    const none = (note: string): AudienceEstimate => ({ ...base, trigger: { type: trigger.type, summary }, basis: 'none', note, audience: null, reachable: null, channels: [], sample: [] });
    let rule: SegmentDefinition;
    let basis: AudienceBasis;
    let note: string;
    if (trigger.type === 'segment' || trigger.type === 'broadcast') {
      if (!segment) return none('The segment no longer exists; the campaign cannot enrol anyone until the trigger names another.');
      rule = segment.definition as SegmentDefinition;
      basis = 'segment';
      note = trigger.type === 'broadcast'
        ? 'The members of the segment now; the broadcast enrols the members at its send time.'
        : 'The members of the segment now; the campaign enrols customers as they enter it.';
    } else if (trigger.type === 'date') {
      rule = { type: 'attribute', field: trigger.field, op: 'exists', value: true };
      basis = 'date_field';
      note = `Customers with a ${trigger.field === 'birthday' ? 'birthday' : trigger.field} set; each is enrolled once per occurrence.`;
    } else {
      return none(NOTES[trigger.type]);
    }
    if (definition.entry) rule = { all: [rule, definition.entry] };
    const counted = await this.count(tenant, rule, channelsOf(definition), now);
    return { ...base, trigger: { type: trigger.type, summary }, basis, note, ...counted };
  }

  private async count(tenant: Tenant, rule: SegmentDefinition, channels: AudienceChannel[], now: Date): Promise<Pick<AudienceEstimate, 'audience' | 'reachable' | 'channels' | 'sample'>> {
    const optIn = (await this.settings.get(tenant)).consent.emailRequiresOptIn;
    const members = compileSegment(rule, { businessId: tenant.businessId, now, businessTimezone: tenant.business.timezone, behaviour: wholeSegmentBehaviour(rule) });
    return this.dataSource.transaction(async (tx) => {
      await tx.query(WHOLE_SEGMENT_PLAN);
      const counts = await this.audience.counts(tx, members, channels, optIn);
      const sample = await this.audience.sample(tx, members, channels, optIn, SAMPLE_SIZE);
      return { ...counts, sample };
    });
  }
}
