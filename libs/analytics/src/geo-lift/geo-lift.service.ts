import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CLOCK, type Clock, DomainError, inReportTransaction, isUuid, type Queryable, type Tenant } from '@localreach/core';
import { haversineMeters } from '@localreach/geo';
import { areaTarget, type AreaTarget, type GeoArea, clusterCellMeters, mercatorCellSize, mercatorPolygonLiteral, ringCenter } from './geo-lift-area';
import { estimateGeoLift, type GeoLiftResult } from './geo-lift-estimator';
import { GeoLiftRepository, type GeoLiftCampaign, type LocatedStore } from './geo-lift.repository';
import { assembleGeoLift, type GeoLiftReport } from './geo-lift-report';

/** Window lengths in days when the caller gives none. */
export const GEO_LIFT_DEFAULTS = { preDays: 28, postDays: 28, matchDays: 84 } as const;
const DAY = 86_400_000;

export interface GeoLiftOptions {
  /** Store ids whose surroundings are the comparison; omitted: every other located store (auto). */
  comparisonStoreIds?: string[];
  preDays?: number;
  postDays?: number;
  matchDays?: number;
}

/** Difference-in-differences lift of a campaign aimed at an area (see docs/reports.md, "Geo lift"). */
@Injectable()
export class GeoLiftService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: GeoLiftRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async report(tenant: Tenant, campaignId: string, options: GeoLiftOptions = {}): Promise<GeoLiftReport> {
    const { businessId } = tenant;
    const db = this.dataSource;
    const campaign = isUuid(campaignId) ? await this.repository.findCampaign(db, businessId, campaignId) : undefined;
    if (!campaign) throw DomainError.notFound('campaign', campaignId);
    const stores = await this.repository.locatedStores(db, businessId);
    const area = await this.area(db, businessId, campaign, stores);
    if (!campaign.activatedAt) throw DomainError.invalid('CAMPAIGN_NOT_STARTED', [{ field: 'id', message: 'the campaign has never been activated: there is no start to measure from' }]);
    const comparison = this.comparisonStores(stores, area, options.comparisonStoreIds);
    const windows = this.windows(campaign.activatedAt, options);
    const rows = await inReportTransaction(db, (q) => this.repository.cells(q, businessId, {
      campaignId: campaign.id, shape: area.shape, center: area.center, radiusMeters: area.radiusMeters,
      mercatorPolygon: area.ring ? mercatorPolygonLiteral(area.ring) : null, comparisonStoreIds: comparison.map((s) => s.id), cellSize: mercatorCellSize(area),
      matchFrom: windows.matchFrom, preFrom: windows.preFrom, preMid: new Date((windows.preFrom.getTime() + windows.start.getTime()) / 2), start: windows.start, postTo: windows.postObservedTo,
    }));
    const result: GeoLiftResult = estimateGeoLift(rows, { preDays: windows.preDays, postDays: windows.postDaysObserved });
    const extra = comparison.length === 0 ? ['the business has no other store with a position whose surroundings could serve as the comparison'] : [];
    return assembleGeoLift({
      campaign: { id: campaign.id, name: campaign.name }, currency: tenant.business.currency, area, cellMeters: clusterCellMeters(area),
      comparison: { mode: options.comparisonStoreIds ? 'explicit' : 'auto', stores: comparison.map((s) => ({ id: s.id, name: s.name })) },
      windows, enrolledTreated: rows.filter((r) => r.treated).reduce((s, r) => s + r.enrolled, 0), result, extraReasons: extra,
    });
  }

  private windows(start: Date, options: GeoLiftOptions) {
    const preDays = options.preDays ?? GEO_LIFT_DEFAULTS.preDays;
    const postDays = options.postDays ?? GEO_LIFT_DEFAULTS.postDays;
    const matchDays = options.matchDays ?? GEO_LIFT_DEFAULTS.matchDays;
    const preFrom = new Date(start.getTime() - preDays * DAY);
    const postTo = new Date(start.getTime() + postDays * DAY);
    const now = this.clock.now();
    const postObservedTo = now < postTo ? (now > start ? now : start) : postTo;
    return {
      start, preFrom, matchFrom: new Date(preFrom.getTime() - matchDays * DAY), postTo, postObservedTo,
      preDays, postDays, matchDays, postDaysObserved: (postObservedTo.getTime() - start.getTime()) / DAY,
    };
  }

  /** Explicit ids must be located stores of the business outside the area; auto: every located store not of the area. */
  private comparisonStores(stores: LocatedStore[], area: GeoArea, ids: string[] | undefined): LocatedStore[] {
    if (!ids) return stores.filter((s) => !area.storeIds.includes(s.id));
    const problems = ids.flatMap((id, i) => {
      const store = stores.find((s) => s.id === id);
      if (!store) return [{ field: `comparison[${i}]`, message: 'no store of your business with a position has this id' }];
      if (area.storeIds.includes(id)) return [{ field: `comparison[${i}]`, message: "this store is in the campaign's area, so its customers are treated" }];
      return [];
    });
    if (problems.length > 0) throw DomainError.invalid('GEO_LIFT_COMPARISON', problems);
    return stores.filter((s) => ids.includes(s.id));
  }

  private async area(q: Queryable, businessId: string, campaign: GeoLiftCampaign, stores: LocatedStore[]): Promise<GeoArea> {
    const { trigger } = campaign.definition;
    const segment = trigger.segmentId && (trigger.type === 'segment' || trigger.type === 'broadcast') ? await this.repository.segmentDefinition(q, businessId, trigger.segmentId) : null;
    const target = areaTarget(campaign.definition, segment);
    if (!target) {
      throw DomainError.invalid('CAMPAIGN_NOT_AREA', [{ field: 'id', message: 'the campaign is not aimed at an area: it has no geofence trigger and no radius or polygon condition every member must meet' }]);
    }
    const area = await this.resolve(q, businessId, target, stores);
    const inside = area.ring
      ? await this.repository.storesInPolygon(q, businessId, mercatorPolygonLiteral(area.ring))
      : stores.filter((s) => haversineMeters(s.lat, s.lng, area.center.lat, area.center.lng) <= (area.radiusMeters ?? 0)).map((s) => s.id);
    return { ...area, storeIds: [...new Set([...area.storeIds, ...inside])] };
  }

  private async resolve(q: Queryable, businessId: string, target: AreaTarget, stores: LocatedStore[]): Promise<GeoArea> {
    const gone = (what: string) => DomainError.invalid('CAMPAIGN_AREA_GONE', [{ field: 'id', message: `the campaign's area names a ${what} that no longer exists` }]);
    const origin = target.from === 'trigger' ? 'from the trigger' : target.from === 'segment' ? "from the trigger's segment" : 'from the entry filter';
    switch (target.kind) {
      case 'geofence': {
        const fence = await this.repository.geofence(q, businessId, target.geofenceId);
        if (!fence) throw gone('geofence');
        const storeIds = fence.storeId ? [fence.storeId] : [];
        const description = `geofence "${fence.name}", ${origin}`;
        if (fence.kind === 'polygon' && fence.polygon) {
          const ring = fence.polygon.coordinates[0];
          return { shape: 'polygon', center: ringCenter(ring), radiusMeters: null, ring, description, storeIds };
        }
        return { shape: 'circle', center: { lat: fence.centerLat as number, lng: fence.centerLng as number }, radiusMeters: fence.radiusM, ring: null, description, storeIds };
      }
      case 'nearStore': {
        const store = stores.find((s) => s.id === target.storeId);
        if (!store) throw gone('store (with a position)');
        return { shape: 'circle', center: { lat: store.lat, lng: store.lng }, radiusMeters: target.radiusMeters, ring: null,
          description: `within ${target.radiusMeters} m of store "${store.name}", ${origin}`, storeIds: [store.id] };
      }
      case 'nearPoint':
        return { shape: 'circle', center: { lat: target.lat, lng: target.lng }, radiusMeters: target.radiusMeters, ring: null,
          description: `within ${target.radiusMeters} m of ${target.lat}, ${target.lng}, ${origin}`, storeIds: [] };
      case 'polygon':
        return { shape: 'polygon', center: ringCenter(target.ring), radiusMeters: null, ring: target.ring, description: `a drawn polygon, ${origin}`, storeIds: [] };
    }
  }
}
