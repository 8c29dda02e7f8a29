import { CONSENT_CHANNELS, REGRANT_SOURCES, SELF_WITHDRAWAL_SOURCES } from '../customer.types';
import { CUSTOMER_CREATED_LISTENED } from '../../ops/trigger-inbox.sql';
import { identityHashSql } from '../erasure/identity-hash';
import { STAGING_COLUMNS } from './staging-row';

export const STAGE = 'customer_import_stage';
export const PLAN = 'customer_import_plan';
const LINKED = 'customer_import_linked';

export const STAGE_DDL = `CREATE TEMP TABLE ${STAGE} (
  row_no integer NOT NULL, external_id text, email text, phone text, first_name text, last_name text, birthday date, timezone text,
  lat double precision, lng double precision, address jsonb, attributes jsonb, tags text[],
  ${CONSENT_CHANNELS.map((c) => `consent_${c} text, consent_${c}_at timestamptz, consent_${c}_source text`).join(',\n  ')}
) ON COMMIT DROP`;

export const LINKED_DDL = `CREATE TEMP TABLE ${LINKED} ON COMMIT DROP AS
SELECT row_no, external_id, email, phone, row_no AS comp FROM ${STAGE}
WHERE external_id IN (SELECT external_id FROM ${STAGE} WHERE external_id IS NOT NULL GROUP BY external_id HAVING count(*) > 1)
   OR email IN (SELECT email FROM ${STAGE} WHERE email IS NOT NULL GROUP BY email HAVING count(*) > 1)
   OR phone IN (SELECT phone FROM ${STAGE} WHERE phone IS NOT NULL GROUP BY phone HAVING count(*) > 1)`;
export const ANALYZE_LINKED = `ANALYZE ${LINKED}`;

/**
 * One round of connected components over rows sharing an identifier: each row
 * takes the smallest label among rows sharing its externalId, email or phone,
 * and the label of its label (pointer jumping, so a chain of n rows settles in
 * about log2(n) rounds).
 */
export const PROPAGATE_SQL = `UPDATE ${LINKED} d SET comp = x.comp FROM (
  SELECT r.row_no, least(r.comp, ke.comp, km.comp, kp.comp, j.comp) AS comp
  FROM ${LINKED} r
  LEFT JOIN (SELECT external_id, min(comp) AS comp FROM ${LINKED} WHERE external_id IS NOT NULL GROUP BY external_id) ke ON ke.external_id = r.external_id
  LEFT JOIN (SELECT email, min(comp) AS comp FROM ${LINKED} WHERE email IS NOT NULL GROUP BY email) km ON km.email = r.email
  LEFT JOIN (SELECT phone, min(comp) AS comp FROM ${LINKED} WHERE phone IS NOT NULL GROUP BY phone) kp ON kp.phone = r.phone
  LEFT JOIN ${LINKED} j ON j.row_no = r.comp
) x WHERE x.row_no = d.row_no AND x.comp < d.comp`;

/**
 * Classifies every staged row. Rows linked through a shared externalId, email
 * or phone (directly or through other rows) describe one customer: the last
 * one wins, the others are 'duplicate'. A surviving row is matched to a live
 * customer of the business by externalId, then email, then phone, like the API
 * upsert. It fails when its identifiers point at different customers
 * (*_conflict), or when the matched customer holds a different externalId,
 * email or phone, which an import never overwrites (*_change): a shared family
 * phone must not hand one person's record to another. Several survivors
 * landing on one customer: the last one wins. Only hash joins and aggregates,
 * no per-row subqueries.
 */
const sqlList = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
/** The target's consent on a channel the row grants, after the person withdrew it themselves, by a source that may not grant it again. */
const REGRANT_REFUSED = (ch: string) =>
  `(s.consent_${ch} = 'granted' AND target_consent_${ch} = 'denied' AND target_consent_${ch}_source IN (${sqlList(SELF_WITHDRAWAL_SOURCES)})
     AND s.consent_${ch}_source NOT IN (${sqlList(REGRANT_SOURCES)}))`;
const TARGET_CONSENT = CONSENT_CHANNELS.flatMap((ch) => [`consent_${ch}`, `consent_${ch}_source`])
  .map((col) => `CASE WHEN ce.id IS NOT NULL THEN ce.${col} WHEN cm.id IS NOT NULL THEN cm.${col} ELSE cp.${col} END AS target_${col}`)
  .join(',\n    ');

