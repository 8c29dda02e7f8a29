import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  APP_CONFIG, AuditTrail, CLOCK, ConcurrencyLimiter, CustomerRepository, type AppConfig, decodeCursor, type Clock, DomainError, encodeCursor, isUuid, decodeTimeIdCursor, SegmentStalenessRepository, type Customer,
  isDatabaseUnreachable,
  type Tenant, fieldsSet,
} from '@localreach/core';
import type { SegmentDefinition } from '../segment-definition';
import { compileSegment } from '../segment-compiler';
import { validateDefinition } from '../segment-validator';
import { canonicalSegmentDefinition } from '../event-type-alias';
import { segmentReads, WHOLE_SEGMENT_PLAN, wholeSegmentBehaviour } from '../segment-reads';
import { checkReferences } from './segment-references';
import type { SegmentInput, SegmentPatch, SegmentPreviewInput } from './segment.input';
import { SegmentRepository, type MemberQuery, type RefreshOutcome, type Segment } from './segment.repository';

/** What is stored of a checked segment input. */
interface SegmentFields {
  name: string;
  description: string | null;
  definition: SegmentDefinition;
}

/** Every segment is re-evaluated at least this often, as time windows slide without new data. */
export const SEGMENT_MAX_AGE_SECONDS = 600;

const PREVIEW_SAMPLE = 20;
const CSV_PAGE = 1000;
const CSV_COLUMNS = ['id', 'externalId', 'email', 'phone', 'firstName', 'lastName', 'birthday', 'timezone', 'lat', 'lng', 'tags'];

/**
 * RFC 4180 quoting. Text that a spreadsheet would run as a formula (= @, or + -
 * not followed by a digit, so E.164 phones stay intact) gets a leading quote.
 */
export function toCsvLine(cells: unknown[]): string {
  return (
    cells
      .map((cell) => {
        if (cell === null || cell === undefined) return '';
        let text = String(cell);
        if (typeof cell === 'string' && /^([=@\t\r]|[+-](?!\d))/.test(text)) text = `'${text}`;
        return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
      })
      .join(',') + '\r\n'
  );
}

@Injectable()
export class SegmentService {
  private readonly logger = new Logger(SegmentService.name);
  /** Previews and refreshes a caller runs now: each can scan every customer, so one business cannot run many at once. */
  private readonly queries: ConcurrencyLimiter;

  constructor(
    private readonly dataSource: DataSource,
    private readonly segments: SegmentRepository,
    private readonly customers: CustomerRepository,
    private readonly staleness: SegmentStalenessRepository,
    private readonly audit: AuditTrail,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.queries = new ConcurrencyLimiter(config.segmentQueriesPerBusiness, Math.max(1, Math.floor(config.databasePoolSize / 2)));
  }

  /** Runs a segment query for a caller within the per-business cap (429 SEGMENT_QUERIES_BUSY beyond). */
  private limited<T>(tenant: Tenant, task: () => Promise<T>): Promise<T> {
    const refuse = (limit: 'perKey' | 'total') => {
      const which = limit === 'perKey' ? `${this.config.segmentQueriesPerBusiness} segment previews or refreshes at once per business` : 'as many segment queries at once as this server runs';
      return DomainError.tooManyRequests('SEGMENT_QUERIES_BUSY', `at most ${which}; try again when one has finished`, 2, [{ field: 'definition', message: `at most ${which}` }]);
    };
    return this.queries.run(tenant.businessId, refuse, task);
  }

  async create(tenant: Tenant, input: SegmentInput): Promise<Segment> {
    const fields = await this.fieldsOf(tenant, input);
    return this.audit.change(
      tenant,
      (tx) => this.segments.insert(tenant.businessId, { ...fields, reads: segmentReads(fields.definition) }, tx),
      (created) => ({ action: 'segment.created', entity: 'segment', entityId: created.id, details: { name: created.name, definition: fields.definition } }),
    );
  }

