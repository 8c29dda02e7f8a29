/**
 * The one definition of what became of a message and of an enrolment, as SQL
 * fragments shared by the customer trace and the recipients list (so the two
 * can never disagree). Message fragments expect `message m` of campaign `k`
 * and customer `c`; the enrolment fragments expect `enrollment e`, `k`, `c`.
 */

/** Consent sources that mean the customer opted out themselves (a no_consent suppression is then reported as unsubscribed). */
const OPT_OUTS = `('unsubscribe_link', 'preference_page', 'sms_keyword', 'carrier_stop')`;

/** First human open and click of `m` (machine opens and link-scanner clicks do not count). */
export const MESSAGE_ENGAGEMENT = `LEFT JOIN LATERAL (
    SELECT min(g.occurred_at) FILTER (WHERE g.type = 'opened') AS opened_at, min(g.occurred_at) FILTER (WHERE g.type = 'clicked') AS clicked_at
      FROM engagement g
     WHERE g.business_id = m.business_id AND g.message_id = m.id AND g.type IN ('opened', 'clicked') AND NOT g.machine) g ON true`;

const FAILED = `m.status IN ('failed', 'bounced', 'undelivered')`;
const PAUSED = `(m.status IN ('queued', 'held') AND k.status = 'paused')`;

const OUTCOME = `CASE
    WHEN ${FAILED} THEN 'failed'
    WHEN m.status = 'suppressed' THEN 'skipped'
    WHEN ${PAUSED} OR m.status = 'held' THEN 'held'
    WHEN m.status IN ('queued', 'sending') THEN 'queued'
    WHEN g.clicked_at IS NOT NULL THEN 'clicked'
    WHEN g.opened_at IS NOT NULL THEN 'opened'
    WHEN m.status = 'delivered' THEN 'delivered'
    ELSE 'sent' END`;

const OPTED_OUT = `coalesce(CASE m.channel
    WHEN 'email' THEN c.consent_email = 'denied' AND c.consent_email_source IN ${OPT_OUTS} AND c.consent_email_at <= m.updated_at
    ELSE c.consent_sms = 'denied' AND c.consent_sms_source IN ${OPT_OUTS} AND c.consent_sms_at <= m.updated_at END, false)`;

const REASON = `CASE
    WHEN ${FAILED} THEN coalesce(m.error_code, m.status)
    WHEN m.status = 'suppressed' THEN CASE
      WHEN m.error_code = 'suppressed_address' THEN 'suppressed'
      WHEN m.error_code = 'no_consent' AND ${OPTED_OUT} THEN 'unsubscribed'
      ELSE coalesce(m.error_code, 'suppressed') END
    WHEN ${PAUSED} THEN 'campaign_paused'
    WHEN m.status = 'held' THEN m.held_reason
    WHEN m.status = 'queued' THEN m.error_code
    ELSE NULL END`;

const UNTIL = `CASE WHEN m.status IN ('queued', 'held') AND k.status <> 'paused' THEN m.next_attempt_at END`;

// Which of an enrolment's messages tells its story best: the furthest it got, else what is still to come, else why not.
const RANK = `CASE ${OUTCOME} WHEN 'clicked' THEN 9 WHEN 'opened' THEN 8 WHEN 'delivered' THEN 7 WHEN 'sent' THEN 6
    WHEN 'held' THEN 5 WHEN 'queued' THEN 4 WHEN 'failed' THEN 3 ELSE 2 END`;

/** `o.outcome`, `o.reason`, `o.until`, `o.rank` of message `m` (after MESSAGE_ENGAGEMENT). */
export const MESSAGE_OUTCOME = `CROSS JOIN LATERAL (SELECT ${OUTCOME} AS outcome, ${REASON} AS reason, ${UNTIL} AS until, ${RANK} AS rank) o`;

/**
 * `h.outcome`, `h.reason`, `h.until` of enrolment `e`: its best message's
 * (`best.step_id`, `best.channel`, `best.sent_at`, `best.opened_at`, `best.clicked_at` are that message's)
 * (a queued one reads "pending"), else the enrolment's own story: holdout,
 * journey error, goal reached, paused campaign, still waiting, archived, the
 * last branch taken, or how the journey ended.
 */
export const ENROLLMENT_OUTCOME = `LEFT JOIN LATERAL (
    SELECT o.outcome, o.reason, o.until, m.step_id, m.channel, m.sent_at, g.opened_at, g.clicked_at FROM message m
    ${MESSAGE_ENGAGEMENT}
    ${MESSAGE_OUTCOME}
     WHERE m.business_id = e.business_id AND m.enrollment_id = e.id
     ORDER BY o.rank DESC, m.step_seq DESC LIMIT 1) best ON true
  LEFT JOIN LATERAL (
    SELECT s.detail FROM enrollment_step s
     WHERE s.enrollment_id = e.id AND s.outcome = 'branched' ORDER BY s.step_seq DESC LIMIT 1) br ON true
  CROSS JOIN LATERAL (SELECT
    CASE
      WHEN best.outcome = 'queued' THEN 'pending'
      WHEN best.outcome IS NOT NULL THEN best.outcome
      WHEN e.holdout THEN 'skipped'
      WHEN e.state = 'failed' THEN 'failed'
      WHEN e.state = 'converted' THEN 'skipped'
      WHEN e.state = 'active' AND k.status = 'paused' THEN 'held'
      WHEN e.state = 'active' THEN 'pending'
      ELSE 'skipped' END AS outcome,
    CASE
      WHEN best.outcome IS NOT NULL THEN best.reason
      WHEN e.holdout THEN 'holdout'
      WHEN e.state = 'failed' THEN 'journey_error'
      WHEN e.state = 'converted' THEN 'goal_reached'
      WHEN e.state = 'active' AND k.status = 'paused' THEN 'campaign_paused'
      WHEN e.state = 'active' THEN NULL
      WHEN e.end_reason = 'campaign_archived' THEN 'campaign_archived'
      WHEN br.detail IS NOT NULL THEN 'branch_taken:' || br.detail
      ELSE coalesce(e.end_reason, 'journey_end') END AS reason,
    CASE
      WHEN best.outcome IS NOT NULL THEN best.until
      WHEN e.state = 'active' AND k.status <> 'paused' AND NOT e.holdout THEN e.next_run_at END AS until) h`;
