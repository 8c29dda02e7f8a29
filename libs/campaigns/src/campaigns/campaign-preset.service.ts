import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, isPlainObject, ProblemList, type Tenant } from '@localreach/core';
import { SegmentService } from '@localreach/segmentation';
import { bindPreset, buildPreset, type PresetParams } from '../definition';
import { TemplateRepository } from '../template-store';
import { TemplateLibrary } from '../templates';
import type { Campaign } from './campaign.repository';
import { CampaignService } from './campaign.service';

const BODY_KEYS = ['preset', 'params'];

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
  ) {}

  async create(tenant: Tenant, body: unknown): Promise<Campaign> {
    const { preset, params } = readBody(body);
    const plan = buildPreset(preset, params);
    const segment = plan.segment ? await this.segments.create(tenant, { name: plan.segment.name, definition: plan.segment.definition }) : undefined;
    try {
      return await this.dataSource.transaction(async (tx) => {
        const ids = new Map<string, string>();
        for (const key of plan.templateKeys) {
          const shipped = this.library.preset(key);
          const stored = await this.templates.insert(tx, tenant.businessId, `${plan.definition.name}: ${key}`, shipped.template, key);
          ids.set(key, stored.id);
        }
        return this.campaigns.createIn(tx, tenant, bindPreset(plan, ids, segment?.id), preset);
      });
    } catch (error) {
      if (segment) await this.segments.remove(tenant, segment.id);
      throw error;
    }
  }
}

function readBody(body: unknown): { preset: string; params: PresetParams } {
  const out = new ProblemList();
  if (!isPlainObject(body)) throw DomainError.invalid('INVALID_CAMPAIGN_PRESET', [{ field: 'body', message: 'must be a JSON object { preset, params? }' }]);
  for (const key of Object.keys(body)) if (!BODY_KEYS.includes(key)) out.add(key, 'is not a known field');
  if (typeof body.preset !== 'string') out.add('preset', 'is required: one of welcome_series, abandoned_cart, birthday_offer, nearby_offer, win_back');
  if (body.params !== undefined && !isPlainObject(body.params)) out.add('params', 'must be an object');
  if (!out.ok) throw DomainError.invalid('INVALID_CAMPAIGN_PRESET', out.problems);
  return { preset: body.preset as string, params: (body.params ?? {}) as PresetParams };
}