/** Channels an erased person is kept suppressed on (keyed hash in erased_identity), with the customer column holding the address. */
const ERASED_CHANNELS = [['email', 'email'], ['sms', 'phone']] as const;
/** The address a row leaves on its customer: the row's own, else the matched customer's. */
const RESULTING = (col: string) => `COALESCE(s.${col}, CASE WHEN ce.id IS NOT NULL THEN ce.${col} WHEN cm.id IS NOT NULL THEN cm.${col} ELSE cp.${col} END)`;
/** The row grants consent on a channel whose address belongs to an erased person, by a source that may not (only their own opt-in may). */
const ERASED_REFUSED = (ch: string) =>
  `(erased_${ch} AND consent_${ch} = 'granted' AND consent_${ch}_source NOT IN (${sqlList(REGRANT_SOURCES)})
     AND target_consent_${ch} IS DISTINCT FROM 'granted')`;

/**
 * The plan statement. Parameters: $1 business, $2 most tags, $3 and $4 the
 * identity hash's padded keys (IdentityHashKey). `checkErased` false (the
 * business has erased nobody) leaves out the hash of every row's email and
 * phone and the joins to erased_identity.
 */
export const planSql = (checkErased: boolean) => `CREATE TEMP TABLE ${PLAN} ON COMMIT DROP AS
WITH superseded AS (
  SELECT row_no FROM (SELECT row_no, max(row_no) OVER (PARTITION BY comp) AS last_row FROM ${LINKED}) l WHERE row_no < last_row
), matched AS (
  SELECT s.row_no, s.external_id, s.email, s.phone,
    x.row_no IS NOT NULL AS superseded,
    ce.id AS by_external_id, cm.id AS by_email, cp.id AS by_phone, COALESCE(ce.id, cm.id, cp.id) AS target,
    COALESCE(cm.external_id, cp.external_id) AS matched_external_id,
    CASE WHEN ce.id IS NOT NULL THEN ce.email WHEN cm.id IS NOT NULL THEN cm.email ELSE cp.email END AS target_email,
    CASE WHEN ce.id IS NOT NULL THEN ce.phone WHEN cm.id IS NOT NULL THEN cm.phone ELSE cp.phone END AS target_phone,
    ${TARGET_CONSENT},
    ${CONSENT_CHANNELS.map((ch) => `s.consent_${ch}, s.consent_${ch}_source`).join(', ')},
    ${ERASED_CHANNELS.map(([ch]) => (checkErased ? `e_${ch}.identity_hash IS NOT NULL` : 'false') + ` AS erased_${ch}`).join(', ')},
    CASE WHEN s.tags IS NULL OR COALESCE(ce.id, cm.id, cp.id) IS NULL THEN 0
         ELSE cardinality(COALESCE(ce.tags, cm.tags, cp.tags))
              + (SELECT count(*) FROM unnest(s.tags) AS t WHERE t <> ALL (COALESCE(ce.tags, cm.tags, cp.tags))) END AS merged_tags
  FROM ${STAGE} s
  LEFT JOIN superseded x ON x.row_no = s.row_no
  LEFT JOIN customer ce ON ce.business_id = $1 AND ce.erased_at IS NULL AND ce.external_id = s.external_id
  LEFT JOIN customer cm ON cm.business_id = $1 AND cm.erased_at IS NULL AND cm.email = s.email
  LEFT JOIN customer cp ON cp.business_id = $1 AND cp.erased_at IS NULL AND cp.phone = s.phone
  ${!checkErased ? '' : ERASED_CHANNELS.map(([ch, col]) => `LEFT JOIN erased_identity e_${ch} ON e_${ch}.business_id = $1 AND e_${ch}.channel = '${ch}'
    AND e_${ch}.identity_hash = ${identityHashSql(RESULTING(col), '$3', '$4')}`).join('\n  ')}
), classified AS (
  SELECT row_no, target, by_external_id, by_email, by_phone, matched_external_id,
    CASE WHEN superseded THEN 'duplicate'
         WHEN by_email <> target THEN 'email_conflict'
         WHEN by_phone <> target THEN 'phone_conflict'
         WHEN by_external_id IS NULL AND external_id IS NOT NULL AND matched_external_id IS NOT NULL THEN 'external_id_change'
         ${ERASED_CHANNELS.map(([ch]) => `WHEN ${ERASED_REFUSED(ch)} THEN '${ch}_consent_erased'`).join('\n         ')}
         WHEN target IS NULL THEN 'insert'
         WHEN email <> target_email THEN 'email_change'
         WHEN phone <> target_phone THEN 'phone_change'
         WHEN merged_tags > $2 THEN 'too_many_tags'
         ${CONSENT_CHANNELS.map((ch) => `WHEN ${REGRANT_REFUSED(ch).replace(/\bs\./g, 'matched.')} THEN '${ch}_consent_withdrawn'`).join('\n         ')}
         ELSE 'update' END AS outcome
  FROM matched
), last_by_target AS (
  SELECT target, max(row_no) AS last_row FROM classified WHERE outcome = 'update' GROUP BY target HAVING count(*) > 1
)
SELECT c.row_no, c.target, c.by_external_id, c.by_email, c.by_phone, c.matched_external_id,
  CASE WHEN c.outcome = 'update' AND l.last_row > c.row_no THEN 'duplicate' ELSE c.outcome END AS outcome
FROM classified c LEFT JOIN last_by_target l ON l.target = c.target`;
export const ANALYZE_PLAN = `ANALYZE ${PLAN}`;
export const COUNT_OUTCOMES_SQL = `SELECT outcome, count(*)::int AS n FROM ${PLAN} GROUP BY outcome`;

