import { Injectable } from '@nestjs/common';
import { type Queryable, resolveBusinessSettings } from '@localreach/core';
import type { LandmarkStore } from './area-labels';
import type { FairnessGroupRow } from './fairness-assembly';
import { FAIRNESS_CAMPAIGN_SQL, FAIRNESS_GROUPS_SQL, FAIRNESS_STORES_SQL } from './fairness.sql';

export type FairnessAreaKind = 'grid' | 'postal';
export type FairnessChannel = 'email' | 'sms';

export interface FairnessScope {
  campaignId: string | null;
  from: Date;
  to: Date;
  area: FairnessAreaKind;
  cellSizeM: number;
  channel: FairnessChannel | null;
}

export interface FairnessGroupsRow extends FairnessGroupRow {
  kind: 'area' | 'band';
}

/** Fairness reads; all scoped by business. */
@Injectable()
export class FairnessRepository {
  /** The campaign, when it is the business's. */
  async findCampaign(q: Queryable, businessId: string, campaignId: string): Promise<{ id: string; name: string; createdAt: Date } | undefined> {
    const [row] = await q.query<{ id: string; name: string; createdAt: Date }[]>(FAIRNESS_CAMPAIGN_SQL, [businessId, campaignId]);
    return row;
  }

  /** Whether the business asks for explicit email opt-in (it decides who is eligible for email). */
  async emailRequiresOptIn(q: Queryable, businessId: string): Promise<boolean> {
    const [row] = await q.query<{ settings: unknown }[]>(`SELECT settings FROM business WHERE id = $1`, [businessId]);
    return resolveBusinessSettings(row.settings).consent.emailRequiresOptIn;
  }

  /** The business's live stores with a position, by name: the landmarks grid cells are named by. */
  findPlacedStores(q: Queryable, businessId: string): Promise<LandmarkStore[]> {
    return q.query(FAIRNESS_STORES_SQL, [businessId]);
  }

  /** Eligible customers and their reach per area and per age band (FAIRNESS_GROUPS_SQL). */
  sumGroups(q: Queryable, businessId: string, scope: FairnessScope, emailRequiresOptIn: boolean): Promise<FairnessGroupsRow[]> {
    return q.query(FAIRNESS_GROUPS_SQL, [businessId, scope.campaignId, scope.from, scope.to, scope.area, scope.cellSizeM, scope.channel, emailRequiresOptIn]);
  }
}
