import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { inReportTransaction, type Tenant } from '@localreach/core';
import { roi } from '../statistics/roi';
import { CampaignReportRepository } from './campaign-report.repository';
import { roundMoney } from './money';

/** A campaign's figures in the campaign list: the campaign line of its report, in brief. */
export interface CampaignListStats {
  enrolled: number;
  /** Messages sent, and their cost. */
  sent: number;
  cost: number;
  /** Orders credited to the campaign's messages and their revenue (the report's attribution). */
  orders: number;
  revenue: number;
  /** (revenue − cost) / cost; null when nothing was spent. */
  roi: number | null;
}

const money = (x: number) => Math.round(x * 100_000) / 100_000;

/** Figures for a page of the campaign list, in one statement, agreeing with each campaign's report. */
@Injectable()
export class CampaignListStatsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reports: CampaignReportRepository,
  ) {}

  /** Figures per campaign id (ids of other businesses' campaigns come back as zeros) and the business's currency. */
  async forCampaigns(tenant: Tenant, campaignIds: string[]): Promise<{ currency: string; stats: Map<string, CampaignListStats> }> {
    const { currency } = await this.reports.businessFacts(this.dataSource, tenant.businessId);
    if (campaignIds.length === 0) return { currency, stats: new Map() };
    const rows = await inReportTransaction(this.dataSource, (q) => this.reports.listStats(q, tenant.businessId, campaignIds));
    const stats = new Map(rows.map((r) => {
      const revenue = money(r.revenue);
      const cost = money(r.cost);
      // Money shown in the currency's minor unit, as the report writes it (roundReportMoney); ROI from the exact figures, as there.
      return [r.campaignId, { enrolled: r.enrolled, sent: r.sent, cost: roundMoney(cost, currency), orders: r.orders, revenue: roundMoney(revenue, currency), roi: roi(revenue, cost) }];
    }));
    return { currency, stats };
  }
}