const WRITTEN = STAGING_COLUMNS.filter((c) => c !== 'row_no');
/** The value each column of a new customer takes. */
const INSERTED = (c: string) => (c === 'attributes' ? `COALESCE(s.attributes, '{}')` : c === 'tags' ? `COALESCE(s.tags, '{}')` : `s.${c}`);

/**
 * New customers get ordinary random ids (gen_random_uuid, like the column
 * default), drawn up front and handed out in ascending order along the file:
 * the primary key and the (business_id, updated_at, id) index then fill in one
 * sweep instead of at random places, which is much cheaper for a large batch.
 */
export const INSERT_SQL = `WITH new_rows AS (
  SELECT row_no, row_number() OVER (ORDER BY row_no) AS n FROM ${PLAN} WHERE outcome = 'insert'
), new_ids AS (
  SELECT id, row_number() OVER (ORDER BY id) AS n FROM (SELECT gen_random_uuid() AS id FROM generate_series(1, $2::int)) g
), inserted AS (
INSERT INTO customer (id, business_id, ${WRITTEN.join(', ')}, created_at, updated_at)
SELECT i.id, $1, ${WRITTEN.map(INSERTED).join(', ')}, $3::timestamptz, $3::timestamptz
FROM new_rows r JOIN new_ids i ON i.n = r.n JOIN ${STAGE} s ON s.row_no = r.row_no
ORDER BY r.n
RETURNING id, created_at
), inbox AS (
INSERT INTO trigger_inbox (business_id, customer_id, kind, occurred_at)
SELECT $1, id, 'customer_created', created_at FROM inserted WHERE ${CUSTOMER_CREATED_LISTENED}
)
SELECT count(*)::int AS n FROM inserted`;

/** The value each column takes on a matched customer: provided fields overwrite, attributes merge, tags are added, consent moves only on a new status. */
const MERGED: [string, string][] = [
  ...['external_id', 'email', 'phone', 'first_name', 'last_name', 'birthday', 'timezone', 'lat', 'lng'].map((c): [string, string] => [c, `COALESCE(s.${c}, c.${c})`]),
  ['address', `CASE WHEN s.address IS NULL THEN c.address ELSE COALESCE(c.address, '{}') || s.address END`],
  ['attributes', `CASE WHEN s.attributes IS NULL THEN c.attributes ELSE c.attributes || s.attributes END`],
  ['tags', `CASE WHEN s.tags IS NULL THEN c.tags ELSE c.tags || ARRAY(SELECT t FROM unnest(s.tags) WITH ORDINALITY AS u(t, i) WHERE t <> ALL (c.tags) ORDER BY i) END`],
  ...CONSENT_CHANNELS.flatMap((ch): [string, string][] => {
    const moved = `s.consent_${ch} IS NOT NULL AND s.consent_${ch} IS DISTINCT FROM c.consent_${ch}`;
    return [
      [`consent_${ch}`, `COALESCE(s.consent_${ch}, c.consent_${ch})`],
      [`consent_${ch}_at`, `CASE WHEN ${moved} THEN s.consent_${ch}_at ELSE c.consent_${ch}_at END`],
      [`consent_${ch}_source`, `CASE WHEN ${moved} THEN s.consent_${ch}_source ELSE c.consent_${ch}_source END`],
    ];
  }),
];
const CHANGES = `(${MERGED.map(([col]) => `c.${col}`).join(', ')}) IS DISTINCT FROM (${MERGED.map(([, expr]) => expr).join(', ')})`;

