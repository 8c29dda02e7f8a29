import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  AuditTrail, BusinessSettingsRepository, CLOCK, fieldsSet, decodeTimeIdCursor, DomainError, encodeCursor, isUuid, resolveBusinessSettings, type Clock, type Tenant,
} from '@localreach/core';
import { checkReferences } from '@localreach/segmentation';
import {
  REMOVABLE_CAMPAIGN_FIELDS, triggerInWords, validateCampaign, withAutoWinnerDefaults, type CampaignDefinition, type CampaignInput, type CampaignPatch,
} from '../definition';
import { broadcastSendAt } from '../scheduling';
import { copyName, versionTimeline, type CampaignVersion } from './campaign-history';
import { CampaignReferenceLoader } from './campaign-references';
import { CampaignRepository, type Campaign, type CampaignStatus } from './campaign.repository';

/** The statuses each transition may start from. */
const TRANSITIONS: Record<'activate' | 'pause' | 'archive', CampaignStatus[]> = {
  activate: ['draft', 'paused'],
  pause: ['active'],
  archive: ['draft', 'active', 'paused'],
};

const PAST: Record<keyof typeof TRANSITIONS, string> = { activate: 'activated', pause: 'paused', archive: 'archived' };

/** Only campaigns that are not running may be deleted. */
const DELETABLE: CampaignStatus[] = ['draft', 'archived'];

/** Broadcasts with a per-recipient local time start in the earliest zone: UTC+14. */
const EARLIEST_ZONE = 'Etc/GMT-14';

/**
 * Campaign lifecycle: create and edit (validated against the business's
 * templates, segments and geofences; editing a campaign that has run makes a
 * new version), clone, activate, pause, archive, delete, and its versions.
 */
