import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CLOCK, type Clock, DomainError, type FieldProblem, inReportTransaction, isUuid, type Tenant } from '@localreach/core';
import {
  AGE_LABELS, assembleGroups, DEFAULT_MIN_GROUP, FAIRNESS_ALPHA, type FairnessGroup, type FairnessTotals, gridLabels, MAX_MIN_GROUP, MIN_GROUP_FLOOR, postalLabels, fairnessTotals,
} from './fairness-assembly';
import { reportPeriod } from '../reports/report-period';
import { DEFAULT_CELL_SIZE_M, MAX_CELL_SIZE_M, MIN_CELL_SIZE_M } from './fairness-grid';
import { type FairnessAreaKind, type FairnessChannel, FairnessRepository, type FairnessScope } from './fairness.repository';

const DAY = 86_400_000;

/** What the caller asks (the HTTP query, already typed). */
export interface FairnessQuery {
  campaignId?: string;
  from?: string;
  to?: string;
  area?: FairnessAreaKind;
  cellSize?: number;
  minCustomers?: number;
  channel?: FairnessChannel;
}

export interface FairnessReport {
  campaign: { id: string; name: string } | null;
  period: { from: string; to: string };
  channel: FairnessChannel | null;
  area: FairnessAreaKind;
  /** Grid cells' side in Web-Mercator metres; null for postal areas. */
  cellSize: number | null;
  /** Groups with fewer eligible customers are merged into "other". */
  minCustomers: number;
  alpha: number;
  test: string;
  totals: FairnessTotals;
  areas: FairnessGroup[];
  ageBands: FairnessGroup[];
}

const TEST = 'one-sided exact binomial test of each group\'s reached customers against the overall rate, Holm-adjusted over the groups of the list, per measure';

/**
 * Who gets reached: per area (grid cell or postal code) and per age band, each group's share of the
 * customers enrolled, messaged and offered against its share of the eligible customers, with groups
 * reached significantly less flagged. Small groups are merged so no person can be picked out.
 */
@Injectable()
export class FairnessService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly fairness: FairnessRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async report(tenant: Tenant, query: FairnessQuery): Promise<FairnessReport> {
    const { businessId } = tenant;
    const area = query.area ?? 'grid';
    const cellSizeM = query.cellSize ?? DEFAULT_CELL_SIZE_M;
    const min = query.minCustomers ?? DEFAULT_MIN_GROUP;
    validateShape(cellSizeM, min);
    return inReportTransaction(this.dataSource, async (q) => {
      const campaign = query.campaignId === undefined ? null : await this.campaign(q, businessId, query.campaignId);
      const period = this.period(query.from, query.to, campaign?.createdAt, tenant.business.timezone);
      const scope: FairnessScope = { campaignId: campaign?.id ?? null, ...period, area, cellSizeM, channel: query.channel ?? null };
      const rows = await this.fairness.sumGroups(q, businessId, scope, await this.fairness.emailRequiresOptIn(q, businessId));
      const areaRows = rows.filter((r) => r.kind === 'area');
      const stores = area === 'grid' ? await this.fairness.findPlacedStores(q, businessId) : [];
      return {
        campaign: campaign ? { id: campaign.id, name: campaign.name } : null,
        period: { from: period.from.toISOString(), to: period.to.toISOString() },
        channel: scope.channel, area, cellSize: area === 'grid' ? cellSizeM : null, minCustomers: min, alpha: FAIRNESS_ALPHA, test: TEST,
        totals: fairnessTotals(areaRows),
        areas: assembleGroups(areaRows, min, area === 'grid' ? gridLabels(cellSizeM, stores) : postalLabels(min)),
        ageBands: assembleGroups(rows.filter((r) => r.kind === 'band'), min, AGE_LABELS),
      };
    });
  }

  private async campaign(q: Parameters<FairnessRepository['findCampaign']>[0], businessId: string, id: string) {
    const found = isUuid(id) ? await this.fairness.findCampaign(q, businessId, id) : undefined;
    if (!found) throw DomainError.notFound('campaign', id, 'campaignId');
    return found;
  }

  /** `from` / `to` default to the campaign's whole life (with one) or the 30 days up to now. */
  private period(from: string | undefined, to: string | undefined, campaignCreatedAt: Date | undefined, zone: string): { from: Date; to: Date } {
    // A date or a time without an offset is the business's local time, as in every report.
    return reportPeriod(from, to, zone, this.clock.now(), (end) => (campaignCreatedAt && campaignCreatedAt < end ? campaignCreatedAt : new Date(end.getTime() - 30 * DAY)));
  }
}

function validateShape(cellSizeM: number, min: number): void {
  const problems: FieldProblem[] = [];
  if (!Number.isInteger(cellSizeM) || cellSizeM < MIN_CELL_SIZE_M || cellSizeM > MAX_CELL_SIZE_M) {
    problems.push({ field: 'cellSize', message: `must be a whole number of metres from ${MIN_CELL_SIZE_M} to ${MAX_CELL_SIZE_M}` });
  }
  if (!Number.isInteger(min) || min < MIN_GROUP_FLOOR || min > MAX_MIN_GROUP) {
    problems.push({ field: 'minCustomers', message: `must be a whole number from ${MIN_GROUP_FLOOR} (so no person can be picked out) to ${MAX_MIN_GROUP}` });
  }
  if (problems.length > 0) throw DomainError.invalid('INVALID_FAIRNESS_QUERY', problems);
}
