import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { CLOCK, isDatabaseUnreachable, SegmentStalenessRepository, type Clock } from '@localreach/core';
import { compileSegment, type SegmentDefinition } from '@localreach/segmentation';
import { CampaignRepository } from '../campaigns/campaign.repository';
import type { CampaignDefinition } from '../definition';
import { EnrollmentRepository, type Enrollment, type EnrollmentUpdate } from '../enrollment/enrollment.repository';
import { endOfLocalDay, isCatchUp } from '../scheduling';
import { walkJourney, type WalkResult } from './journey-walker';
import { JourneyRepository, type NewSend, type StepLogEntry } from './journey.repository';

/** Why a run scheduled at a local time was skipped: the worker reached it after that local day had ended. */
export const MISSED_LOCAL_DAY = 'missed_local_day';

/** A failing enrolment is retried this many times (backoff 1, 2, 4, 8 min) before it is marked failed. */
const MAX_ATTEMPTS = 5;

interface BatchContext {
  tx: EntityManager;
  now: Date;
  definitions: Map<string, CampaignDefinition>;
  zones: Map<string, string>;
  businessZones: Map<string, string>;
  /** Decided automatic A/B winners per campaign version. */
  winners: Map<string, Record<string, string>>;
}

/**
 * Advances due enrolments in batches: each batch is one transaction that
 * locks its enrolments (SKIP LOCKED, so any number of workers share the
 * work), checks goals, walks each journey to its next wait, queues the sends
 * and writes everything back together. A crash rolls the whole batch back;
 * the unique (enrolment, step_seq) on messages makes a re-run queue nothing twice.
 */