@Injectable()
export class CampaignService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly campaigns: CampaignRepository,
    private readonly references: CampaignReferenceLoader,
    private readonly settings: BusinessSettingsRepository,
    private readonly audit: AuditTrail,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** A campaign whose own fields CampaignInput checked; the trigger, steps and goal are checked here, with the business's references. */
  async create(tenant: Tenant, input: CampaignInput): Promise<Campaign> {
    return this.dataSource.transaction((tx) => this.createIn(tx, tenant, input, null));
  }

  /**
   * Creates a draft inside the caller's transaction (presets create templates in the same one) and records it:
   * `campaign.created`, `campaign.created_from_preset`, or `campaign.cloned` with `clonedFrom`.
   */
  async createIn(tx: EntityManager, tenant: Tenant, input: CampaignInput, preset: string | null, clonedFrom?: string): Promise<Campaign> {
    const definition = await this.validate(tx, tenant, { ...input });
    const id = await this.campaigns.insert(tx, tenant.businessId, definition, preset);
    const campaign = (await this.campaigns.findById(tenant.businessId, id, tx))!;
    const action = clonedFrom !== undefined ? 'campaign.cloned' : preset !== null ? 'campaign.created_from_preset' : 'campaign.created';
    await this.audit.record(tx, tenant, {
      action, entity: 'campaign', entityId: id,
      details: { name: campaign.name, status: campaign.status, version: campaign.version, trigger: definition.trigger.type, preset, ...(clonedFrom ? { clonedFrom } : {}) },
    });
    return campaign;
  }

  async get(tenant: Tenant, id: string): Promise<Campaign> {
    const campaign = isUuid(id) ? await this.campaigns.findById(tenant.businessId, id) : undefined;
    if (!campaign) throw DomainError.notFound('campaign', id);
    return campaign;
  }

  async list(tenant: Tenant, limit: number, status?: CampaignStatus, cursor?: string): Promise<{ items: Campaign[]; nextCursor: string | null }> {
    const after = cursor === undefined ? undefined : decodeTimeIdCursor(cursor);
    const rows = await this.campaigns.list(tenant.businessId, limit + 1, status, after);
    const items = rows.slice(0, limit).map(({ sortKey: _sortKey, ...campaign }) => campaign);
    const last = rows[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.sortKey, last.id]) : null };
  }

  /** Each campaign's trigger in words, with the names of the segments and geofences it names (two lookups for the lot). */
  async triggerSummaries(tenant: Tenant, campaigns: Campaign[]): Promise<Map<string, string>> {
    const segmentIds = new Set<string>();
    const geofenceIds = new Set<string>();
    for (const { definition: { trigger } } of campaigns) {
      if ((trigger.type === 'segment' || trigger.type === 'broadcast') && isUuid(trigger.segmentId)) segmentIds.add(trigger.segmentId);
      if (trigger.type === 'geofence' && isUuid(trigger.geofenceId)) geofenceIds.add(trigger.geofenceId);
    }
    const rows = segmentIds.size + geofenceIds.size === 0 ? [] : await this.campaigns.referenceNames(tenant.businessId, [...segmentIds], [...geofenceIds]);
    const name = (kind: 'segment' | 'geofence') => (id: string) => rows.find((r) => r.kind === kind && r.id === id)?.name;
    return new Map(campaigns.map((c) => [c.id, triggerInWords(c.definition.trigger, { segment: name('segment'), geofence: name('geofence') })]));
  }

  /** A new draft with the current version's definition, named "<name> (copy)"; validated again (templates may have gone since). */
  async clone(tenant: Tenant, id: string): Promise<Campaign> {
    const source = await this.get(tenant, id);
    return this.dataSource.transaction((tx) => this.createIn(tx, tenant, { ...source.definition, name: copyName(source.name) }, source.preset, source.id));
  }

  /**
   * Drafts and archived campaigns only (409 CAMPAIGN_NOT_DELETABLE otherwise).
   * A campaign that enrolled anyone or queued any message is soft-deleted, so
   * its enrolments, messages and report figures stay as they were; one that
   * never ran is deleted for good. Returns which.
   */
  async remove(tenant: Tenant, id: string): Promise<'deleted' | 'soft_deleted'> {
    return this.dataSource.transaction(async (tx) => {
      const campaign = await this.lock(tx, tenant, id);
      if (!DELETABLE.includes(campaign.status)) {
        throw DomainError.conflict('CAMPAIGN_NOT_DELETABLE', `a ${campaign.status} campaign cannot be deleted; archive it first`, [
          { field: 'status', message: `is ${campaign.status}; delete needs draft or archived` },
        ]);
      }
      const soft = await this.campaigns.hasHistory(tx, tenant.businessId, id);
      if (soft) await this.campaigns.softDelete(tx, tenant.businessId, id, this.clock.now());
      else await this.campaigns.remove(tx, tenant.businessId, id);
      const outcome = soft ? 'soft_deleted' : 'deleted';
      await this.audit.record(tx, tenant, { action: 'campaign.deleted', entity: 'campaign', entityId: id, details: { name: campaign.name, status: campaign.status, outcome } });
      return outcome;
    });
  }

  /** Every version with its definition and when it was the one new enrolments got. */
  async versions(tenant: Tenant, id: string): Promise<CampaignVersion[]> {
    const campaign = await this.get(tenant, id);
    return versionTimeline(campaign, await this.campaigns.versions(tenant.businessId, id));
  }

  /** Replaces the definition (fields left out keep their current value). */
  async update(tenant: Tenant, id: string, patch: CampaignPatch): Promise<Campaign> {
    return this.dataSource.transaction(async (tx) => {
      const current = await this.lock(tx, tenant, id);
      if (current.status === 'archived') throw DomainError.conflict('CAMPAIGN_ARCHIVED', 'an archived campaign cannot be edited');
      const merged: Record<string, unknown> = { ...current.definition, ...patch };
      // null removes an optional field (the default applies).
      for (const field of REMOVABLE_CAMPAIGN_FIELDS) if (merged[field] === null) delete merged[field];
      const definition = await this.validate(tx, tenant, merged);
      await this.campaigns.saveDefinition(tx, tenant.businessId, current, definition);
      const updated = (await this.campaigns.findById(tenant.businessId, id, tx))!;
      // Field names only: event filters and conditions may hold values about people.
      await this.audit.record(tx, tenant, {
        action: 'campaign.updated', entity: 'campaign', entityId: id,
        details: { fields: fieldsSet(patch), version: updated.version, previousVersion: current.version, status: updated.status },
      });
      return updated;
    });
  }

  async activate(tenant: Tenant, id: string): Promise<Campaign> {
    return this.transition(tenant, id, 'activate', async (tx, campaign) => {
      // Templates or segments may have gone since the campaign was saved.
      const definition = await this.validate(tx, tenant, campaign.definition);
      await this.campaigns.setStatus(tx, tenant.businessId, id, 'active', campaign.status === 'draft' ? this.firstScan(definition, tenant) : undefined);
    });
  }

  async pause(tenant: Tenant, id: string): Promise<Campaign> {
    return this.transition(tenant, id, 'pause', (tx) => this.campaigns.setStatus(tx, tenant.businessId, id, 'paused'));
  }

  /** Archiving ends running enrolments and cancels their unsent messages. */
  async archive(tenant: Tenant, id: string): Promise<Campaign> {
    return this.transition(tenant, id, 'archive', async (tx) => {
      await this.campaigns.setStatus(tx, tenant.businessId, id, 'archived', { nextScanAt: null, scannedUntil: null });
      await this.campaigns.exitEnrollments(tx, tenant.businessId, id, 'campaign_archived', this.clock.now());
      await tx.query(
        `UPDATE message SET status = 'suppressed', error_code = 'campaign_archived', updated_at = now()
          WHERE business_id = $1 AND campaign_id = $2 AND status IN ('queued', 'held')`,
        [tenant.businessId, id],
      );
    });
  }

  private async transition(
    tenant: Tenant,
    id: string,
    action: keyof typeof TRANSITIONS,
    apply: (tx: EntityManager, campaign: Campaign) => Promise<void>,
  ): Promise<Campaign> {
    return this.dataSource.transaction(async (tx) => {
      const campaign = await this.lock(tx, tenant, id);
      if (!TRANSITIONS[action].includes(campaign.status)) {
        throw DomainError.conflict('INVALID_CAMPAIGN_STATE', `a ${campaign.status} campaign cannot be ${action === 'activate' ? 'activated' : `${action}d`}`, [
          { field: 'status', message: `is ${campaign.status}; ${action} needs ${TRANSITIONS[action].join(' or ')}` },
        ]);
      }
      await apply(tx, campaign);
      const changed = (await this.campaigns.findById(tenant.businessId, id, tx))!;
      await this.audit.record(tx, tenant, {
        action: `campaign.${PAST[action]}`, entity: 'campaign', entityId: id, details: { from: campaign.status, status: changed.status, version: changed.version },
      });
      return changed;
    });
  }

  private async lock(tx: EntityManager, tenant: Tenant, id: string): Promise<Campaign> {
    const campaign = isUuid(id) ? await this.campaigns.findById(tenant.businessId, id, tx, true) : undefined;
    if (!campaign) throw DomainError.notFound('campaign', id);
    return campaign;
  }

  /** When the worker first looks at a scheduled trigger: date triggers from now on, broadcasts at their earliest send time. */
  private firstScan(definition: CampaignDefinition, tenant: Tenant): { nextScanAt: Date | null; scannedUntil: Date | null } | undefined {
    const now = this.clock.now();
    const trigger = definition.trigger;
    if (trigger.type === 'date') return { nextScanAt: now, scannedUntil: now };
    if (trigger.type !== 'broadcast') return undefined;
    if (trigger.at === undefined) return { nextScanAt: now, scannedUntil: null };
    const businessZone = tenant.business.timezone;
    const at = broadcastSendAt({
      at: trigger.at,
      recipientLocalTime: trigger.recipientLocalTime === true,
      businessZone,
      recipientZone: trigger.recipientLocalTime ? EARLIEST_ZONE : businessZone,
    });
    // Enrol a minute ahead so the first recipients are due on time.
    return { nextScanAt: new Date(Math.max(now.getTime(), at.getTime() - 60_000)), scannedUntil: null };
  }

  /**
   * The whole definition, checked again (checkCampaign: its own fields, and the trigger, steps and goal against the business),
   * with what split rules leave out taken from the business's A/B defaults.
   */
  private async validate(tx: EntityManager, tenant: Tenant, raw: object): Promise<CampaignDefinition> {
    const refs = await this.references.load(tx, tenant.businessId, raw);
    const definition = validateCampaign(raw, refs);
    // Stores and geofences named inside entry filters and branch conditions.
    const nested = await checkReferences(tx, tenant.businessId, { entry: definition.entry, steps: definition.steps });
    if (nested.length > 0) throw DomainError.invalid('INVALID_CAMPAIGN', nested.map((p) => ({ ...p, field: p.field.replace(/^definition\./, '') })));
    return withAutoWinnerDefaults(definition, resolveBusinessSettings(await this.settings.findStored(tenant.businessId, tx)).experiments);
  }
}