// updated_at moves only for rows whose values really change: that is what makes a re-import a no-op.
export const UPDATE_SQL = `UPDATE customer c SET ${MERGED.map(([col, expr]) => `${col} = ${expr}`).join(',\n  ')}, updated_at = $2::timestamptz
FROM ${PLAN} p JOIN ${STAGE} s ON s.row_no = p.row_no
WHERE p.outcome = 'update' AND c.id = p.target AND c.business_id = $1 AND c.erased_at IS NULL
  AND ${CHANGES}`;

/** What UPDATE_SQL would change, without changing it (dry run). */
export const COUNT_CHANGES_SQL = `SELECT count(*)::int AS n
FROM ${PLAN} p JOIN ${STAGE} s ON s.row_no = p.row_no JOIN customer c ON c.id = p.target AND c.business_id = $1 AND c.erased_at IS NULL
WHERE p.outcome = 'update' AND ${CHANGES}`;

/** Some rows as they would be stored: the new customer, or the matched one after the merge (dry run). */
export const PREVIEW_SQL = `SELECT p.row_no, p.outcome, p.target, p.by_external_id, p.by_email, p.by_phone,
  c.id IS NOT NULL AND ${CHANGES} AS changes,
  ${WRITTEN.map((col) => {
    const value = `CASE WHEN c.id IS NULL THEN ${INSERTED(col)} ELSE ${MERGED.find(([m]) => m === col)![1]} END`;
    return col === 'birthday' ? `to_char(${value}, 'YYYY-MM-DD') AS birthday` : `${value} AS ${col}`;
  }).join(',\n  ')}
FROM ${PLAN} p JOIN ${STAGE} s ON s.row_no = p.row_no
LEFT JOIN customer c ON c.id = p.target AND c.business_id = $1 AND c.erased_at IS NULL
WHERE p.row_no = ANY ($2::int[])`;

export const FAILED_OUTCOMES = [
  'email_conflict', 'phone_conflict', 'external_id_change', 'email_change', 'phone_change', 'too_many_tags',
  ...CONSENT_CHANNELS.map((ch) => `${ch}_consent_withdrawn`),
  ...ERASED_CHANNELS.map(([ch]) => `${ch}_consent_erased`),
];

/**
 * A suppression an erased person had comes back onto the list when an import
 * stores their address again ($1 business, $2 and $3 the padded keys).
 */
export const RESTORE_SUPPRESSIONS_SQL = `INSERT INTO suppression (business_id, channel, address, reason, source)
SELECT DISTINCT ON (e.channel, a.address) $1, e.channel, a.address, e.suppression_reason, e.suppression_source
FROM ${PLAN} p JOIN ${STAGE} s ON s.row_no = p.row_no
CROSS JOIN LATERAL (VALUES ('email', s.email), ('sms', s.phone)) a(channel, address)
JOIN erased_identity e ON e.business_id = $1 AND e.channel = a.channel AND e.identity_hash = ${identityHashSql('a.address', '$2', '$3')}
WHERE p.outcome IN ('insert', 'update') AND a.address IS NOT NULL AND e.suppression_reason IS NOT NULL
ON CONFLICT (business_id, channel, address) DO NOTHING`;

export const FAILURES_SQL = `SELECT row_no, outcome, target, by_external_id, by_email, by_phone, matched_external_id FROM ${PLAN}
WHERE outcome = ANY ($1) ORDER BY row_no LIMIT $2`;

export const MATCHES_SQL = `SELECT row_no, target, by_external_id, by_email, by_phone FROM ${PLAN}
WHERE outcome = 'update' ORDER BY row_no LIMIT $1`;
