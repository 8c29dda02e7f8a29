import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One name for an event's type (issue 17): segment `event` conditions and
 * campaign `event` triggers and goals say `eventType`, as events do (`type`
 * on POST /v1/events). `name` stays accepted on input as a deprecated alias,
 * rewritten before storing; this rewrites what was stored before.
 *
 * Only rule positions are walked: groups (all/any/not) of segment
 * definitions, and a campaign's trigger, goal, entry and branch step
 * conditions, so an update step's attribute values are never touched.
 */
export class EventTypeName1765800000000 implements MigrationInterface {
  name = 'EventTypeName1765800000000';

  private async rename(q: QueryRunner, from: string, to: string): Promise<void> {
    await q.query(`
      CREATE FUNCTION pg_temp.rename_event_key(j jsonb) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $fn$
      BEGIN
        IF jsonb_typeof(j) = 'array' THEN
          RETURN (SELECT coalesce(jsonb_agg(pg_temp.rename_event_key(v) ORDER BY i), '[]'::jsonb) FROM jsonb_array_elements(j) WITH ORDINALITY AS a(v, i));
        ELSIF jsonb_typeof(j) = 'object' THEN
          IF j->>'type' = 'event' AND j ? '${from}' AND NOT j ? '${to}' THEN
            j := (j - '${from}') || jsonb_build_object('${to}', j->'${from}');
          END IF;
          RETURN (SELECT coalesce(jsonb_object_agg(k, CASE WHEN k IN ('all', 'any', 'not', 'trigger', 'goal', 'entry', 'steps', 'condition')
                                                         THEN pg_temp.rename_event_key(v) ELSE v END), '{}'::jsonb)
                  FROM jsonb_each(j) AS e(k, v));
        END IF;
        RETURN j;
      END
      $fn$`);
    await q.query(`UPDATE segment SET definition = pg_temp.rename_event_key(definition) WHERE definition::text LIKE '%"event"%'`);
    await q.query(`UPDATE campaign_version SET definition = pg_temp.rename_event_key(definition) WHERE definition::text LIKE '%"event"%'`);
    await q.query(`DROP FUNCTION pg_temp.rename_event_key(jsonb)`);
  }

  async up(q: QueryRunner): Promise<void> {
    await this.rename(q, 'name', 'eventType');
  }

  async down(q: QueryRunner): Promise<void> {
    await this.rename(q, 'eventType', 'name');
  }
}