  /** Fields given replace the stored ones. */
  async update(tenant: Tenant, id: string, patch: SegmentPatch): Promise<Segment> {
    const current = await this.get(tenant, id);
    // The stored definition was checked when it was saved.
    const stored = { name: current.name, description: current.description, definition: current.definition as SegmentDefinition };
    const input = await this.fieldsOf(tenant, { ...stored, ...patch });
    const definitionChanged = JSON.stringify(input.definition) !== JSON.stringify(current.definition);
    return this.audit.change(
      tenant,
      async (tx) => {
        const updated = await this.segments.update(tenant.businessId, id, { ...input, reads: segmentReads(input.definition), definitionChanged }, tx);
        if (!updated) throw DomainError.notFound('segment', id);
        return updated;
      },
      (updated) => ({
        action: 'segment.updated', entity: 'segment', entityId: id,
        details: { fields: fieldsSet(patch), name: updated.name, ...(definitionChanged ? { definition: input.definition } : {}) },
      }),
    );
  }

  async get(tenant: Tenant, id: string): Promise<Segment> {
    const segment = isUuid(id) ? await this.segments.findById(tenant.businessId, id) : undefined;
    if (!segment) throw DomainError.notFound('segment', id);
    return segment;
  }

  async list(tenant: Tenant, limit: number, cursor?: string): Promise<{ items: Segment[]; nextCursor: string | null }> {
    const after = cursor === undefined ? undefined : decodeTimeIdCursor(cursor);
    const rows = await this.segments.list(tenant.businessId, limit + 1, after);
    const items = rows.slice(0, limit).map(({ sortKey: _sortKey, ...segment }) => segment);
    const last = rows[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.sortKey, last.id]) : null };
  }

  async remove(tenant: Tenant, id: string): Promise<void> {
    if (!isUuid(id)) throw DomainError.notFound('segment', id);
    await this.audit.change(
      tenant,
      async (tx) => {
        if (!(await this.segments.softDelete(tenant.businessId, id, tx))) throw DomainError.notFound('segment', id);
      },
      () => ({ action: 'segment.deleted', entity: 'segment', entityId: id }),
    );
  }

  /** Count and a sample of an unsaved definition, evaluated now. */
  async preview(tenant: Tenant, input: SegmentPreviewInput): Promise<{ count: number; sample: Customer[]; tookMs: number }> {
    const { definition } = input;
    await this.checkReferences(tenant, definition);
    const query = this.compile(tenant.businessId, tenant.business.timezone, definition);
    const started = performance.now();
    const { count, sampleIds } = await this.limited(tenant, () => this.segments.preview(query, PREVIEW_SAMPLE));
    const tookMs = Math.round((performance.now() - started) * 10) / 10;
    return { count, sample: await this.customers.findByIds(tenant.businessId, sampleIds), tookMs };
  }

  /** One page of the stored (materialised) members. */
  async members(tenant: Tenant, id: string, limit: number, cursor?: string): Promise<{ items: Customer[]; nextCursor: string | null }> {
    await this.get(tenant, id);
    const afterId = cursor === undefined ? undefined : this.decodeMemberCursor(cursor);
    const ids = await this.segments.memberIds(tenant.businessId, id, limit + 1, afterId);
    const pageIds = ids.slice(0, limit);
    const items = await this.customers.findByIds(tenant.businessId, pageIds);
    const lastId = pageIds[pageIds.length - 1];
    return { items, nextCursor: ids.length > limit && lastId ? encodeCursor([lastId]) : null };
  }

  /** All stored members as CSV lines (header first), read a page at a time so any size streams. */
  async *membersCsv(tenant: Tenant, id: string): AsyncGenerator<string> {
    await this.get(tenant, id);
    yield toCsvLine(CSV_COLUMNS);
    let afterId: string | undefined;
    for (;;) {
      const ids = await this.segments.memberIds(tenant.businessId, id, CSV_PAGE, afterId);
      if (ids.length === 0) return;
      for (const c of await this.customers.findByIds(tenant.businessId, ids)) {
        yield toCsvLine([c.id, c.externalId, c.email, c.phone, c.firstName, c.lastName, c.birthday, c.timezone, c.lat, c.lng, c.tags.join(';')]);
      }
      afterId = ids[ids.length - 1];
    }
  }

  /** Refreshes one segment now (API "refresh" and tests). */
  async refreshNow(tenant: Tenant, id: string): Promise<RefreshOutcome> {
    const segment = await this.get(tenant, id);
    return this.limited(tenant, () => this.refreshOne(tenant.businessId, segment.id, segment.definition, tenant.business.timezone, tenant));
  }

  /** Worker entry point: refreshes stale and out-of-date segments; returns how many were refreshed. */
  async refreshDue(maxAgeSeconds: number, batch: number, only?: 'stale' | 'aged'): Promise<number> {
    const due = await this.segments.claimDue(maxAgeSeconds, batch, only);
    for (const s of due) {
      try {
        await this.refreshOne(s.businessId, s.id, s.definition, s.timezone);
      } catch (error) {
        // Not the segment's fault, and the error could not be recorded anyway: the pass fails and the worker backs off.
        if (isDatabaseUnreachable(error)) throw error;
        const message = error instanceof Error ? error.message : String(error);
        this.logger.error(`segment ${s.id} refresh failed: ${message}`);
        await this.segments.recordRefreshError(s.businessId, s.id, message);
      }
    }
    return due.length;
  }

  /**
   * The worker's aged-segments job: refreshes the segments not refreshed for
   * SEGMENT_MAX_AGE_SECONDS, one claim at a time (so other workers share the
   * backlog), until none is left or `signal` aborts (the worker stopping);
   * returns how many it refreshed.
   */
  async refreshAged(signal?: AbortSignal): Promise<number> {
    let refreshed = 0;
    while (!signal?.aborted && (await this.refreshDue(SEGMENT_MAX_AGE_SECONDS, 1, 'aged')) > 0) refreshed += 1;
    return refreshed;
  }

  /** `caller`: a refresh asked for through the API, recorded in the audit trail (the worker's are not). */
  private async refreshOne(businessId: string, segmentId: string, definition: unknown, timezone: string, caller?: Tenant): Promise<RefreshOutcome> {
    const { definition: valid, problems } = validateDefinition(definition);
    if (!valid) throw new Error(`stored definition is invalid: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
    const now = this.clock.now();
    const behaviour = wholeSegmentBehaviour(valid);
    const query = compileSegment(valid, { businessId, now, businessTimezone: timezone, behaviour });
    return this.dataSource.transaction(async (tx) => {
      await tx.query(WHOLE_SEGMENT_PLAN);
      const outcome = await this.segments.refreshMembership(tx, businessId, segmentId, query, now);
      // Rules may read segment_entered / segment_exited events (of other segments).
      if (outcome.events > 0) await this.staleness.markStale(tx, businessId, ['event:segment_entered', 'event:segment_exited']);
      if (caller) {
        const { entered, exited, members } = outcome;
        await this.audit.record(tx, caller, { action: 'segment.refreshed', entity: 'segment', entityId: segmentId, details: { entered, exited, members } });
      }
      return outcome;
    });
  }

  private compile(businessId: string, timezone: string, definition: Parameters<typeof compileSegment>[0], now = this.clock.now()): MemberQuery {
    return compileSegment(definition, { businessId, now, businessTimezone: timezone });
  }

  /**
   * The stored fields of a checked input (SegmentInput checked each field and
   * the rule tree); what needs the business is checked here: the stores and
   * geofences the rules name. Event conditions are stored with eventType
   * (the deprecated alias name rewritten).
   */
  private async fieldsOf(tenant: Tenant, input: SegmentInput): Promise<SegmentFields> {
    await this.checkReferences(tenant, input.definition);
    return { name: input.name.trim(), description: input.description ?? null, definition: canonicalSegmentDefinition(input.definition) };
  }

  private async checkReferences(tenant: Tenant, definition: SegmentDefinition): Promise<void> {
    const problems = await checkReferences(this.dataSource, tenant.businessId, definition);
    if (problems.length > 0) throw DomainError.invalid('INVALID_SEGMENT', problems);
  }

  private decodeMemberCursor(cursor: string): string {
    const [id] = decodeCursor(cursor, 1) ?? [];
    if (typeof id !== 'string' || !isUuid(id)) {
      throw DomainError.invalid('INVALID_CURSOR', [{ field: 'cursor', message: 'is not a cursor returned by this endpoint' }]);
    }
    return id;
  }
}
