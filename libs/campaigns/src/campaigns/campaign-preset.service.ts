import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditTrail, parseInput, type Tenant } from '@localreach/core';
import { SegmentInput, SegmentService } from '@localreach/segmentation';
import { bindPreset, buildPreset, type CampaignFromPresetInput } from '../definition';
import { TemplateRepository } from '../template-store';
import { TemplateLibrary } from '../templates';
import type { Campaign } from './campaign.repository';
import { CampaignService } from './campaign.service';

/**
 * `POST /v1/campaigns/from-preset`: copies the preset's shipped templates
 * into the business (so they can be edited), creates the segment a preset
 * needs (win-back), and saves the campaign as a draft, ready to review and
 * activate. Templates and campaign are written in one transaction; a segment
 * created first is removed again if the rest fails.
 */
@Injectable()
export class CampaignPresetService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly campaigns: CampaignService,
    private readonly templates: TemplateRepository,
    private readonly library: TemplateLibrary,
    private readonly segments: SegmentService,
    private readonly audit: AuditTrail,
  ) {}

  async create(tenant: Tenant, input: CampaignFromPresetInput): Promise<Campaign> {
    const { preset, params } = input;
    const plan = buildPreset(preset, params);
    const segment = plan.segment ? await this.segments.create(tenant, parseInput(SegmentInput, { name: plan.segment.name, definition: plan.segment.definition })) : undefined;
    try {
      return await this.dataSource.transaction(async (tx) => {
        const ids = new Map<string, string>();
        for (const key of plan.templateKeys) {
          const shipped = this.library.preset(key);
          const stored = await this.templates.insert(tx, tenant.businessId, `${plan.definition.name}: ${key}`, shipped.template, key);
          ids.set(key, stored.id);
          await this.audit.record(tx, tenant, { action: 'template.created', entity: 'template', entityId: stored.id, details: { name: stored.name, channel: stored.channel, preset } });
        }
        return this.campaigns.createIn(tx, tenant, bindPreset(plan, ids, segment?.id), preset);
      });
    } catch (error) {
      if (segment) await this.segments.remove(tenant, segment.id);
      throw error;
    }
  }
}
