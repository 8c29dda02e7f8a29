import { Injectable } from '@nestjs/common';
import type { Queryable } from '@localreach/core';
import type { SequentialState } from '../statistics/sequential-verdict';
import type { WinnerDecision } from '../statistics/winner-decision';

/** A split step with automatic winner selection in an active campaign's current version, not decided yet. */
export interface OpenExperiment {
  businessId: string;
  campaignId: string;
  version: number;
  stepId: string;
  /** Variant labels in branch order (the first is the control) and their weights. */
  branches: { name?: string; weight: number }[];
  metric: 'click_rate' | 'conversion_rate' | 'revenue_per_recipient';
  confidence: number;
  minSamplePerVariant: number;
  minDurationSeconds: number;
  /** The relative lift the always-valid test is tuned to (its mixing standard deviation over the baseline); null for the default. */
  expectedLift: number | null;
  /** The first enrolment in this version: when the experiment started; null before anyone enrolled. */
  startedAt: Date | null;
  /** The business's click window: the conversion window of campaigns without a goal. */
  clickWindow: string;
}

/**
 * Automatic winner decisions. `openExperiments` is the worker's scan across businesses (like
 * the journey and delivery claims); everything it returns carries its business id, and
 * `record` writes under it. A decision is recorded once per (campaign, version, split).
 */
@Injectable()
export class ExperimentDecisionRepository {
  async openExperiments(q: Queryable, limit: number): Promise<OpenExperiment[]> {
    return q.query(
      `SELECT c.business_id AS "businessId", c.id AS "campaignId", c.version, s.step->>'id' AS "stepId", s.step->'branches' AS branches,
              s.step->'autoWinner'->>'metric' AS metric,
              coalesce((s.step->'autoWinner'->>'confidence')::float8, 0.95) AS confidence,
              coalesce((s.step->'autoWinner'->>'minSamplePerVariant')::int, 100) AS "minSamplePerVariant",
              extract(epoch FROM coalesce(s.step->'autoWinner'->>'minDuration', 'P7D')::interval)::float8 AS "minDurationSeconds",
              (s.step->'autoWinner'->>'expectedLift')::float8 AS "expectedLift",
              (SELECT min(e.enrolled_at) FROM enrollment e WHERE e.business_id = c.business_id AND e.campaign_id = c.id AND e.version = c.version) AS "startedAt",
              coalesce(b.settings #>> '{attribution,clickWindow}', 'P7D') AS "clickWindow"
         FROM campaign c
         JOIN campaign_version v ON v.campaign_id = c.id AND v.version = c.version
         JOIN business b ON b.id = c.business_id
        CROSS JOIN LATERAL jsonb_array_elements(v.definition->'steps') AS s(step)
        WHERE c.status = 'active' AND s.step->>'type' = 'split' AND s.step ? 'autoWinner'
          AND NOT EXISTS (SELECT 1 FROM experiment_decision d WHERE d.campaign_id = c.id AND d.version = c.version AND d.step_id = s.step->>'id')
        ORDER BY c.id, s.step->>'id'
        LIMIT $1`,
      [limit],
    );
  }

  /** Records a decision; false when one was already recorded (another worker, a rerun). */
  async record(q: Queryable, experiment: OpenExperiment, decision: WinnerDecision, at: Date): Promise<boolean> {
    const rows = await q.query<unknown[]>(
      `INSERT INTO experiment_decision (business_id, campaign_id, version, step_id, metric, winner, reason, numbers, decided_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (campaign_id, version, step_id) DO NOTHING
       RETURNING 1`,
      [experiment.businessId, experiment.campaignId, experiment.version, experiment.stepId, experiment.metric, decision.winner, decision.reason,
        JSON.stringify(decision.numbers), at],
    );
    return rows.length > 0;
  }

  /** The always-valid tests' looks so far for one split of one version; null before the first pass. */
  async sequentialState(q: Queryable, businessId: string, campaignId: string, version: number, stepId: string): Promise<SequentialState | null> {
    const rows = await q.query<{ state: SequentialState }[]>(
      `SELECT state FROM experiment_sequential_state WHERE business_id = $1 AND campaign_id = $2 AND version = $3 AND step_id = $4`,
      [businessId, campaignId, version, stepId],
    );
    return rows[0]?.state ?? null;
  }

  /** Stores the looks after a pass; the next pass (and the report) continues from them. */
  async saveSequentialState(q: Queryable, experiment: OpenExperiment, state: SequentialState, at: Date): Promise<void> {
    await q.query(
      `INSERT INTO experiment_sequential_state (business_id, campaign_id, version, step_id, state, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (business_id, campaign_id, version, step_id) DO UPDATE SET state = EXCLUDED.state, updated_at = EXCLUDED.updated_at`,
      [experiment.businessId, experiment.campaignId, experiment.version, experiment.stepId, JSON.stringify(state), at],
    );
  }
}