@Injectable()
export class JourneyService {
  private readonly logger = new Logger(JourneyService.name);
  /** Versions never change once enrolments run on them, so they are cached for the process's life. */
  private readonly definitionCache = new Map<string, CampaignDefinition>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly enrollments: EnrollmentRepository,
    private readonly campaigns: CampaignRepository,
    private readonly journeys: JourneyRepository,
    private readonly staleness: SegmentStalenessRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Runs one batch of due enrolments; returns how many were processed. */
  async runDue(limit = 500): Promise<number> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (tx) => {
      const due = await this.enrollments.lockDue(tx, now, limit);
      if (due.length === 0) return 0;
      const definitions = await this.definitions(tx, due);
      const ctx: BatchContext = {
        tx,
        now,
        definitions,
        zones: await this.journeys.zones(tx, [...new Set(due.map((e) => e.customerId))]),
        businessZones: await this.journeys.businessZones(tx, [...new Set(due.map((e) => e.businessId))]),
        winners: await this.winners(tx, due, definitions),
      };
      const converted = await this.goalsReached(ctx, due);
      const updates: EnrollmentUpdate[] = [];
      const sends: NewSend[] = [];
      const steps: StepLogEntry[] = [];
      for (const e of due) {
        if (converted.has(e.id)) {
          updates.push(ended(e, 'converted', 'goal_reached'));
          // The step it was waiting to run never runs.
          if (e.stepId !== null) steps.push(unrunStep(e, 'skipped', 'goal_reached'));
          continue;
        }
        if (e.localDayEndsAt !== null && now >= e.localDayEndsAt) {
          // Catch-up policy: a run scheduled at a local time is not made up on a later day (a birthday email at 01:16 the next morning).
          updates.push(ended(e, 'exited', MISSED_LOCAL_DAY));
          if (e.stepId !== null) steps.push(unrunStep(e, 'skipped', MISSED_LOCAL_DAY));
          continue;
        }
        updates.push(await this.advance(ctx, e, sends, steps));
      }
      await this.journeys.queueSends(tx, sends, now);
      await this.journeys.logSteps(tx, steps, now);
      await this.enrollments.applyUpdates(tx, now, updates);
      return due.length;
    });
  }

  private async advance(ctx: BatchContext, e: Enrollment, sends: NewSend[], steps: StepLogEntry[]): Promise<EnrollmentUpdate> {
    const definition = ctx.definitions.get(versionKey(e))!;
    const zone = ctx.zones.get(e.customerId) ?? ctx.businessZones.get(e.businessId)!;
    // A late run scheduled at a local time sends within its local day or not at all (quiet hours may defer it, not past the day).
    const sendBy = e.localDayEndsAt !== null && e.nextRunAt !== null && isCatchUp(e.nextRunAt, ctx.now) ? e.localDayEndsAt : null;
    try {
      const result = await walkJourney({
        definition,
        state: { stepId: e.stepId, stepSeq: e.stepSeq, variants: e.variants },
        holdout: e.holdout,
        zone,
        now: ctx.now,
        // Nothing has run yet: the journey's first waits count from the trigger's time.
        waitsFrom: e.stepSeq === 0 ? e.anchoredAt : ctx.now,
        evaluate: (condition) => this.evaluateBranch(ctx, e, condition),
        winners: ctx.winners.get(versionKey(e)),
      });
      await this.applyCustomerUpdates(ctx, e, result);
      sends.push(...result.sends.map((s) => ({
        ...s, businessId: e.businessId, customerId: e.customerId, campaignId: e.campaignId, campaignVersion: e.version, enrollmentId: e.id,
        priority: definition.priority ?? 'normal', sendBy,
      })));
      // Sends are traced by their message rows; every other step by the step log.
      for (const v of result.visits) {
        if (v.outcome !== 'queued') steps.push({ businessId: e.businessId, enrollmentId: e.id, stepSeq: v.stepSeq, stepId: v.stepId, outcome: v.outcome, detail: v.detail, until: v.until });
      }
      return {
        id: e.id, state: result.ended ?? 'active', stepId: result.state.stepId, stepSeq: result.state.stepSeq, nextRunAt: result.ended ? null : result.nextRunAt,
        localDayEndsAt: !result.ended && result.waitsForLocalTime && result.nextRunAt ? endOfLocalDay(result.nextRunAt, zone) : null,
        variants: result.state.variants, endReason: result.ended === 'exited' ? 'exit_step' : result.ended === 'completed' ? 'journey_end' : null, attempts: 0, lastError: null,
      };
    } catch (error) {
      // Not this enrolment's fault, and the batch's transaction is gone with the connection: the whole batch fails (and
      // runs again once the database is back) instead of each enrolment logging and spending one of its attempts.
      if (isDatabaseUnreachable(error)) throw error;
      return this.failure(ctx, e, error, steps);
    }
  }

  private failure(ctx: BatchContext, e: Enrollment, error: unknown, steps: StepLogEntry[]): EnrollmentUpdate {
    const message = error instanceof Error ? error.message : String(error);
    const attempts = e.attempts + 1;
    this.logger.warn(`enrollment ${e.id} step ${e.stepId} failed (attempt ${attempts}): ${message}`);
    const giveUp = attempts >= MAX_ATTEMPTS;
    if (giveUp && e.stepId !== null) steps.push(unrunStep(e, 'failed', 'journey_error'));
    return {
      id: e.id, state: giveUp ? 'failed' : 'active', stepId: e.stepId, stepSeq: e.stepSeq, variants: e.variants, endReason: giveUp ? 'error' : null,
      localDayEndsAt: e.localDayEndsAt,
      nextRunAt: giveUp ? null : new Date(ctx.now.getTime() + 60_000 * 2 ** (attempts - 1)), attempts, lastError: message.slice(0, 1000),
    };
  }

  /**
   * Branch conditions are segment rules checked for this one customer, with
   * `sinceEnrollment` counted from the enrolment's anchor (when its trigger
   * happened), so an order placed between a late-posted cart and its enrolment counts.
   */
  private async evaluateBranch(ctx: BatchContext, e: Enrollment, condition: SegmentDefinition): Promise<boolean> {
    const query = compileSegment(condition, { businessId: e.businessId, now: ctx.now, businessTimezone: ctx.businessZones.get(e.businessId)!, enrolledAt: e.anchoredAt });
    // A savepoint keeps one enrolment's failing query from aborting the whole batch.
    await ctx.tx.query('SAVEPOINT branch');
    try {
      const hit = await this.journeys.isMember(ctx.tx, query, e.customerId);
      await ctx.tx.query('RELEASE SAVEPOINT branch');
      return hit;
    } catch (error) {
      await ctx.tx.query('ROLLBACK TO SAVEPOINT branch');
      throw error;
    }
  }

  private async applyCustomerUpdates(ctx: BatchContext, e: Enrollment, result: WalkResult): Promise<void> {
    for (const step of result.updates) await this.journeys.updateCustomer(ctx.tx, e.businessId, e.customerId, step);
    if (result.updates.length > 0) await this.staleness.markStale(ctx.tx, e.businessId, ['customer']);
  }

  private async goalsReached(ctx: BatchContext, due: Enrollment[]): Promise<Set<string>> {
    const reached = new Set<string>();
    const byCampaign = new Map<string, Enrollment[]>();
    for (const e of due) {
      if (!ctx.definitions.get(versionKey(e))!.goal) continue;
      byCampaign.set(versionKey(e), [...(byCampaign.get(versionKey(e)) ?? []), e]);
    }
    for (const [key, list] of byCampaign) {
      const goal = ctx.definitions.get(key)!.goal!;
      const hits = await this.enrollments.goalsReached(ctx.tx, list[0].businessId, list, goal, ctx.now);
      for (const id of hits.keys()) reached.add(id);
    }
    return reached;
  }

  /** Winners decided for the batch's campaigns that run automatic A/B selection (none queried otherwise). */
  private async winners(tx: EntityManager, due: Enrollment[], definitions: Map<string, CampaignDefinition>): Promise<Map<string, Record<string, string>>> {
    const auto = new Map<string, { businessId: string; campaignId: string }>();
    for (const e of due) {
      if (definitions.get(versionKey(e))!.steps.some((s) => s.type === 'split' && s.autoWinner)) auto.set(e.campaignId, { businessId: e.businessId, campaignId: e.campaignId });
    }
    return this.journeys.decidedWinners(tx, [...auto.values()]);
  }

  private async definitions(tx: EntityManager, due: Enrollment[]): Promise<Map<string, CampaignDefinition>> {
    const out = new Map<string, CampaignDefinition>();
    for (const e of due) {
      const key = versionKey(e);
      if (out.has(key)) continue;
      let definition = this.definitionCache.get(key);
      if (!definition) {
        definition = await this.campaigns.findVersion(tx, e.campaignId, e.version);
        if (!definition) throw new Error(`campaign ${e.campaignId} has no version ${e.version}`);
        this.definitionCache.set(key, definition);
      }
      out.set(key, definition);
    }
    return out;
  }
}

function versionKey(e: Pick<Enrollment, 'campaignId' | 'version'>): string {
  return `${e.campaignId}:${e.version}`;
}

/** A log row for the step an ending enrolment was about to run, at the sequence number it would have had. */
function unrunStep(e: Enrollment, outcome: 'skipped' | 'failed', detail: string): StepLogEntry {
  return { businessId: e.businessId, enrollmentId: e.id, stepSeq: e.stepSeq + 1, stepId: e.stepId as string, outcome, detail, until: null };
}

function ended(e: Enrollment, state: 'converted' | 'exited', reason: string): EnrollmentUpdate {
  return {
    id: e.id, state, stepId: e.stepId, stepSeq: e.stepSeq, nextRunAt: null, localDayEndsAt: null, variants: e.variants, endReason: reason, attempts: e.attempts,
    lastError: null,
  };
}
