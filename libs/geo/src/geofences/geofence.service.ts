import { Injectable } from '@nestjs/common';
import {
  AuditTrail, decodeTimeIdCursor, fieldsSet, type Queryable, DomainError, encodeCursor, isUuid, LocationRepository, ProblemList, SegmentStalenessRepository, type Tenant,
} from '@localreach/core';
import { geofenceDraftOf } from './geofence-draft';
import type { GeofenceInput, GeofencePatch } from './geofence.input';
import { GeofenceRepository } from './geofence.repository';
import type { Geofence, GeofenceDraft } from './geofence.types';

export interface GeofencePage {
  items: Geofence[];
  nextCursor: string | null;
}

/** Geofence CRUD for one business: circles or polygons, optionally tied to one of its stores. */
@Injectable()
export class GeofenceService {
  constructor(
    private readonly geofences: GeofenceRepository,
    private readonly stores: LocationRepository,
    private readonly staleness: SegmentStalenessRepository,
    private readonly audit: AuditTrail,
  ) {}

  async create(tenant: Tenant, input: GeofenceInput): Promise<Geofence> {
    const draft = await this.validate(tenant, input);
    return this.audit.change(
      tenant,
      async (tx) => {
        const created = await this.geofences.insert(tenant.businessId, draft, tx);
        await this.fencesChanged(tx, tenant);
        return created;
      },
      (created) => ({ action: 'geofence.created', entity: 'geofence', entityId: created.id, details: { name: created.name, kind: created.kind, storeId: created.storeId } }),
    );
  }

  async get(tenant: Tenant, id: string): Promise<Geofence> {
    const geofence = isUuid(id) ? await this.geofences.findById(tenant.businessId, id) : undefined;
    if (!geofence) throw DomainError.notFound('geofence', id);
    return geofence;
  }

  async update(tenant: Tenant, id: string, patch: GeofencePatch): Promise<Geofence> {
    const current = await this.get(tenant, id);
    const draft = await this.validate(tenant, patch, current);
    return this.audit.change(
      tenant,
      async (tx) => {
        const updated = await this.geofences.update(tenant.businessId, id, draft, tx);
        if (!updated) throw DomainError.notFound('geofence', id);
        await this.fencesChanged(tx, tenant);
        return updated;
      },
      (updated) => ({ action: 'geofence.updated', entity: 'geofence', entityId: id, details: { fields: fieldsSet(patch), name: updated.name, kind: updated.kind } }),
    );
  }

  async remove(tenant: Tenant, id: string): Promise<void> {
    if (!isUuid(id)) throw DomainError.notFound('geofence', id);
    await this.audit.change(
      tenant,
      async (tx) => {
        if (!(await this.geofences.softDelete(tenant.businessId, id, tx))) throw DomainError.notFound('geofence', id);
        await this.fencesChanged(tx, tenant);
      },
      () => ({ action: 'geofence.deleted', entity: 'geofence', entityId: id }),
    );
  }

  // `inside { geofenceId }` rules read the fence's shape.
  private fencesChanged(q: Queryable, tenant: Tenant): Promise<void> {
    return this.staleness.markStale(q, tenant.businessId, ['geofence']);
  }

  async list(tenant: Tenant, limit: number, cursor?: string): Promise<GeofencePage> {
    const after = cursor === undefined ? undefined : decodeTimeIdCursor(cursor);
    const page = await this.geofences.list(tenant.businessId, limit + 1, after);
    const items = page.items.slice(0, limit);
    const more = page.items.length > limit;
    return { items, nextCursor: more ? encodeCursor([page.sortKeys[limit - 1], items[limit - 1].id]) : null };
  }

  /**
   * Every field problem at once, including a store that is not this
   * business's (named as storeId, never a 404). An unchanged storeId is not
   * re-checked, so a geofence whose store was later removed stays editable.
   */
  private async validate(tenant: Tenant, input: GeofencePatch, base?: Geofence): Promise<GeofenceDraft> {
    const out = new ProblemList();
    const { draft, storeId } = geofenceDraftOf(input, out, base);
    if (storeId && storeId !== base?.storeId && !(await this.stores.findById(tenant.businessId, storeId))) out.add('storeId', `no store ${storeId} in this business`);
    if (!draft || !out.ok) throw DomainError.invalid('INVALID_GEOFENCE', out.problems);
    return draft;
  }
}
